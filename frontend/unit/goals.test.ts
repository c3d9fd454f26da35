import { describe, expect, it } from 'vitest'
import type { GoalProgress, GoalStats } from '../src/api/types'
import { formatDay, formatMonth, formatShare } from '../src/lib/format'
import {
  breakdownSections,
  chartModel,
  displayCount,
  goalPace,
  labelsByYear,
  listedGroups,
  MONTH_MS,
  monthEnd,
  monthsBetween,
  niceCeil,
  parseDay,
  projectedAtDeadline,
  projectionRate,
  readGoalStats,
} from '../src/lib/goals'

const fmt = (n: number) => new Intl.NumberFormat('en').format(n)

function goal(over: Partial<GoalProgress> = {}): GoalProgress {
  return {
    id: 'g2027',
    name: '2027',
    target: 20_000,
    deadline: '2027-12-31',
    scope: { kind: 'city', id: '', name: '' },
    count: 1234,
    percent: 6.17,
    requiredMonthlyRate: 1100.5,
    trailing3MonthRate: 80.3,
    trailing6MonthRate: 75,
    projectedDate: '2031-04-01',
    onTrack: false,
    suppressed: false,
    ...over,
  }
}

/** The contract's example answer. */
const RAW = {
  asOf: '2026-11-24',
  certifiedDevelopers: 1234,
  goals: [
    goal(),
    goal({ id: 'g2030', name: '2030', target: 50_000, deadline: '2030-12-31', percent: 2.47, projectedDate: null }),
  ],
  series: [
    { month: '2026-11', new: 30, cumulative: 1234 },
    { month: '2025-01', new: 12, cumulative: 12 },
  ],
  breakdowns: {
    byOrg: [],
    byOrgKind: [{ key: 'university', label: 'university', count: 1200, suppressed: false }],
    byDistrict: [
      { key: '500112', label: { zh: '渝北区', en: 'Yubei' }, count: 900, suppressed: false },
      { key: '500101', label: '万州区', count: null, suppressed: true },
    ],
    byConsortium: [],
    byTrack: [{ key: 'app-foundation', label: 'App Foundation', count: 3, suppressed: false }],
  },
}

describe('dates of the dashboard', () => {
  it('reads days as UTC and months up to their last day', () => {
    expect(parseDay('2027-12-31')).toBe(Date.UTC(2027, 11, 31))
    expect(parseDay('2027-12-31T23:59:59Z')).toBe(Date.UTC(2027, 11, 31, 23, 59, 59))
    expect(parseDay('soon')).toBeNaN()
    expect(parseDay(null)).toBeNaN()
    expect(monthEnd('2024-02')).toBe(Date.UTC(2024, 1, 29))
    expect(monthEnd('2026-12')).toBe(Date.UTC(2026, 11, 31))
    expect(monthEnd('2026-13')).toBeNaN()
    expect(monthEnd('2026-1')).toBeNaN()
  })

  it('counts months between two times, never negative', () => {
    expect(monthsBetween(parseDay('2026-01-01'), parseDay('2027-01-01'))).toBeCloseTo(12, 1)
    expect(monthsBetween(parseDay('2027-01-01'), parseDay('2026-01-01'))).toBe(0)
  })
})

describe('readGoalStats', () => {
  it('keeps a well-formed answer and sorts the months', () => {
    const s = readGoalStats(RAW)!
    expect(s.asOf).toBe('2026-11-24')
    expect(s.certifiedDevelopers).toBe(1234)
    expect(s.goals.map((g) => g.name)).toEqual(['2027', '2030'])
    expect(s.goals[1]?.projectedDate).toBeNull()
    expect(s.series.map((p) => p.month)).toEqual(['2025-01', '2026-11'])
    // Empty breakdowns are left out.
    expect(Object.keys(s.breakdowns).sort()).toEqual(['byDistrict', 'byOrgKind', 'byTrack'])
  })

  it('is null for something that is not a stats answer', () => {
    expect(readGoalStats(null)).toBeNull()
    expect(readGoalStats([])).toBeNull()
    expect(readGoalStats({ certifiedDevelopers: '12' })).toBeNull()
    expect(readGoalStats({ certifiedDevelopers: -1 })).toBeNull()
    expect(readGoalStats({ type: 'about:blank', status: 404 })).toBeNull()
  })

  it('drops unusable goals and months, and suppresses groups without a count', () => {
    const s = readGoalStats(
      {
        certifiedDevelopers: 7,
        goals: [{ name: 'no target', deadline: '2027-12-31' }, { name: 'no deadline', target: 10 }, { name: 'ok', target: 10, deadline: '2027-12-31', count: 7 }],
        series: [{ month: '2026-1', new: 1, cumulative: 1 }, 'x', { month: '2026-02', new: 1, cumulative: 7 }],
        breakdowns: { byTrack: [{ key: 'a', label: 'A', count: null }, { key: 'b', label: '', count: 6 }] },
      },
      '2026-03-01',
    )!
    expect(s.asOf).toBe('2026-03-01') // missing: today stands in
    expect(s.goals).toHaveLength(1)
    expect(s.goals[0]).toMatchObject({ name: 'ok', count: 7, percent: 70, requiredMonthlyRate: null, projectedDate: null, onTrack: false })
    expect(s.series).toEqual([{ month: '2026-02', new: 1, cumulative: 7 }])
    expect(s.breakdowns.byTrack).toEqual([
      { key: 'a', label: 'A', count: null, suppressed: true },
      { key: 'b', label: '', count: 6, suppressed: false },
    ])
  })
})

