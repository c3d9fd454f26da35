package arkui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ohtalent/ohtalent/internal/grading/jsrun"
)

// These tests run ArkTS components and Hypium tests through jsrun exactly
// as a lab grading does, one decorator (or runtime rule) at a time.

func TestStateRerendersOnAssignment(t *testing.T) {
	res := grade(t, `
class Point { x: number = 0; inner: Point | null = null }

@Entry
@Component
export struct Counter {
  @State count: number = 0
  @State point: Point = new Point()
  @State items: string[] = ['a']

  build() {
    Column({ space: 8 }) {
      Text(´${this.count}´).id('count')
      Text(´x=${this.point.x}´).id('x')
      Text(this.point.inner === null ? 'no inner' : ´inner=${this.point.inner.x}´).id('inner')
      Text(this.items.join(',')).id('items')
      Button('Add').onClick(() => { this.count++ })
      Button('MoveX').onClick(() => { this.point.x = 5 })
      Button('Nest').onClick(() => { this.point.inner = new Point() })
      Button('Deep').onClick(() => { if (this.point.inner !== null) { this.point.inner.x = 9 } })
      Button('Push').onClick(() => { this.items.push('b') })
      Button('Same').onClick(() => { this.count = this.count })
    }
  }
}`, `
import { Counter } from './Index';
describe('@State', () => {
  it('re-renders on assignment', 0, () => {
    const ui = render(Counter);
    expect(ui.findById('count').text).assertEqual('0');
    ui.click(ui.findByText('Add'));
    ui.click(ui.findByText('Add'));
    expect(ui.findById('count').text).assertEqual('2');
  });
  it('observes first-level properties of an object', 0, () => {
    const ui = render(Counter);
    ui.click(ui.findByText('MoveX'));
    expect(ui.findById('x').text).assertEqual('x=5');
  });
  it('does not observe a second level', 0, () => {
    const ui = render(Counter);
    ui.click(ui.findByText('Nest'));
    expect(ui.findById('inner').text).assertEqual('inner=0');
    ui.click(ui.findByText('Deep'));
    // ArkUI does not see point.inner.x change: the screen keeps 0.
    expect(ui.findById('inner').text).assertEqual('inner=0');
    expect(ui.component.point.inner.x).assertEqual(9);
  });
  it('observes array mutation', 0, () => {
    const ui = render(Counter);
    ui.click(ui.findByText('Push'));
    expect(ui.findById('items').text).assertEqual('a,b');
  });
  it('keeps node identity across re-renders', 0, () => {
    const ui = render(Counter);
    const count = ui.findById('count');
    ui.click(ui.findByText('Add'));
    expect(count.text).assertEqual('1');
    expect(count.attached).assertTrue();
  });
});`)
	allPass(t, res)
}

