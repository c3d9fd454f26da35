// The goal dashboards' logic without Vue or ECharts (unit-tested): reading a
// stats answer defensively, shaping the monthly series and each goal's
// projection for the chart, and showing suppressed groups.
import type { BreakdownItem, BreakdownKey, GoalProgress, GoalStats, MonthPoint } from '../api/types'

/**
 * The server suppresses groups smaller than this (public pages show
 * aggregates only); they are shown as "<5", never as a number.
 */
export const SUPPRESSED_BELOW = 5

/** Breakdowns in the order the dashboards show them. */
export const BREAKDOWN_ORDER: readonly BreakdownKey[] = ['byDistrict', 'byOrgKind', 'byConsortium', 'byOrg', 'byTrack']

const DAY_MS = 86_400_000
/** An average month, for rates per month over spans of days. */
export const MONTH_MS = (365.25 / 12) * DAY_MS
/** The chart's time axis spans at least this many months. */
const MIN_SPAN_MONTHS = 6

const MONTH_RE = /^(\d{4})-(\d{2})$/

// ---- dates ----------------------------------------------------------------

/** Milliseconds of a YYYY-MM-DD (UTC midnight) or a full ISO time; NaN when unreadable. */
export function parseDay(value: string | null | undefined): number {
  if (!value) return NaN
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return Date.parse(value)
}

/** UTC midnight of the last day of a YYYY-MM month; NaN when unreadable. */
export function monthEnd(month: string): number {
  const m = MONTH_RE.exec(month)
  if (!m) return NaN
  const mm = Number(m[2])
  if (mm < 1 || mm > 12) return NaN
  // Day 0 of the next month is the last day of this one.
  return Date.UTC(Number(m[1]), mm, 0)
}

/** Months (fractional) from `from` to `to`, both in milliseconds; 0 when `to` is not later. */
export function monthsBetween(from: number, to: number): number {
  return to > from ? (to - from) / MONTH_MS : 0
}

/** The YYYY-MM-DD of a time (UTC). */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

// ---- reading the answer ---------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A finite number, or `fallback`. */
function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

/** Bilingual or plain text; '' when it has no words in either language. */
function label(v: unknown): string | { zh: string; en?: string } {
  if (isObject(v) && typeof v.zh === 'string') {
    const en = typeof v.en === 'string' ? v.en : ''
    return v.zh || en ? { zh: v.zh, en: en || undefined } : ''
  }
  return str(v)
}

/** A finite number at least 0, or null. */
function count(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null
}

function readGoal(v: unknown): GoalProgress | null {
  if (!isObject(v)) return null
  const target = num(v.target)
  const deadline = str(v.deadline)
  if (target <= 0 || Number.isNaN(parseDay(deadline))) return null
  const scope = isObject(v.scope) ? v.scope : {}
  const projected = str(v.projectedDate)
  const n = count(v.count)
  const suppressed = v.suppressed === true || n === null
  return {
    id: str(v.id) || str(v.name) || deadline,
    name: str(v.name) || deadline.slice(0, 4),
    target,
    deadline,
    scope: { kind: str(scope.kind) || 'city', id: str(scope.id), name: label(scope.name) },
    count: suppressed ? null : n,
    percent: suppressed || n === null ? null : (count(v.percent) ?? (100 * n) / target),
    requiredMonthlyRate: suppressed ? null : count(v.requiredMonthlyRate),
    trailing3MonthRate: suppressed ? null : count(v.trailing3MonthRate),
    trailing6MonthRate: suppressed ? null : count(v.trailing6MonthRate),
    projectedDate: !suppressed && projected && !Number.isNaN(parseDay(projected)) ? projected : null,
    onTrack: !suppressed && v.onTrack === true,
    suppressed,
  }
}

function readMonth(v: unknown): MonthPoint | null {
  if (!isObject(v) || Number.isNaN(monthEnd(str(v.month)))) return null
  return { month: str(v.month), new: Math.max(0, num(v.new)), cumulative: Math.max(0, num(v.cumulative)) }
}

function readBreakdownItem(v: unknown): BreakdownItem | null {
  if (!isObject(v)) return null
  const n = count(v.count)
  return { key: str(v.key), label: label(v.label), count: n, suppressed: v.suppressed === true || n === null }
}

function readList<T>(v: unknown, read: (x: unknown) => T | null): T[] {
  if (!Array.isArray(v)) return []
  const out: T[] = []
  for (const x of v) {
    const r = read(x)
    if (r) out.push(r)
  }
  return out
}

/**
 * The stats answer with every field checked: goals without a target or a
 * readable deadline are dropped, months are sorted, a group without a count
 * is suppressed. Null when it is not a stats answer at all (no count).
 * `today` (YYYY-MM-DD) stands in for a missing asOf.
 */
export function readGoalStats(raw: unknown, today = isoDay(Date.now())): GoalStats | null {
  if (!isObject(raw)) return null
  const certified = raw.certifiedDevelopers
  if (typeof certified !== 'number' || !Number.isFinite(certified) || certified < 0) return null
  const asOf = str(raw.asOf)
  const breakdowns: GoalStats['breakdowns'] = {}
  const b = isObject(raw.breakdowns) ? raw.breakdowns : {}
  for (const key of BREAKDOWN_ORDER) {
    const items = readList(b[key], readBreakdownItem)
    if (items.length) breakdowns[key] = items
  }
  return {
    asOf: Number.isNaN(parseDay(asOf)) ? today : asOf,
    certifiedDevelopers: certified,
    goals: readList(raw.goals, readGoal),
    series: readList(raw.series, readMonth).sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0)),
    breakdowns,
  }
}

