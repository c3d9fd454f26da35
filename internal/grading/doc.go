// Package grading groups the code-grading engine of ohtalent.
//
// Two sub-packages do the work:
//
//   - jsrun transpiles a learner's ArkTS-compatible TypeScript together with
//     a lab's Hypium-shaped tests (esbuild) and runs them in a fresh goja
//     runtime with time, memory, output and stack limits. It runs student
//     code in-process, so it must only ever be called inside a worker
//     process.
//   - sandbox owns those worker processes: WorkerMain is the body of the
//     hidden `ohtalent grade-worker` subcommand (OS resource limits, a JSON
//     line protocol), and Pool hands jobs to a set of reusable workers from
//     the API process, replacing any worker that dies or hangs.
package grading