func TestPropIsAOneWayCopy(t *testing.T) {
	res := grade(t, `
class Book { title: string = ''; pages: number = 0 }

@Component
export struct Child {
  @Prop value: number = 0
  @Prop book: Book = new Book()
  build() {
    Column() {
      Text(´child=${this.value}´).id('child')
      Text(this.book.title).id('title')
      Button('ChildInc').onClick(() => { this.value++ })
      Button('Rename').onClick(() => { this.book.title = 'changed' })
    }
  }
}

@Entry
@Component
export struct Parent {
  @State value: number = 1
  @State book: Book = { title: 'orig', pages: 10 }
  @State other: number = 0
  build() {
    Column() {
      Text(´parent=${this.value}´).id('parent')
      Text(this.book.title).id('ptitle')
      Child({ value: this.value, book: this.book })
      Button('ParentInc').onClick(() => { this.value += 10 })
      Button('Other').onClick(() => { this.other++ })
    }
  }
}`, `
import { Parent, Child } from './Index';
describe('@Prop', () => {
  it('starts as the parent value', 0, () => {
    const ui = render(Parent);
    expect(ui.findById('child').text).assertEqual('child=1');
  });
  it('a local change does not write back', 0, () => {
    const ui = render(Parent);
    ui.click(ui.findByText('ChildInc'));
    expect(ui.findById('child').text).assertEqual('child=2');
    expect(ui.findById('parent').text).assertEqual('parent=1');
  });
  it('an unrelated parent re-render keeps the local change', 0, () => {
    const ui = render(Parent);
    ui.click(ui.findByText('ChildInc'));
    ui.click(ui.findByText('Other'));
    expect(ui.findById('child').text).assertEqual('child=2');
  });
  it('a parent change overwrites the local copy', 0, () => {
    const ui = render(Parent);
    ui.click(ui.findByText('ChildInc'));
    ui.click(ui.findByText('ParentInc'));
    expect(ui.findById('child').text).assertEqual('child=11');
  });
  it('objects are deep-copied', 0, () => {
    const ui = render(Parent);
    ui.click(ui.findByText('Rename'));
    expect(ui.findById('title').text).assertEqual('changed');
    expect(ui.findById('ptitle').text).assertEqual('orig');
  });
  it('a test can drive a @Prop from its own state', 0, () => {
    const v = state(5);
    const ui = render(Child, { value: v });
    expect(ui.findById('child').text).assertEqual('child=5');
    v.value = 7;
    expect(ui.findById('child').text).assertEqual('child=7');
  });
});`)
	allPass(t, res)
}

const linkSource = `
@Component
export struct Child {
  @Link count: number
  build() {
    Row() {
      Text(´child=${this.count}´).id('child')
      Button('ChildInc').onClick(() => { this.count++ })
    }
  }
}

@Entry
@Component
export struct Parent {
  @State count: number = 0
  build() {
    Column() {
      Text(´parent=${this.count}´).id('parent')
      Child({ count: $count })
      Child({ count: this.count })
      Button('ParentInc').onClick(() => { this.count += 10 })
    }
  }
}`

func TestLinkIsTwoWay(t *testing.T) {
	res := grade(t, linkSource, `
import { Parent, Child } from './Index';
describe('@Link', () => {
  it('writes back to the parent, with $count and this.count', 0, () => {
    const ui = render(Parent);
    const buttons = ui.findAllByText('ChildInc');
    buttons[0].click();
    expect(ui.findById('parent').text).assertEqual('parent=1');
    buttons[1].click();
    expect(ui.findById('parent').text).assertEqual('parent=2');
    expect(ui.findAllById('child').map((n) => n.text)).assertDeepEquals(['child=2', 'child=2']);
  });
  it('follows the parent', 0, () => {
    const ui = render(Parent);
    ui.click(ui.findByText('ParentInc'));
    expect(ui.findAllById('child')[1].text).assertEqual('child=10');
  });
  it('binds to test state', 0, () => {
    const count = state(3);
    const ui = render(Child, { count: count });
    ui.click(ui.findByText('ChildInc'));
    expect(count.value).assertEqual(4);
  });
  it('refuses a plain value', 0, () => {
    render(Child, { count: 3 });
  });
});`)
	for _, tr := range res.Tests[:3] {
		if !tr.Passed {
			t.Errorf("%s: %s", tr.Name, tr.Message)
		}
	}
	msg := failure(t, res, "refuses a plain value")
	if !strings.Contains(msg, "@Link count of Child must be given a state variable of its parent") {
		t.Errorf("message: %s", msg)
	}
}