describe('suppressed and finished goals (the server’s nulls)', () => {
  it('keeps a suppressed goal without figures, never as 0', () => {
    const s = readGoalStats({
      asOf: '2026-11-24',
      certifiedDevelopers: 40,
      goals: [
        { id: 'd', name: '渝北 2027', target: 500, deadline: '2027-12-31', scope: { kind: 'district', id: '500112', name: { zh: '渝北区', en: 'Yubei' } }, count: null, percent: null, requiredMonthlyRate: null, trailing3MonthRate: null, trailing6MonthRate: null, projectedDate: null, onTrack: false, suppressed: true },
        { id: 'x', name: 'odd', target: 100, deadline: '2027-12-31', count: 3, percent: 3, onTrack: true, suppressed: true },
      ],
    })!
    for (const g of s.goals) {
      expect(g).toMatchObject({ count: null, percent: null, trailing3MonthRate: null, projectedDate: null, onTrack: false, suppressed: true })
      expect(goalPace(g)).toBe('suppressed')
    }
    expect(s.goals[0]?.scope).toEqual({ kind: 'district', id: '500112', name: { zh: '渝北区', en: 'Yubei' } })
    // Its target line stays on the chart, without a projection.
    const m = chartModel(s)
    expect(m.goals.map((g) => [g.target, g.projection.length])).toEqual([
      [500, 0],
      [100, 0],
    ])
  })

  it('keeps a null required rate (deadline passed unmet) as unknown', () => {
    const s = readGoalStats({
      asOf: '2028-02-01',
      certifiedDevelopers: 15_000,
      goals: [{ id: 'g', name: '2027', target: 20_000, deadline: '2027-12-31', count: 15_000, percent: 75, requiredMonthlyRate: null, trailing3MonthRate: 400, trailing6MonthRate: 380, projectedDate: '2029-02-15', onTrack: false }],
    })!
    expect(s.goals[0]).toMatchObject({ requiredMonthlyRate: null, trailing3MonthRate: 400, percent: 75, suppressed: false })
    expect(chartModel(s).goals[0]?.projection).toEqual([])
  })
})

describe('pace and projection', () => {
  const asOf = parseDay('2026-11-24')

  it('names the pace: reached, on track or behind', () => {
    expect(goalPace(goal({ count: 20_000 }))).toBe('reached')
    expect(goalPace(goal({ onTrack: true }))).toBe('onTrack')
    expect(goalPace(goal())).toBe('behind')
  })

  it('follows the server’s projected date when there is one', () => {
    const g = goal()
    const rate = projectionRate(g, asOf)
    const months = monthsBetween(asOf, parseDay('2031-04-01'))
    // The line reaches the target exactly on the projected date.
    expect((g.count ?? 0) + rate * months).toBeCloseTo(g.target, 6)
    expect(rate).toBeGreaterThan(0)
  })

  it('uses the trailing 3-month rate without a projected date', () => {
    expect(projectionRate(goal({ projectedDate: null }), asOf)).toBe(80.3)
    expect(projectionRate(goal({ projectedDate: null, trailing3MonthRate: 0 }), asOf)).toBe(0)
    // A projected date already past (a stale answer) cannot give a rate.
    expect(projectionRate(goal({ projectedDate: '2020-01-01' }), asOf)).toBe(80.3)
  })

  it('projects the count at the deadline, below the target when the goal is behind', () => {
    const at = projectedAtDeadline(goal(), asOf)
    expect(at).toBeGreaterThan(1234)
    expect(at).toBeLessThan(20_000)
    // At 80.3 a month for ~13.2 months.
    expect(projectedAtDeadline(goal({ projectedDate: null }), asOf)).toBe(Math.floor(1234 + 80.3 * monthsBetween(asOf, parseDay('2027-12-31'))))
    // A deadline already past: the count stays.
    expect(projectedAtDeadline(goal({ deadline: '2026-01-01', projectedDate: null }), asOf)).toBe(1234)
  })

  it('rounds axis maxima up to readable values', () => {
    expect(niceCeil(0)).toBe(10)
    expect(niceCeil(1)).toBe(1)
    expect(niceCeil(1.2)).toBe(2)
    expect(niceCeil(21_000)).toBe(25_000)
    expect(niceCeil(52_500)).toBe(100_000)
    expect(niceCeil(3_100)).toBe(5_000)
  })
})

