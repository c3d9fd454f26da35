package arkui

import _ "embed"

// RuntimeSource is the headless ArkUI runtime (runtime.js): JavaScript
// that evaluates to a function returning {runtime, test}, the modules
// behind RuntimeModule and TestModule.
//
//go:embed runtime.js
var RuntimeSource string