func TestProvideConsume(t *testing.T) {
	res := grade(t, `
@Component
struct Leaf {
  @Consume theme: string
  @Consume('size') fontSize: number
  build() {
    Column() {
      Text(this.theme).id('leaf').fontSize(this.fontSize)
      Button('Dark').onClick(() => { this.theme = 'dark' })
    }
  }
}

@Component
struct Middle {
  build() { Column() { Leaf() } }
}

@Entry
@Component
export struct Root {
  @Provide theme: string = 'light'
  @Provide('size') size: number = 14
  build() {
    Column() {
      Text(this.theme).id('root')
      Middle()
      Button('Big').onClick(() => { this.size = 20 })
    }
  }
}

@Entry
@Component
export struct Orphan {
  build() { Column() { Leaf() } }
}`, `
import { Root, Orphan } from './Index';
describe('@Provide/@Consume', () => {
  it('reaches a grandchild by name and by alias', 0, () => {
    const ui = render(Root);
    expect(ui.findById('leaf').text).assertEqual('light');
    expect(ui.findById('leaf').attr('fontSize')).assertEqual(14);
    ui.click(ui.findByText('Big'));
    expect(ui.findById('leaf').attr('fontSize')).assertEqual(20);
  });
  it('is two-way', 0, () => {
    const ui = render(Root);
    ui.click(ui.findByText('Dark'));
    expect(ui.findById('root').text).assertEqual('dark');
    expect(ui.findById('leaf').text).assertEqual('dark');
  });
  it('without a provider', 0, () => {
    render(Orphan);
  });
});`)
	if !res.Tests[0].Passed || !res.Tests[1].Passed {
		t.Fatalf("%+v", res.Tests)
	}
	if msg := failure(t, res, "without a provider"); !strings.Contains(msg, "@Consume('theme') theme of Leaf found no @Provide('theme') in its ancestors") {
		t.Errorf("message: %s", msg)
	}
}

func TestObservedAndObjectLink(t *testing.T) {
	res := grade(t, `
@Observed
export class Task {
  title: string
  done: boolean = false
  constructor(title: string) { this.title = title }
}

class Plain { title: string = 'plain' }

@Component
struct TaskRow {
  @ObjectLink task: Task
  build() {
    Row() {
      Text(this.task.title + (this.task.done ? ' (done)' : '')).id('row')
      Button('Done').onClick(() => { this.task.done = true })
      Button('Replace').onClick(() => { this.task = new Task('x') })
    }
  }
}

@Entry
@Component
export struct List1 {
  @State tasks: Task[] = [new Task('a')]
  build() {
    Column() {
      Text(this.tasks[0].done ? 'parent sees done' : 'parent sees open').id('parent')
      ForEach(this.tasks, (t: Task) => { TaskRow({ task: t }) }, (t: Task) => t.title)
    }
  }
}

@Component
export struct PlainRow {
  @ObjectLink task: Plain
  build() { Text(this.task.title) }
}

@Entry
@Component
export struct PlainHost {
  @State p: Plain = new Plain()
  build() { Column() { PlainRow({ task: this.p }) } }
}`, `
import { List1, PlainHost } from './Index';
describe('@Observed/@ObjectLink', () => {
  it('the child sees a nested change', 0, () => {
    const ui = render(List1);
    ui.click(ui.findByText('Done'));
    expect(ui.findById('row').text).assertEqual('a (done)');
    // the parent holds the array, not the task: it is not re-rendered
    expect(ui.findById('parent').text).assertEqual('parent sees open');
  });
  it('cannot be assigned', 0, () => {
    const ui = render(List1);
    ui.click(ui.findByText('Replace'));
  });
  it('needs an @Observed object', 0, () => {
    render(PlainHost);
  });
});`)
	if !res.Tests[0].Passed {
		t.Fatalf("%+v", res.Tests[0])
	}
	if msg := failure(t, res, "cannot be assigned"); !strings.Contains(msg, "@ObjectLink task of TaskRow cannot be assigned") || !strings.Contains(msg, "Index.ets:") {
		t.Errorf("message: %s", msg)
	}
	if msg := failure(t, res, "needs an @Observed object"); !strings.Contains(msg, "is the class decorated with @Observed?") {
		t.Errorf("message: %s", msg)
	}
}

