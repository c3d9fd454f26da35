package arkui

import "strings"

// builtinComponents are the ArkUI system components a build() may create
// by name. The runtime builds a node of this type for any of them; the few
// that hold input state (text fields, toggles, sliders...) also behave like
// their ArkUI counterparts under the test API. A name outside this list,
// the file's own structs and @Builder functions, and its imports is
// reported at compile time as an unknown component.
var builtinComponents = setOf(`
AlphabetIndexer Badge Blank Button Calendar CalendarPicker Canvas Checkbox
CheckboxGroup Circle Column ColumnSplit Component3D ContainerSpan Counter
DataPanel DatePicker Divider EffectComponent Ellipse EmbeddedComponent
FlowItem Flex FolderStack FormComponent FormLink Gauge Grid GridCol GridItem
GridRow Hyperlink Image ImageAnimator ImageSpan IndicatorComponent Line List
ListItem ListItemGroup LoadingProgress Marquee Menu MenuItem MenuItemGroup
NavDestination NavRouter Navigation Navigator NodeContainer Panel Particle
Path PatternLock PluginComponent Polygon Polyline Progress QRCode Radio
Rating Rect Refresh RelativeContainer RemoteWindow RichEditor RichText Row
RowSplit Scroll ScrollBar Search Select Shape SideBarContainer Slider Span
Stack Stepper StepperItem Swiper SymbolGlyph SymbolSpan TabContent Tabs Text
TextArea TextClock TextInput TextPicker TextTimer TimePicker Toggle
UIExtensionComponent Video WaterFlow Web WindowScene XComponent ContentSlot
LazyVGridLayout ArcList ArcListItem ArcSwiper ArcScrollBar ArcAlphabetIndexer
IsolatedComponent ToolBar ToolBarItem
`)

// ambientNames are the globals ArkTS provides to .ets files without an
// import: ArkUI's enums, resource helpers, global UI functions and
// controller classes. A transformed file receives the ones it mentions
// (and does not declare itself) from the runtime's `g` object; the runtime
// test checks that it defines every one.
var ambientNames = setOf(`
Alignment AnimationStatus AppStorage ArrowPointPosition Axis BarMode
BarPosition BarState BlendMode BlurStyle BorderStyle ButtonStyleMode
ButtonType CanvasRenderingContext2D CheckBoxShape Color ContentType
CopyOptions Curve CustomDialogController DialogAlignment Direction
DismissReason EdgeEffect EnterKeyType Environment FillMode FlexAlign
FlexDirection FlexWrap FontStyle FontWeight GestureGroup GestureMode
GradientDirection HitTestMode HorizontalAlign ImageFit ImageRepeat
ImageRenderMode ImageSize InputType ItemAlign KeyType KeySource LayoutDirection
LayoutSafeAreaEdge LayoutSafeAreaType LineBreakStrategy LineCapStyle
LineJoinStyle ListItemAlign ListItemStyle ListScroller LocalStorage
LongPressGesture MenuType ModalTransition MouseButton NavPathStack
NavigationMode NavigationTitleMode PanDirection PanGesture PanGestureOptions
PersistentStorage PinchGesture Placement PlayMode ProgressStatus ProgressStyle
ProgressType RenderingContextSettings ResponseType RotationGesture RouteType
SafeAreaEdge SafeAreaType ScrollAlign ScrollDirection ScrollState Scroller
SearchController SearchType ShadowStyle SheetSize SheetType SizeType
SliderChangeMode SliderStyle SlideEffect Sticky StickyStyle SwipeDirection
SwipeGesture SwiperController TabsController TapGesture TextAlign
TextAreaController TextCase TextDecorationStyle TextDecorationType
TextHeightAdaptivePolicy TextInputController TextInputStyle TextOverflow
ToggleType TouchType TransitionEdge TransitionEffect TransitionType
VerticalAlign VideoController Visibility WordBreak XComponentController
RichEditorController WebController animateTo
animateToImmediately getContext getUIContext px2vp vp2px fp2px px2fp lpx2px
px2lpx $r $rawfile postCardAction getInspectorByKey
`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
