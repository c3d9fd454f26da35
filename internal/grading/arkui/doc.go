// Package arkui lets the sandbox grade ArkUI code without a device: it
// rewrites ArkTS UI source (.ets: structs, decorators, the build() DSL)
// into TypeScript, and carries the headless ArkUI runtime that the
// rewritten code and lab tests run against.
//
// Transform works on tokens, so strings, template literals, comments and
// regular expressions are never mistaken for UI syntax, and it never adds
// or removes a line break: errors from the transform, from esbuild and at
// run time all point at the learner's own line and column (through Output
// and an inline source map that esbuild composes into the bundle's).
//
// The runtime (runtime.js, see its header for the state rules it follows)
// is plain JavaScript evaluated inside the grading sandbox; jsrun loads it
// when a learner file or a test imports RuntimeModule or TestModule.
package arkui