func TestWatch(t *testing.T) {
	res := grade(t, `
@Component
export struct Child {
  @Link @Watch('onLink') value: number
  @Prop @Watch('onProp') copy: number = 0
  log: string[] = []
  onLink(name: string) { this.log.push('link:' + name + '=' + this.value) }
  onProp(name: string) { this.log.push('prop:' + name + '=' + this.copy) }
  build() { Text(this.log.join(' ')).id('childlog') }
}

@Entry
@Component
export struct Host {
  @State @Watch('onCount') count: number = 0
  @State total: number = 0
  calls: string[] = []
  onCount(name: string) {
    this.calls.push(name)
    this.total = this.count * 2
  }
  build() {
    Column() {
      Text(´${this.total}´).id('total')
      Child({ value: $count, copy: this.count })
      Button('Inc').onClick(() => { this.count++ })
      Button('Same').onClick(() => { this.count = this.count })
    }
  }
}

@Entry
@Component
export struct Loop {
  @State @Watch('bump') n: number = 0
  bump() { this.n++ }
  build() { Button('Go').onClick(() => { this.n = 1 }) }
}`, `
import { Host, Loop } from './Index';
describe('@Watch', () => {
  it('fires after a change with the property name, not at first render', 0, () => {
    const ui = render(Host);
    expect(ui.component.calls.length).assertEqual(0);
    ui.click(ui.findByText('Inc'));
    expect(ui.component.calls).assertDeepEquals(['count']);
    expect(ui.findById('total').text).assertEqual('2');
  });
  it('does not fire when the value is the same', 0, () => {
    const ui = render(Host);
    ui.click(ui.findByText('Same'));
    expect(ui.component.calls.length).assertEqual(0);
  });
  it('fires on a @Link and a @Prop changed by the parent', 0, () => {
    const ui = render(Host);
    ui.click(ui.findByText('Inc'));
    const child = ui.findByType('Child').component;
    expect(child.log).assertDeepEquals(['link:value=1', 'prop:copy=1']);
  });
  it('a loop is reported', 0, () => {
    const ui = render(Loop);
    ui.click(ui.findByText('Go'));
  });
});`)
	for _, tr := range res.Tests[:3] {
		if !tr.Passed {
			t.Errorf("%s: %s", tr.Name, tr.Message)
		}
	}
	if msg := failure(t, res, "a loop is reported"); !strings.Contains(msg, "@Watch loop") {
		t.Errorf("message: %s", msg)
	}
}

func TestForEachKeysAndIfBranches(t *testing.T) {
	res := grade(t, `
@Component
struct Item {
  @Prop label: string = ''
  @State clicks: number = 0
  aboutToDisappear() { gone.push(this.label) }
  build() {
    Row() {
      Text(this.label + ':' + this.clicks).id('item-' + this.label)
      Button('hit ' + this.label).onClick(() => { this.clicks++ })
    }
  }
}

export const gone: string[] = []

@Entry
@Component
export struct Board {
  @State names: string[] = ['a', 'b', 'c']
  @State show: boolean = true
  build() {
    Column() {
      ForEach(this.names, (n: string) => { Item({ label: n }) }, (n: string) => n)
      if (this.show) {
        Item({ label: 'x' })
      } else {
        Item({ label: 'y' })
      }
      Button('Reverse').onClick(() => { this.names.reverse() })
      Button('DropB').onClick(() => { this.names = this.names.filter((n: string) => n !== 'b') })
      Button('Switch').onClick(() => { this.show = !this.show })
      Button('Dup').onClick(() => { this.names = ['a', 'a'] })
    }
  }
}`, `
import { Board, gone } from './Index';
describe('ForEach and if/else', () => {
  it('keys keep each item component with its state', 0, () => {
    const ui = render(Board);
    ui.click(ui.findByText('hit b'));
    ui.click(ui.findByText('Reverse'));
    expect(ui.findAllByType('Item').map((n) => n.children[0].children[0].text)).assertDeepEquals(['c:0', 'b:1', 'a:0', 'x:0']);
  });
  it('a removed key destroys its component', 0, () => {
    const ui = render(Board);
    ui.click(ui.findByText('DropB'));
    expect(gone).assertContain('b');
    expect(ui.queryById('item-b')).assertNull();
  });
  it('switching branches replaces the component', 0, () => {
    const ui = render(Board);
    ui.click(ui.findByText('hit x'));
    ui.click(ui.findByText('Switch'));
    expect(ui.findById('item-y').text).assertEqual('y:0');
    ui.click(ui.findByText('Switch'));
    expect(ui.findById('item-x').text).assertEqual('x:0');
  });
  it('duplicate keys render once and warn', 0, () => {
    const ui = render(Board);
    ui.click(ui.findByText('Dup'));
    expect(ui.findAllById('item-a').length).assertEqual(1);
    expect(ui.warnings.length > 0).assertTrue();
  });
});`)
	allPass(t, res)
}

