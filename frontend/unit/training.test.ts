import { describe, expect, it } from 'vitest'
import {
  chinaDate,
  checkOrder,
  defaultCredential,
  hireRefusal,
  localToRFC3339,
  pace,
  parseSkills,
  progressRows,
  rfc3339ToLocal,
  seatsLeft,
  type OrderForm,
} from '../src/lib/training'

const cred = (id: string, valid: boolean, matchesOrder: boolean) => ({
  id,
  track: 'arkts-basics',
  title: 'ArkTS',
  status: valid ? 'active' : 'revoked',
  valid,
  matchesOrder,
  issuedAt: '2026-01-01T00:00:00Z',
  validUntil: null,
})

describe('chinaDate', () => {
  it('is the date in China, not UTC', () => {
    // 2026-03-01 17:00 UTC is already 2 March in China.
    expect(chinaDate(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02')
    expect(chinaDate(new Date('2026-03-01T15:00:00Z'))).toBe('2026-03-01')
    expect(chinaDate(new Date('2026-03-01T15:00:00Z'), 30)).toBe('2026-03-31')
  })
})

describe('progressRows', () => {
  it('puts every stage on the headcount scale', () => {
    const rows = progressRows({ headcount: 10, enrolled: 8, active: 6, certified: 3, hired: 1 })
    expect(rows.map((r) => [r.key, r.value, r.max])).toEqual([
      ['enrolled', 8, 10],
      ['active', 6, 10],
      ['certified', 3, 10],
      ['hired', 1, 10],
    ])
    expect(rows[2]?.share).toBeCloseTo(0.3)
  })
  it('widens the scale when more are enrolled than wanted', () => {
    expect(progressRows({ headcount: 5, enrolled: 12, active: 12, certified: 0, hired: 0 })[0]?.max).toBe(12)
  })
})

describe('pace', () => {
  it('names the badge', () => {
    expect(pace({ filled: true, onTrack: true, daysLeft: -3 })).toBe('filled')
    expect(pace({ filled: false, onTrack: false, daysLeft: -1 })).toBe('overdue')
    expect(pace({ filled: false, onTrack: true, daysLeft: 10 })).toBe('onTrack')
    expect(pace({ filled: false, onTrack: false, daysLeft: 10 })).toBe('behind')
  })
})

describe('parseSkills', () => {
  it('splits on Chinese and Latin separators, trims and drops repeats', () => {
    expect(parseSkills(' ArkTS、ArkUI, 分布式数据，ArkTS\n\n')).toEqual(['ArkTS', 'ArkUI', '分布式数据'])
  })
})

describe('checkOrder', () => {
  const ok: OrderForm = { title: '鸿蒙应用开发工程师 20 名', tracks: ['a'], headcount: '20', deadline: '2027-06-30', skills: 'ArkTS', notes: '', partnerOrgIds: ['u1'] }
  const today = '2026-05-01'
  it('accepts a good order', () => {
    expect(checkOrder(ok, today)).toEqual({})
  })
  it('mirrors the server: headcount under 1, past deadline, no tracks or partners', () => {
    const e = checkOrder({ ...ok, headcount: '0', deadline: '2026-04-30', tracks: [], partnerOrgIds: [] }, today)
    expect(Object.keys(e).sort()).toEqual(['deadline', 'headcount', 'partnerOrgIds', 'tracks'])
    expect(e.deadline?.key).toBe('training.check.deadlinePast')
    expect(e.headcount?.key).toBe('training.check.headcount')
  })
  it('refuses fractions, blanks, far deadlines and too many skills', () => {
    expect(checkOrder({ ...ok, headcount: '2.5' }, today).headcount?.key).toBe('training.check.headcount')
    expect(checkOrder({ ...ok, headcount: '' }, today).headcount?.key).toBe('validation.required')
    expect(checkOrder({ ...ok, title: '   ' }, today).title?.key).toBe('validation.required')
    expect(checkOrder({ ...ok, deadline: '2031-05-02' }, today).deadline?.key).toBe('training.check.deadlineFar')
    expect(checkOrder({ ...ok, deadline: '2031-05-01' }, today).deadline).toBeUndefined()
    expect(checkOrder({ ...ok, skills: Array.from({ length: 31 }, (_, i) => `s${i}`).join(',') }, today).skills?.key).toBe('training.check.skillsCount')
  })
})

describe('hireRefusal', () => {
  it('reads the slug of a problem type', () => {
    expect(hireRefusal('https://ohtalent.dev/problems/no-consent')).toBe('no-consent')
    expect(hireRefusal('https://ohtalent.dev/problems/credential-wrong-track')).toBe('credential-wrong-track')
    expect(hireRefusal('https://ohtalent.dev/problems/validation')).toBeNull()
    expect(hireRefusal(undefined)).toBeNull()
  })
})

describe('defaultCredential', () => {
  it('proposes a valid credential of the order first', () => {
    expect(defaultCredential({ credentials: [cred('a', false, true), cred('b', true, false), cred('c', true, true)] })).toBe('c')
    expect(defaultCredential({ credentials: [cred('a', false, true)] })).toBe('a')
    expect(defaultCredential({ credentials: [] })).toBe('')
  })
})

describe('event helpers', () => {
  it('round-trips datetime-local values', () => {
    const iso = localToRFC3339('2026-10-24T14:00')
    expect(rfc3339ToLocal(iso)).toBe('2026-10-24T14:00')
    expect(localToRFC3339('')).toBe('')
  })
  it('never counts negative seats', () => {
    expect(seatsLeft({ capacity: 10, registered: 4 })).toBe(6)
    expect(seatsLeft({ capacity: 3, registered: 5 })).toBe(0)
  })
})
