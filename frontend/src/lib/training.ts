// Pure logic of the training screens: progress shaping, the order form's
// checks (mirroring the server's 4xx so people fix things before sending),
// hire refusals in words, and date helpers. No Vue, so unit tests run it
// directly.
import type { Candidate, CandidateCredential, EventRequest, Order, OrderProgress, TrainingEvent, UpdateOrderRequest } from '../api/training'

// The server's limits (internal/training/orders.go).
export const MAX_HEADCOUNT = 100000
export const MAX_TRACKS = 10
export const MAX_SKILLS = 30
export const MAX_PARTNERS = 50
export const MAX_TITLE = 120
export const MAX_NOTES = 4000
// internal/training/events.go
export const MAX_CAPACITY = 100000
export const MAX_EVENT_DAYS = 31

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

/** The fields of an order that can be changed after it is placed. */
export interface OrderFields {
  title: string
  tracks: string[]
  headcount: string | number
  /** YYYY-MM-DD, China time. */
  deadline: string
  /** As typed: one line, see parseSkills. */
  skills: string
  notes: string
}

/** The form that places an order: its fields and the schools invited. */
export interface OrderForm extends OrderFields {
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

/** A new deadline (YYYY-MM-DD) must lie between today and five years on. */
function checkDeadline(d: string, today: string): Msg | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return { key: 'training.check.deadlineFormat' }
  if (d < today) return { key: 'training.check.deadlinePast' }
  if (d > `${Number(today.slice(0, 4)) + 5}${today.slice(4)}`) return { key: 'training.check.deadlineFar' }
  return null
}

/**
 * The order form's checks; `today` is chinaDate(now). When editing, `was`
 * is the order as loaded: an unchanged deadline is not checked again (it
 * may have passed) and partners are not part of the form. The server stays
 * the authority.
 */
export function checkOrder(f: OrderFields & { partnerOrgIds?: string[] }, today: string, was?: OrderFields): Record<string, Msg> {
  const e: Record<string, Msg> = {}
  const title = f.title.trim()
  if (!title) e.title = { key: 'validation.required' }
  else if ([...title].length > MAX_TITLE) e.title = { key: 'training.check.titleLength', named: { n: MAX_TITLE } }
  if (f.tracks.length < 1 || f.tracks.length > MAX_TRACKS) e.tracks = { key: 'training.check.tracks', named: { n: MAX_TRACKS } }
  const raw = String(f.headcount).trim()
  const n = Number(raw)
  if (!raw) e.headcount = { key: 'validation.required' }
  else if (!/^\d+$/.test(raw) || n < 1 || n > MAX_HEADCOUNT) e.headcount = { key: 'training.check.headcount', named: { n: MAX_HEADCOUNT } }
  const deadline = was && f.deadline === was.deadline ? null : checkDeadline(f.deadline, today)
  if (!f.deadline) e.deadline = { key: 'validation.required' }
  else if (deadline) e.deadline = deadline
  const skills = parseSkills(f.skills)
  if (skills.length > MAX_SKILLS) e.skills = { key: 'training.check.skillsCount', named: { n: MAX_SKILLS } }
  else if (skills.some((s) => [...s].length > 40)) e.skills = { key: 'training.check.skillLength' }
  if ([...f.notes].length > MAX_NOTES) e.notes = { key: 'training.check.notesLength', named: { n: MAX_NOTES } }
  if (!was && (!f.partnerOrgIds || f.partnerOrgIds.length < 1 || f.partnerOrgIds.length > MAX_PARTNERS)) {
    e.partnerOrgIds = { key: 'training.check.partners', named: { n: MAX_PARTNERS } }
  }
  return e
}

/** An order as its edit form shows it. */
export function orderFields(o: Pick<Order, 'title' | 'tracks' | 'headcount' | 'deadline' | 'skills' | 'notes'>): OrderFields {
  return {
    title: o.title,
    tracks: [...o.tracks],
    headcount: String(o.headcount),
    deadline: chinaDate(new Date(o.deadline)),
    skills: o.skills.join('、'),
    notes: o.notes,
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i])

/**
 * The PATCH body that turns `was` into `f`: only the fields that changed,
 * so an order whose deadline has passed can still be renamed.
 */
export function orderChanges(was: OrderFields, f: OrderFields): UpdateOrderRequest {
  const out: UpdateOrderRequest = {}
  if (f.title.trim() !== was.title.trim()) out.title = f.title.trim()
  if (Number(f.headcount) !== Number(was.headcount)) out.headcount = Number(f.headcount)
  if (f.deadline !== was.deadline) out.deadline = f.deadline
  if (!sameList([...f.tracks].sort(), [...was.tracks].sort())) out.tracks = [...f.tracks]
  const skills = parseSkills(f.skills)
  if (!sameList(skills, parseSkills(was.skills))) out.skills = skills
  if (f.notes.trim() !== was.notes.trim()) out.notes = f.notes.trim()
  return out
}

/**
 * The event form: the request's fields, the times as datetime-local values
 * in the browser's zone, the seats a number once typed (v-model on a number
 * input casts) and a string before.
 */
export type EventForm = Omit<EventRequest, 'capacity'> & { capacity: string | number }