func TestBuildersStylesAndBuilderParam(t *testing.T) {
	res := grade(t, `
@Builder
function badge(label: string) {
  Text('[' + label + ']').id('badge')
}

@Styles
function card() {
  .padding(8)
  .borderRadius(4)
}

@Extend(Text)
function title(size: number) {
  .fontSize(size)
  .fontWeight(FontWeight.Bold)
}

@Component
struct Panel {
  @BuilderParam content: () => void
  build() { Column() { this.content() }.id('panel') }
}

@Entry
@Component
export struct Page {
  @State name: string = 'A'
  @Builder header(t: string) { Text('# ' + t).id('header').title(24) }
  @Styles pressed() { .opacity(0.5) }
  build() {
    Column() {
      this.header(this.name)
      badge(this.name)
      Text('styled').id('styled').card().pressed()
      Panel() {
        Text('inside ' + this.name).id('inside')
      }
      Button('Rename').onClick(() => { this.name = 'B' })
    }
  }
}`, `
import { Page, Color, FontWeight } from './Index';
import { FontWeight as FW } from '@ohos/arkui-test';
describe('@Builder, @Styles, @Extend, @BuilderParam', () => {
  it('builders render and follow state', 0, () => {
    const ui = render(Page);
    expect(ui.findById('header').text).assertEqual('# A');
    expect(ui.findById('badge').text).assertEqual('[A]');
    ui.click(ui.findByText('Rename'));
    expect(ui.findById('header').text).assertEqual('# B');
    expect(ui.findById('badge').text).assertEqual('[B]');
    expect(ui.findById('inside').text).assertEqual('inside B');
    expect(ui.findById('inside').parent.id).assertEqual('panel');
  });
  it('styles and extends set attributes', 0, () => {
    const ui = render(Page);
    const s = ui.findById('styled');
    expect(s.attr('padding')).assertEqual(8);
    expect(s.attr('borderRadius')).assertEqual(4);
    expect(s.attr('opacity')).assertEqual(0.5);
    expect(ui.findById('header').attr('fontSize')).assertEqual(24);
    expect(ui.findById('header').attr('fontWeight')).assertEqual(FW.Bold);
  });
});`)
	// Importing Color from './Index' is a test-file mistake on purpose:
	// names that the .ets file does not export are undefined, not errors.
	allPass(t, res)
}

