// What the lab page may do with the (lazily loaded) code editor. Kept apart
// from CodeEditor.vue so that importing the type does not pull CodeMirror
// into the page's own chunk.

export interface CodeEditorApi {
  /** Shows `file`, puts the cursor at 1-based line and column, and focuses the editor. */
  goTo(file: string, line: number, column: number): void
  focus(): void
}
