// Drafts of lab files, kept in localStorage per lab so that a reload, a
// sign-in or a later visit picks up where the learner stopped.

const PREFIX = 'oht.labDraft.'

interface StoredDraft {
  files: Record<string, string>
  savedAt: number
}

function key(lab: string): string {
  return PREFIX + lab
}

/** The saved draft of `lab`, limited to `names`; null when there is none. */
export function loadDraft(lab: string, names: readonly string[]): Record<string, string> | null {
  try {
    const raw = window.localStorage.getItem(key(lab))
    if (!raw) return null
    const parsed = JSON.parse(raw) as Partial<StoredDraft>
    if (!parsed.files || typeof parsed.files !== 'object') return null
    const out: Record<string, string> = {}
    for (const name of names) {
      const v = (parsed.files as Record<string, unknown>)[name]
      if (typeof v === 'string') out[name] = v
    }
    return Object.keys(out).length ? out : null
  } catch {
    return null
  }
}

/** Saves a draft; reports whether storage took it. */
export function saveDraft(lab: string, files: Record<string, string>): boolean {
  try {
    const value: StoredDraft = { files, savedAt: Date.now() }
    window.localStorage.setItem(key(lab), JSON.stringify(value))
    return true
  } catch {
    return false // storage full or unavailable: the editor still works
  }
}

export function clearDraft(lab: string): void {
  try {
    window.localStorage.removeItem(key(lab))
  } catch {
    // storage unavailable
  }
}