func TestInputs(t *testing.T) {
	res := grade(t, `
@Entry
@Component
export struct Form {
  @State name: string = ''
  @State bound: string = 'start'
  @State on: boolean = false
  @State agree: boolean = false
  @State level: number = 10
  @State submitted: string = ''
  build() {
    Column() {
      TextInput({ placeholder: 'Name', text: this.name }).id('name')
        .onChange((v: string) => { this.name = v })
        .onSubmit(() => { this.submitted = this.name })
      TextInput({ placeholder: 'Bound', text: $$this.bound }).id('bound')
      Toggle({ type: ToggleType.Switch, isOn: this.on }).id('toggle')
        .onChange((v: boolean) => { this.on = v })
      Checkbox({ name: 'agree' }).select(this.agree).id('agree')
        .onChange((v: boolean) => { this.agree = v })
      Slider({ value: this.level, min: 0, max: 50 }).id('level')
        .onChange((v: number) => { this.level = v })
      Text(´${this.name}|${this.bound}|${this.on}|${this.agree}|${this.level}|${this.submitted}´).id('out')
      Button('Save').enabled(this.agree).onClick(() => { this.submitted = 'saved' })
    }
  }
}`, `
import { Form } from './Index';
describe('inputs', () => {
  it('type, toggle, check, slide, submit', 0, () => {
    const ui = render(Form);
    ui.type(ui.findByPlaceholder('Name'), 'Ann');
    ui.findById('bound').input('two-way');
    ui.click(ui.findById('toggle'));
    ui.findById('agree').toggle(true);
    ui.findById('level').slide(80);
    ui.submit(ui.findById('name'));
    expect(ui.findById('out').text).assertEqual('Ann|two-way|true|true|50|Ann');
    expect(ui.findById('name').value).assertEqual('Ann');
    expect(ui.findById('level').value).assertEqual(50);
  });
  it('a disabled button ignores clicks', 0, () => {
    const ui = render(Form);
    expect(ui.findByText('Save').enabled).assertFalse();
    expect(ui.click(ui.findByText('Save'))).assertFalse();
    expect(ui.findById('out').text).assertEqual('|start|false|false|10|');
  });
  it('clicking text without a handler says so', 0, () => {
    const ui = render(Form);
    ui.click(ui.findById('out'));
  });
});`)
	if !res.Tests[0].Passed || !res.Tests[1].Passed {
		t.Fatalf("%+v", res.Tests)
	}
	if msg := failure(t, res, "clicking text without a handler says so"); !strings.Contains(msg, "nothing happens when Text#out") {
		t.Errorf("message: %s", msg)
	}
}

func TestLazyForEachAndAppStorage(t *testing.T) {
	res := grade(t, `
class Source implements IDataSource {
  private items: string[] = ['r1', 'r2']
  private listeners: DataChangeListener[] = []
  totalCount(): number { return this.items.length }
  getData(i: number): string { return this.items[i] }
  registerDataChangeListener(l: DataChangeListener): void { this.listeners.push(l) }
  unregisterDataChangeListener(l: DataChangeListener): void {}
  add(s: string) { this.items.push(s); this.listeners.forEach((l: DataChangeListener) => l.onDataAdd(this.items.length - 1)) }
}

@Entry
@Component
export struct Feed {
  private source: Source = new Source()
  @StorageLink('user') user: string = 'guest'
  build() {
    Column() {
      Text('user ' + this.user).id('user')
      List() {
        LazyForEach(this.source, (s: string) => { ListItem() { Text(s) } }, (s: string) => s)
      }
      Button('More').onClick(() => { this.source.add('r3') })
      Button('Login').onClick(() => { AppStorage.set('user', 'ann') })
    }
  }
}`, `
import { Feed } from './Index';
describe('LazyForEach and AppStorage', () => {
  it('renders every item and follows data changes', 0, () => {
    const ui = render(Feed);
    expect(ui.findAllByType('ListItem').length).assertEqual(2);
    ui.click(ui.findByText('More'));
    expect(ui.texts()).assertContain('r3');
  });
  it('@StorageLink follows AppStorage', 0, () => {
    const ui = render(Feed);
    expect(ui.findById('user').text).assertEqual('user guest');
    ui.click(ui.findByText('Login'));
    expect(ui.findById('user').text).assertEqual('user ann');
  });
});`)
	allPass(t, res)
}

