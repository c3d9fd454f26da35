// Package grading grades lab submissions: quizzes at once, code labs in the
// sandbox, external labs through runners.
//
// Code is graded by two sub-packages:
//
//   - jsrun transpiles a learner's ArkTS-compatible TypeScript together with
//     a lab's Hypium-shaped tests (esbuild) and runs them in a fresh goja
//     runtime with time, memory, output and stack limits. It runs learner
//     code in-process, so it must only ever be called inside a worker
//     process.
//   - sandbox owns those worker processes: WorkerMain is the body of the
//     hidden `ohtalent grade-worker` subcommand (OS resource limits, a JSON
//     line protocol), and Pool hands jobs to a set of reusable workers from
//     the API process, replacing any worker that dies or hangs.
package grading