// ---- pace and projection --------------------------------------------------

export type GoalPace = 'reached' | 'onTrack' | 'behind' | 'suppressed'

/** Reached, on track (the server's judgement of the recent pace), behind, or not shown (suppressed). */
export function goalPace(goal: GoalProgress): GoalPace {
  if (goal.suppressed || goal.count === null) return 'suppressed'
  if (goal.count >= goal.target) return 'reached'
  return goal.onTrack ? 'onTrack' : 'behind'
}

/**
 * Certified developers per month that the projection line follows. When the
 * server projected a date, the rate that reaches the target on that date, so
 * the line and the projected date agree whatever recent pace the server
 * used; otherwise (no date: not reached at that pace, or already reached)
 * the trailing 3-month rate.
 */
export function projectionRate(goal: GoalProgress, asOf: number): number {
  const n = goal.count ?? 0
  if (n < goal.target && goal.projectedDate) {
    const months = monthsBetween(asOf, parseDay(goal.projectedDate))
    if (months > 0) return (goal.target - n) / months
  }
  return goal.trailing3MonthRate ?? 0
}

/** Developers expected by the deadline at the projection's pace (rounded down). */
export function projectedAtDeadline(goal: GoalProgress, asOf: number): number {
  const months = monthsBetween(asOf, parseDay(goal.deadline))
  return Math.floor((goal.count ?? 0) + projectionRate(goal, asOf) * months)
}

/** Rounds up to 1, 2, 2.5 or 5 times a power of ten (a readable axis maximum). */
export function niceCeil(n: number): number {
  if (!(n > 0)) return 10
  const mag = 10 ** Math.floor(Math.log10(n))
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * mag >= n) return step * mag
  }
  return 10 * mag
}

/** A point of the chart: [time in ms, developers]. */
export type ChartPoint = [number, number]

export interface GoalLine {
  id: string
  name: string
  target: number
  deadline: number
  /** From asOf at the goal's count to the deadline at the projected count; empty once the deadline passed or when suppressed. */
  projection: ChartPoint[]
}

export interface ChartModel {
  asOf: number
  /** Cumulative certified developers at each month's end (the current month: at asOf). */
  actual: ChartPoint[]
  goals: GoalLine[]
  xMin: number
  xMax: number
  yMax: number
}

/** The chart's series: the monthly cumulative count, each goal's projection and the axis ranges. */
export function chartModel(stats: GoalStats): ChartModel {
  const asOf = parseDay(stats.asOf)
  const actual: ChartPoint[] = stats.series.map((p) => [Math.min(monthEnd(p.month), asOf), p.cumulative])
  if (!actual.length) actual.push([asOf, stats.certifiedDevelopers])
  const goals: GoalLine[] = stats.goals.map((g) => {
    const deadline = parseDay(g.deadline)
    const projection: ChartPoint[] =
      deadline > asOf && g.count !== null ? [[asOf, g.count], [deadline, projectedAtDeadline(g, asOf)]] : []
    return { id: g.id, name: g.name, target: g.target, deadline, projection }
  })
  const xs = [...actual.map((p) => p[0]), ...goals.map((g) => g.deadline)]
  const ys = [...actual.map((p) => p[1]), ...goals.flatMap((g) => [g.target, ...g.projection.map((p) => p[1])])]
  // Without a later deadline, leave room after the last month so its point is not on the edge.
  const lastX = Math.max(...xs)
  const xMax = goals.some((g) => g.deadline === lastX) ? lastX : lastX + MONTH_MS / 2
  // A new org's one month would fill the whole width: show half a year at least.
  const xMin = Math.min(...xs, xMax - MIN_SPAN_MONTHS * MONTH_MS)
  return { asOf, actual, goals, xMin, xMax, yMax: niceCeil(Math.max(...ys) * 1.05) }
}

/** Whether the chart's time axis is labelled by year (long spans) or by month. */
export function labelsByYear(m: Pick<ChartModel, 'xMin' | 'xMax'>): boolean {
  return m.xMax - m.xMin > 36 * MONTH_MS
}

// ---- breakdowns -----------------------------------------------------------

/** A group's count as shown: the number, or "<5" for a suppressed group. */
export function displayCount(item: BreakdownItem, format: (n: number) => string): string {
  return item.suppressed || item.count === null ? `<${SUPPRESSED_BELOW}` : format(item.count)
}

/** The non-empty breakdowns, in BREAKDOWN_ORDER, limited to `keys` when given. */
export function breakdownSections(
  breakdowns: GoalStats['breakdowns'],
  keys: readonly BreakdownKey[] = BREAKDOWN_ORDER,
): Array<{ key: BreakdownKey; items: BreakdownItem[] }> {
  return BREAKDOWN_ORDER.filter((k) => keys.includes(k) && (breakdowns[k]?.length ?? 0) > 0).map((k) => ({
    key: k,
    items: breakdowns[k] ?? [],
  }))
}

/**
 * The groups a table lists, and how many suppressed groups the server left
 * unnamed (an org or consortium of 1 to 4 people is not named on public
 * pages): those are summed up in one line rather than listed by their ids.
 */
export function listedGroups(items: BreakdownItem[]): { listed: BreakdownItem[]; unnamed: number } {
  const unnamed = items.filter((i) => i.suppressed && i.label === '').length
  return { listed: unnamed ? items.filter((i) => !(i.suppressed && i.label === '')) : items, unnamed }
}
