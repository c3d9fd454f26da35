// The audit log screen's pure logic: action groups, the filter as the page
// address holds it and as the API takes it, and details as one line.
// Shared by the view and unit tests.
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditAction, type AuditQuery, type AuditTargetType } from '../api/audit'

/** Actions grouped by their first segment, in the order the filter offers them. */
export const AUDIT_GROUPS = ['auth', 'api_key', 'org', 'roster', 'credential', 'talent', 'training'] as const
export type AuditGroup = (typeof AUDIT_GROUPS)[number]

export function isAuditAction(a: string): a is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(a)
}

export function isAuditTargetType(t: string): t is AuditTargetType {
  return (AUDIT_TARGET_TYPES as readonly string[]).includes(t)
}

/** The group of an action (or of a group filter such as credential.*), or null. */
export function auditGroup(action: string): AuditGroup | null {
  const g = action.split('.')[0] ?? ''
  return (AUDIT_GROUPS as readonly string[]).includes(g) ? (g as AuditGroup) : null
}

/** The filter value that matches every action of a group: the API's prefix form. */
export function groupFilter(g: AuditGroup): string {
  return `${g}.*`
}

/**
 * What an organization's log holds (GET /orgs/{orgId}/audit): members,
 * roster imports, API keys, credentials issued through the org with their
 * status changes, and its training orders, answers, hires and events.
 * Logins, signing keys and goals are platform-wide.
 */
export const ORG_AUDIT_ACTIONS: readonly AuditAction[] = AUDIT_ACTIONS.filter((a) => {
  const g = auditGroup(a)
  return (
    (g === 'api_key' || g === 'org' || g === 'roster' || g === 'credential' || g === 'training') &&
    !a.endsWith('.signing_key.rotated')
  )
})

/** The actions by group, groups in AUDIT_GROUPS order, empty groups left out. */
export function groupActions(actions: readonly AuditAction[]): Array<{ group: AuditGroup; actions: AuditAction[] }> {
  return AUDIT_GROUPS.map((group) => ({ group, actions: actions.filter((a) => auditGroup(a) === group) })).filter(
    (g) => g.actions.length > 0,
  )
}

/** The filter as the form and the page address hold it; days are YYYY-MM-DD in the viewer's time zone. */
export interface AuditFilter {
  action: string
  actor: string
  target: string
  since: string
  until: string
  /** The platform-wide screen only: one organization's events. */
  orgId: string
}

export const EMPTY_AUDIT_FILTER: Readonly<AuditFilter> = { action: '', actor: '', target: '', since: '', until: '', orgId: '' }
const FILTER_KEYS = Object.keys(EMPTY_AUDIT_FILTER) as Array<keyof AuditFilter>
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** Reads the filter from the page address; anything else than text is ignored, and so are malformed days. */
export function filterFromQuery(query: Record<string, unknown>): AuditFilter {
  const f: AuditFilter = { ...EMPTY_AUDIT_FILTER }
  for (const k of FILTER_KEYS) {
    const v = query[k]
    if (typeof v === 'string') f[k] = v.trim()
  }
  if (!DAY.test(f.since)) f.since = ''
  if (!DAY.test(f.until)) f.until = ''
  return f
}

/** The filter for the page address: set fields only, trimmed. */
export function filterToQuery(f: AuditFilter): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k of FILTER_KEYS) {
    const v = f[k].trim()
    if (v) out[k] = v
  }
  return out
}

export function isFiltered(f: AuditFilter): boolean {
  return Object.keys(filterToQuery(f)).length > 0
}

/** Why the filter cannot be sent, or null: the range must not end before it starts. */
export function filterProblem(f: AuditFilter): 'untilBeforeSince' | null {
  return f.since && f.until && f.until < f.since ? 'untilBeforeSince' : null
}

/**
 * The start of a day in the viewer's time zone (plus addDays), as an RFC
 * 3339 UTC time for the API; undefined for no day.
 */
export function dayStart(day: string, addDays = 0): string | undefined {
  const m = DAY.exec(day)
  if (!m) return undefined
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays)
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * The API's query for a filter: since from the start of its day, until up
 * to the end of its day (the API's until is exclusive), ids trimmed.
 */
export function toAuditQuery(f: AuditFilter): AuditQuery & { orgId?: string } {
  const q: AuditQuery & { orgId?: string } = {}
  if (f.action.trim()) q.action = f.action.trim()
  if (f.actor.trim()) q.actor = f.actor.trim()
  if (f.target.trim()) q.target = f.target.trim()
  const since = dayStart(f.since)
  const until = dayStart(f.until, 1)
  if (since) q.since = since
  if (until) q.until = until
  if (f.orgId.trim()) q.orgId = f.orgId.trim()
  return q
}

/** An event's details (counts, states and ids) as one line, e.g. "rows: 2 · created: 2". */
export function detailsText(details: Record<string, unknown> | null | undefined): string {
  if (!details) return ''
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ')
}
