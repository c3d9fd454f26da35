// Pure logic of the training screens: progress shaping, the order form's
// checks (mirroring the server's 4xx so people fix things before sending),
// hire refusals in words, and date helpers. No Vue, so unit tests run it
// directly.
import type { Candidate, CandidateCredential, OrderProgress } from '../api/training'

// The server's limits (internal/training/orders.go).
export const MAX_HEADCOUNT = 100000
export const MAX_TRACKS = 10
export const MAX_SKILLS = 30
export const MAX_PARTNERS = 50
export const MAX_TITLE = 120
export const MAX_NOTES = 4000

/** Orders are dated in China time, like the server's deadlines. */
const CHINA_OFFSET_MS = 8 * 3600_000

/** Today's date in China (YYYY-MM-DD). */
export function chinaDate(now: Date, addDays = 0): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS + addDays * 86_400_000).toISOString().slice(0, 10)
}

export type ProgressKey = 'enrolled' | 'active' | 'certified' | 'hired'
export const PROGRESS_KEYS: readonly ProgressKey[] = ['enrolled', 'active', 'certified', 'hired']

export interface ProgressRow {
  key: ProgressKey
  value: number
  /** The bar's scale: the headcount, or more when more are enrolled. */
  max: number
  /** Share of the headcount, 0..1 (may exceed 1). */
  share: number
}

/** One bar per stage, all on the same scale so they compare at a glance. */
export function progressRows(p: Pick<OrderProgress, ProgressKey | 'headcount'>): ProgressRow[] {
  const max = Math.max(p.headcount, p.enrolled, p.active, p.certified, p.hired, 1)
  return PROGRESS_KEYS.map((key) => ({ key, value: p[key], max, share: p.headcount > 0 ? p[key] / p.headcount : 0 }))
}

export type Pace = 'filled' | 'onTrack' | 'behind' | 'overdue'

/** The badge of an order: filled, on track, behind, or past its deadline unfilled. */
export function pace(p: Pick<OrderProgress, 'filled' | 'onTrack' | 'daysLeft'>): Pace {
  if (p.filled) return 'filled'
  if (p.daysLeft < 0) return 'overdue'
  return p.onTrack ? 'onTrack' : 'behind'
}

/** A message key and its parameters, translated by the view. */
export interface Msg {
  key: string
  named?: Record<string, string | number>
}

export interface OrderForm {
  title: string
  tracks: string[]
  headcount: string | number
  deadline: string
  skills: string
  notes: string
  partnerOrgIds: string[]
}

/** Skills typed as one line: split on commas, 、 and new lines, trimmed, without repeats. */
export function parseSkills(text: string): string[] {
  const out: string[] = []
  for (const s of text.split(/[,，、;；\n]/)) {
    const v = s.trim()
    if (v && !out.includes(v)) out.push(v)
  }
  return out
}

/** The order form's checks; `today` is chinaDate(now). The server stays the authority. */
export function checkOrder(f: OrderForm, today: string): Record<string, Msg> {
  const e: Record<string, Msg> = {}
  const title = f.title.trim()
  if (!title) e.title = { key: 'validation.required' }
  else if ([...title].length > MAX_TITLE) e.title = { key: 'training.check.titleLength', named: { n: MAX_TITLE } }
  if (f.tracks.length < 1 || f.tracks.length > MAX_TRACKS) e.tracks = { key: 'training.check.tracks', named: { n: MAX_TRACKS } }
  const raw = String(f.headcount).trim()
  const n = Number(raw)
  if (!raw) e.headcount = { key: 'validation.required' }
  else if (!/^\d+$/.test(raw) || n < 1 || n > MAX_HEADCOUNT) e.headcount = { key: 'training.check.headcount', named: { n: MAX_HEADCOUNT } }
  if (!f.deadline) e.deadline = { key: 'validation.required' }
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(f.deadline)) e.deadline = { key: 'training.check.deadlineFormat' }
  else if (f.deadline < today) e.deadline = { key: 'training.check.deadlinePast' }
  else if (f.deadline > `${Number(today.slice(0, 4)) + 5}${today.slice(4)}`) e.deadline = { key: 'training.check.deadlineFar' }
  const skills = parseSkills(f.skills)
  if (skills.length > MAX_SKILLS) e.skills = { key: 'training.check.skillsCount', named: { n: MAX_SKILLS } }
  else if (skills.some((s) => [...s].length > 40)) e.skills = { key: 'training.check.skillLength' }
  if ([...f.notes].length > MAX_NOTES) e.notes = { key: 'training.check.notesLength', named: { n: MAX_NOTES } }
  if (f.partnerOrgIds.length < 1 || f.partnerOrgIds.length > MAX_PARTNERS) {
    e.partnerOrgIds = { key: 'training.check.partners', named: { n: MAX_PARTNERS } }
  }
  return e
}

/** Problem types of a refused hire (422), each explained in words. */
export const HIRE_REFUSALS = [
  'no-consent',
  'not-a-candidate',
  'credential-not-held',
  'credential-revoked',
  'credential-suspended',
  'credential-expired',
  'credential-invalid',
  'credential-wrong-track',
] as const
export type HireRefusal = (typeof HIRE_REFUSALS)[number]

/** The refusal named by a problem type URI (…/problems/<slug>), or null. */
export function hireRefusal(problemType: string | undefined): HireRefusal | null {
  const slug = (problemType ?? '').split('/').pop() ?? ''
  return (HIRE_REFUSALS as readonly string[]).includes(slug) ? (slug as HireRefusal) : null
}

/** Credentials a hire can rest on: valid and certifying one of the order's tracks. */
export function hireableCredentials(c: Pick<Candidate, 'credentials'>): CandidateCredential[] {
  return c.credentials.filter((x) => x.valid && x.matchesOrder)
}

/** The credential to propose first: a usable one if any, else the first. */
export function defaultCredential(c: Pick<Candidate, 'credentials'>): string {
  return hireableCredentials(c)[0]?.id ?? c.credentials[0]?.id ?? ''
}

/** A datetime-local value ("2026-10-24T14:00") as RFC 3339 in the browser's zone; '' stays ''. */
export function localToRFC3339(value: string): string {
  if (!value) return ''
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? '' : d.toISOString()
}

/** An RFC 3339 time as a datetime-local value in the browser's zone. */
export function rfc3339ToLocal(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}

/** Free seats of an event (never negative). */
export function seatsLeft(e: { capacity: number; registered: number }): number {
  return Math.max(0, e.capacity - e.registered)
}