describe('chartModel', () => {
  const stats = readGoalStats(RAW) as GoalStats

  it('plots each month at its end, the current month at asOf', () => {
    const m = chartModel(stats)
    expect(m.actual).toEqual([
      [Date.UTC(2025, 0, 31), 12],
      [Date.UTC(2026, 10, 24), 1234],
    ])
    expect(m.xMin).toBe(Date.UTC(2025, 0, 31))
    expect(m.xMax).toBe(Date.UTC(2030, 11, 31))
  })

  it('draws a projection from asOf to each deadline and fits the targets on the axis', () => {
    const m = chartModel(stats)
    expect(m.goals.map((g) => [g.name, g.target])).toEqual([
      ['2027', 20_000],
      ['2030', 50_000],
    ])
    for (const g of m.goals) {
      expect(g.projection[0]).toEqual([Date.UTC(2026, 10, 24), 1234])
      expect(g.projection[1]?.[0]).toBe(g.deadline)
    }
    expect(m.goals[0]?.projection[1]?.[1]).toBe(projectedAtDeadline(stats.goals[0]!, m.asOf))
    expect(m.yMax).toBeGreaterThanOrEqual(50_000 * 1.05)
  })

  it('works without months or goals (a new org)', () => {
    const m = chartModel({ asOf: '2026-11-24', certifiedDevelopers: 0, goals: [], series: [], breakdowns: {} })
    expect(m.actual).toEqual([[Date.UTC(2026, 10, 24), 0]])
    expect(m.goals).toEqual([])
    expect(m.yMax).toBe(10)
    // Half a year of axis, labelled by month, ending a little after the last point.
    expect(m.xMax).toBe(Date.UTC(2026, 10, 24) + MONTH_MS / 2)
    expect(monthsBetween(m.xMin, m.xMax)).toBeCloseTo(6, 6)
    expect(labelsByYear(m)).toBe(false)
    expect(labelsByYear(chartModel(stats))).toBe(true)
  })
})

describe('breakdowns', () => {
  const stats = readGoalStats(RAW) as GoalStats

  it('shows suppressed groups as <5, never as a number', () => {
    const [shown, suppressed] = stats.breakdowns.byDistrict ?? []
    expect(displayCount(shown!, fmt)).toBe('900')
    expect(displayCount(suppressed!, fmt)).toBe('<5')
    expect(displayCount({ key: 'x', label: 'x', count: 3, suppressed: true }, fmt)).toBe('<5')
    expect(displayCount({ key: 'x', label: 'x', count: 12_345, suppressed: false }, fmt)).toBe('12,345')
  })

  it('sums up suppressed groups the server left unnamed instead of listing their ids', () => {
    const s = readGoalStats({
      certifiedDevelopers: 30,
      breakdowns: {
        byOrg: [
          { key: 'org-a', label: { zh: '山城理工大学', en: 'SUT' }, count: 25, suppressed: false },
          { key: 'org-b', label: { zh: '', en: '' }, count: null, suppressed: true },
          { key: 'org-c', label: { zh: '', en: '' }, count: null, suppressed: true },
          { key: 'org-d', label: { zh: '某学院' }, count: null, suppressed: true },
        ],
      },
    })!
    const { listed, unnamed } = listedGroups(s.breakdowns.byOrg ?? [])
    expect(listed.map((g) => g.key)).toEqual(['org-a', 'org-d'])
    expect(unnamed).toBe(2)
    expect(listedGroups(s.breakdowns.byOrg!.slice(0, 1))).toEqual({ listed: s.breakdowns.byOrg!.slice(0, 1), unnamed: 0 })
  })

  it('lists the non-empty breakdowns in a fixed order, limited to the wanted ones', () => {
    expect(breakdownSections(stats.breakdowns).map((s) => s.key)).toEqual(['byDistrict', 'byOrgKind', 'byTrack'])
    expect(breakdownSections(stats.breakdowns, ['byTrack', 'byOrg']).map((s) => s.key)).toEqual(['byTrack'])
  })
})

describe('dashboard formatting', () => {
  it('formats shares of a goal, small starts included', () => {
    expect(formatShare(6.17, 'en')).toBe('6.2%')
    expect(formatShare(42.4, 'en')).toBe('42%')
    expect(formatShare(0.01, 'en')).toBe('< 0.1%')
    expect(formatShare(0, 'en')).toBe('0%')
    expect(formatShare(Number.NaN, 'en')).toBe('0%')
  })

  it('formats months and days in UTC', () => {
    expect(formatMonth(Date.UTC(2026, 10, 30), 'en')).toBe('Nov 2026')
    expect(formatMonth(Date.UTC(2026, 10, 30), 'zh-CN')).toBe('2026年11月')
    expect(formatMonth(Number.NaN, 'en')).toBe('')
    expect(formatDay('2027-12-31', 'en')).toBe('Dec 31, 2027')
    expect(formatDay('2027-12-31', 'zh-CN')).toBe('2027年12月31日')
    expect(formatDay('later', 'en')).toBe('later')
  })
})