func TestBadUICode(t *testing.T) {
	res := grade(t, `
@Entry
@Component
export struct Loopy {
  @State n: number = 0
  build() {
    Column() {
      Text(´${this.n++}´)
    }
  }
}

@Component
export struct Forever {
  build() {
    Column() { Forever() }
  }
}

@Entry
@Component
export struct Huge {
  items: number[] = Array.from({ length: 30000 }, (_: number, i: number) => i)
  build() {
    Column() { ForEach(this.items, (i: number) => { Text(String(i)) }) }
  }
}`, `
import { Loopy, Forever, Huge } from './Index';
describe('bad UI code', () => {
  it('state changed in build', 0, () => { render(Loopy); });
  it('endless recursion', 0, () => { render(Forever); });
  it('too many nodes', 0, () => { render(Huge); });
});`)
	if msg := failure(t, res, "state changed in build"); !strings.Contains(msg, "state changed during build() of Loopy: this.n was changed") || !strings.Contains(msg, "(Index.ets:8:") {
		t.Errorf("message: %s", msg)
	}
	if msg := failure(t, res, "endless recursion"); !strings.Contains(msg, "more than 200 levels deep") || !strings.Contains(msg, "(Index.ets:") {
		t.Errorf("message: %s", msg)
	}
	if msg := failure(t, res, "too many nodes"); !strings.Contains(msg, "more than 20000 components") {
		t.Errorf("message: %s", msg)
	}
}

func TestBuildLoopHitsTheTimeLimit(t *testing.T) {
	res := jsrun.Run(jsrun.Job{
		Files: []jsrun.File{{Name: "Index.ets", Source: `
@Entry
@Component
export struct Spin {
  build() {
    Column() {
      ForEach([1], (i: number) => { while (true) {} })
    }
  }
}`}},
		Tests:     []jsrun.TestFile{{Name: "t.test.ts", Source: testImports + `import { Spin } from './Index'; it('spins', 0, () => { render(Spin); });`}},
		TimeLimit: 300 * time.Millisecond,
	})
	if res.Verdict != jsrun.VerdictTimeLimitExceeded {
		t.Fatalf("verdict %s: %s", res.Verdict, res.Error)
	}
}

func TestCompileErrorsPointAtTheLearnersText(t *testing.T) {
	cases := []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"unknown component", "@Entry\n@Component\nstruct A {\n  build() {\n    Column() {\n      Colum() { Text('x') }\n    }\n  }\n}\n", 6, 7, "unknown component Colum (did you mean Column?)"},
		{"syntax error in an argument", "@Entry\n@Component\nstruct A {\n  build() {\n    Column() {\n      Text('x').fontSize(12); Text(1 +)\n    }\n  }\n}\n", 6, 39, `Unexpected ")"`},
		{"unterminated string", "@Entry\n@Component\nstruct A {\n  build() {\n    Text('abc)\n  }\n}\n", 5, 10, "unterminated string literal"},
		{"unclosed brace", "@Entry\n@Component\nstruct A {\n  build() {\n    Column() {\n  }\n}\n", 3, 10, "'{' is never closed"},
		{"no build", "@Component\nstruct A {\n  @State x: number = 0\n}\n", 2, 8, "struct A has no build() method"},
		{"bad decorator", "@Component\nstruct A {\n  @Stat x: number = 0\n  build() { Text('') }\n}\n", 3, 3, "@Stat cannot decorate a struct field"},
		{"a plain function in build", "function helper() {}\n@Component\nstruct A {\n  build() { Column() { helper() } }\n}\n", 4, 24, "helper is not a component"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := grade(t, c.src, `it('x', 0, () => {});`)
			if res.Verdict != jsrun.VerdictCompileError || len(res.Diagnostics) == 0 {
				t.Fatalf("verdict %s %+v", res.Verdict, res.Diagnostics)
			}
			d := res.Diagnostics[0]
			if d.File != "Index.ets" || d.Line != c.line || d.Column != c.col || !strings.Contains(d.Message, c.msg) {
				t.Errorf("got %s:%d:%d %q, want Index.ets:%d:%d %q", d.File, d.Line, d.Column, d.Message, c.line, c.col, c.msg)
			}
		})
	}
}