/** An event as its edit form shows it. */
export function eventForm(e: Pick<TrainingEvent, 'kind' | 'title' | 'description' | 'place' | 'startsAt' | 'endsAt' | 'capacity'>): EventForm {
  return {
    kind: e.kind,
    title: e.title,
    description: e.description,
    place: e.place,
    startsAt: rfc3339ToLocal(e.startsAt),
    endsAt: rfc3339ToLocal(e.endsAt),
    capacity: String(e.capacity),
  }
}

/**
 * The event form's checks, as the server makes them. When editing, `was`
 * is the event as loaded and `registered` its registrations: an unchanged
 * start is not checked against the clock, and the capacity may not drop
 * below the people already registered.
 */
export function checkEvent(f: EventForm, now: Date, was?: EventForm, registered = 0): Record<string, Msg> {
  const e: Record<string, Msg> = {}
  for (const k of ['title', 'description', 'place', 'startsAt', 'endsAt'] as const) if (!f[k].trim()) e[k] = { key: 'validation.required' }
  if (!e.title && [...f.title.trim()].length > MAX_TITLE) e.title = { key: 'training.check.titleLength', named: { n: MAX_TITLE } }
  const start = new Date(f.startsAt).getTime()
  const end = new Date(f.endsAt).getTime()
  if (!e.startsAt && Number.isNaN(start)) e.startsAt = { key: 'training.check.dateTime' }
  if (!e.endsAt && Number.isNaN(end)) e.endsAt = { key: 'training.check.dateTime' }
  if (!e.startsAt && !(was && f.startsAt === was.startsAt) && start <= now.getTime()) e.startsAt = { key: 'training.check.future' }
  if (!e.startsAt && !e.endsAt) {
    if (end <= start) e.endsAt = { key: 'training.check.endsAfter' }
    else if (end - start > MAX_EVENT_DAYS * 86_400_000) e.endsAt = { key: 'training.check.eventLength', named: { n: MAX_EVENT_DAYS } }
  }
  const raw = String(f.capacity).trim()
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_CAPACITY) e.capacity = { key: 'training.check.capacity' }
  else if (n < registered) e.capacity = { key: 'training.check.capacityBelow', named: { n: registered } }
  return e
}

/** The PATCH body that turns `was` into `f`: only what changed (the kind never does). */
export function eventChanges(was: EventForm, f: EventForm): Partial<EventRequest> {
  const out: Partial<EventRequest> = {}
  for (const k of ['title', 'description', 'place'] as const) if (f[k].trim() !== was[k].trim()) out[k] = f[k].trim()
  if (f.startsAt !== was.startsAt) out.startsAt = localToRFC3339(f.startsAt)
  if (f.endsAt !== was.endsAt) out.endsAt = localToRFC3339(f.endsAt)
  if (Number(f.capacity) !== Number(was.capacity)) out.capacity = Number(f.capacity)
  return out
}

/** The event's fields as the create request sends them. */
export function eventRequest(f: EventForm): EventRequest {
  return {
    kind: f.kind,
    title: f.title.trim(),
    description: f.description.trim(),
    place: f.place.trim(),
    startsAt: localToRFC3339(f.startsAt),
    endsAt: localToRFC3339(f.endsAt),
    capacity: Number(f.capacity),
  }
}

/**
 * The server's field messages of orders and events (English), as the
 * form's own checks word them; null for others, which the core
 * translations (lib/errors.ts) handle or show as sent.
 */
export function trainingFieldMsg(msg: string): Msg | null {
  const m = (re: RegExp) => msg.trim().match(re)
  let r: RegExpMatchArray | null
  if ((r = m(/^is below the (\d+) people already registered$/))) return { key: 'training.check.capacityBelow', named: { n: Number(r[1]) } }
  if ((r = m(/^must be a whole number from 1 to (\d+)$/))) return { key: 'training.check.headcount', named: { n: Number(r[1]) } }
  if (m(/^must be after startsAt$/)) return { key: 'training.check.endsAfter' }
  if ((r = m(/^an event lasts at most (\d+) days$/))) return { key: 'training.check.eventLength', named: { n: Number(r[1]) } }
  if (m(/^must be an RFC 3339 date-time/)) return { key: 'training.check.dateTime' }
  if (m(/^must be within five years$/)) return { key: 'training.check.deadlineFar' }
  if (m(/^must be a date \(\d{4}-\d{2}-\d{2}\) or an RFC 3339 date-time$/)) return { key: 'training.check.deadlineFormat' }
  if ((r = m(/^list 1 to (\d+) tracks/))) return { key: 'training.check.tracks', named: { n: Number(r[1]) } }
  if ((r = m(/^may list at most (\d+) skills$/))) return { key: 'training.check.skillsCount', named: { n: Number(r[1]) } }
  if (m(/^entry \d+ must be 1 to 40 characters/)) return { key: 'training.check.skillLength' }
  if (m(/^cannot change; create another event$/)) return { key: 'training.check.kindFixed' }
  return null
}

/** Why the server refused an edit with 409, from its detail. */
export function editConflict(detail: string | undefined): Msg {
  const d = (detail ?? '').trim()
  if (/^a cancelled order cannot be changed/.test(d)) return { key: 'training.edit.orderCancelled' }
  if (/^the event was cancelled/.test(d)) return { key: 'training.edit.eventCancelled' }
  if (/^more people registered meanwhile/.test(d)) return { key: 'training.edit.capacityRace' }
  return { key: 'training.edit.conflict' }
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
