// Small status helpers for the cohort console, shared by views and unit tests.
import type { ApiKey, ApiScope, CohortStudentProgress, CohortTrackProgress, RosterEncoding } from '../api/types'

/** Where a student stands in one track. */
export type ProgressState = 'certified' | 'eligible' | 'inProgress' | 'notStarted'

export function progressState(p: CohortTrackProgress): ProgressState {
  if (p.credentialId && p.credentialStatus === 'active') return 'certified'
  if (p.certificateEligible) return 'eligible'
  if (p.labsPassed > 0 || p.scorePercent > 0 || p.percent > 0) return 'inProgress'
  return 'notStarted'
}

/** The badge class that goes with a state. */
export function progressBadge(s: ProgressState): string {
  switch (s) {
    case 'certified':
      return 'badge--ok'
    case 'eligible':
      return 'badge--accent'
    case 'inProgress':
      return 'badge--info'
    default:
      return 'badge--muted'
  }
}

export interface TrackSummaryCounts {
  track: string
  students: number
  eligible: number
  certified: number
}

/** Per track: how many students, how many eligible (certified included), how many certified. */
export function summarizeProgress(items: readonly CohortStudentProgress[], tracks: readonly string[]): TrackSummaryCounts[] {
  return tracks.map((track) => {
    let students = 0
    let eligible = 0
    let certified = 0
    for (const s of items) {
      const p = s.tracks.find((x) => x.track === track)
      if (!p) continue
      students++
      const st = progressState(p)
      if (st === 'certified') certified++
      if (st === 'certified' || p.certificateEligible) eligible++
    }
    return { track, students, eligible, certified }
  })
}

/** i18n key segment of a scope (message keys avoid the colon). */
export function scopeKey(s: ApiScope): 'rosterRead' | 'rosterWrite' | 'progressRead' {
  switch (s) {
    case 'roster:read':
      return 'rosterRead'
    case 'roster:write':
      return 'rosterWrite'
    default:
      return 'progressRead'
  }
}

/** i18n key segment of an encoding (message keys avoid the hyphen). */
export function encodingKey(e: RosterEncoding): 'auto' | 'utf8' | 'gbk' | 'gb18030' {
  return e === 'utf-8' ? 'utf8' : e
}

/** Active keys first (newest first), then revoked ones (newest revocation first). */
export function sortApiKeys(keys: readonly ApiKey[]): ApiKey[] {
  return [...keys].sort((a, b) => {
    if (!a.revokedAt !== !b.revokedAt) return a.revokedAt ? 1 : -1
    const ka = a.revokedAt ?? a.createdAt
    const kb = b.revokedAt ?? b.createdAt
    return kb.localeCompare(ka)
  })
}

/** Why a new password would be refused (the server's rules), or null when it is fine. */
export function passwordProblem(pw: string): 'tooShort' | 'tooLong' | 'onlySpaces' | null {
  if ([...pw].length < 8) return 'tooShort'
  if (new TextEncoder().encode(pw).length > 256) return 'tooLong'
  if (pw.trim() === '') return 'onlySpaces'
  return null
}