func TestRuntimeErrorsPointAtTheLearnersText(t *testing.T) {
	res := grade(t, "@Entry\n@Component\nexport struct Boom {\n  @State user: string[] = []\n  build() {\n    Column({ space: 4 }) {\n      Text('x').fontSize(12); Text(this.user[0].toUpperCase())\n    }\n  }\n}\n",
		`import { Boom } from './Index'; it('boom', 0, () => { render(Boom); });`)
	if msg := failure(t, res, "boom"); !strings.Contains(msg, "(Index.ets:7:") {
		t.Errorf("message: %s", msg)
	}
}

func TestQueryFailuresAreReadable(t *testing.T) {
	res := grade(t, `
@Entry
@Component
export struct Small {
  build() { Column() { Text('0').id('value'); Button('Add') } }
}`, `
import { Small } from './Index';
it('text', 0, () => { render(Small).findByText('1'); });
it('id', 0, () => { render(Small).findById('inc'); });
it('type', 0, () => { render(Small).findByType('Toggle'); });
it('not a component', 0, () => { render(() => {}); });`)
	want := map[string]string{
		"text":            "no node with text '1'; texts on screen: '0', 'Add'",
		"id":              "no node with id 'inc' (set with .id('inc')); ids on screen: 'value'",
		"type":            "no Toggle on screen; types on screen: Column, Text, Button",
		"not a component": "render() needs a component",
	}
	for name, w := range want {
		if msg := failure(t, res, name); !strings.Contains(msg, w) {
			t.Errorf("%s: %q does not contain %q", name, msg, w)
		}
	}
}

func TestStudentCannotReachTheTestAPI(t *testing.T) {
	res := grade(t, "import { render } from '@ohos/arkui-test';\nexport const r = render;\n", `it('x', 0, () => {});`)
	if res.Verdict != jsrun.VerdictCompileError || !strings.Contains(res.Diagnostics[0].Message, "can only be imported by test files") {
		t.Fatalf("%s %+v", res.Verdict, res.Diagnostics)
	}
}

func TestRerenderLoopIsReported(t *testing.T) {
	res := grade(t, `
@Entry
@Component
export struct Flicker {
  @State n: number = 0
  build() {
    Column() {
      if (this.n % 2 === 0) {
        Text('even').onAppear(() => { this.n++ })
      } else {
        Text('odd').onAppear(() => { this.n++ })
      }
    }
  }
}`, `import { Flicker } from './Index'; it('flicker', 0, () => { render(Flicker); });`)
	if msg := failure(t, res, "flicker"); !strings.Contains(msg, "re-render loop: Flicker was re-rendered 2000 times") {
		t.Errorf("message: %s", msg)
	}
}

func TestStudentCannotTamperWithTheRuntime(t *testing.T) {
	res := grade(t, `
import * as rt from '@ohos/arkui-runtime';
const attempts: string[] = [];
function attempt(name: string, f: () => void) {
  try { f(); attempts.push(name + ': changed'); } catch (e) { attempts.push(name + ': refused'); }
}
attempt('enum member', () => { (Color as Record<string, string>)['Red'] = 'Color.Black'; });
attempt('enum define', () => { Object.defineProperty(Color, 'Green', { value: 'Color.Black' }); });
attempt('runtime g', () => { (rt.g as Record<string, Object>)['Color'] = {}; });
const loose = rt as unknown as Record<string, Object>;
attempt('runtime c', () => { loose['c'] = () => {}; });
export const report = attempts;

@Entry
@Component
export struct Page {
  build() { Text('x').fontColor(Color.Red).id('x') }
}`, `
import { Page, report } from './Index';
import { Color } from '@ohos/arkui-test';
it('tampering is refused', 0, () => {
  expect(report).assertDeepEquals(['enum member: refused', 'enum define: refused', 'runtime g: refused', 'runtime c: refused']);
  expect(Color.Red).assertEqual('Color.Red');
  expect(Color.Green).assertEqual('Color.Green');
  expect(render(Page).findById('x').attr('fontColor')).assertEqual('Color.Red');
});`)
	allPass(t, res)
}
