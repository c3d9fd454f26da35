import { describe, expect, it } from 'vitest'
import {
  chinaDate,
  checkEvent,
  checkOrder,
  defaultCredential,
  editConflict,
  eventChanges,
  eventForm,
  eventRequest,
  hireRefusal,
  localToRFC3339,
  orderChanges,
  orderFields,
  pace,
  parseSkills,
  progressRows,
  rfc3339ToLocal,
  seatsLeft,
  trainingFieldMsg,
  type EventForm,
  type Msg,
  type OrderForm,
} from '../src/lib/training'
import { i18n } from './setup'

/** The message exists in both languages and renders without a placeholder left over. */
function expectWords(m: Msg | null | undefined): void {
  expect(m).toBeTruthy()
  for (const locale of ['zh-CN', 'en'] as const) {
    expect(i18n.global.te(m!.key, locale), `${locale} ${m!.key}`).toBe(true)
    expect(i18n.global.t(m!.key, m!.named ?? {}, { locale })).not.toMatch(/\{\w+\}/)
  }
}

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

describe('editing an order', () => {
  const order = {
    title: '鸿蒙应用开发工程师 20 名',
    tracks: ['b', 'a'],
    headcount: 20,
    // The end of 30 June 2026 in China.
    deadline: '2026-06-30T15:59:59Z',
    skills: ['ArkTS', 'ArkUI'],
    notes: '九月开课',
  }
  const was = orderFields(order)
  it('shows the order as its form: the deadline as its China date, skills on one line', () => {
    expect(was).toEqual({ title: order.title, tracks: ['b', 'a'], headcount: '20', deadline: '2026-06-30', skills: 'ArkTS、ArkUI', notes: '九月开课' })
  })
  it('sends only what changed', () => {
    expect(orderChanges(was, { ...was })).toEqual({})
    expect(orderChanges(was, { ...was, tracks: ['a', 'b'], skills: 'ArkTS, ArkUI', title: ` ${order.title} ` })).toEqual({})
    expect(orderChanges(was, { ...was, headcount: 25, deadline: '2026-09-30', tracks: ['a'], skills: 'ArkTS、分布式数据', notes: '' })).toEqual({
      headcount: 25,
      deadline: '2026-09-30',
      tracks: ['a'],
      skills: ['ArkTS', '分布式数据'],
      notes: '',
    })
  })
  it('lets a passed deadline stand but checks a new one; partners are not part of the edit', () => {
    const today = '2026-08-01'
    expect(checkOrder(was, today, was)).toEqual({})
    expect(checkOrder({ ...was, deadline: '2026-07-15' }, today, was).deadline?.key).toBe('training.check.deadlinePast')
    expect(checkOrder({ ...was, headcount: '0', tracks: [] }, today, was)).toMatchObject({
      headcount: { key: 'training.check.headcount' },
      tracks: { key: 'training.check.tracks' },
    })
  })
})

describe('events: form, checks and changes', () => {
  const now = new Date('2026-10-01T08:00:00Z')
  const at = (iso: string) => rfc3339ToLocal(iso)
  const ok: EventForm = {
    kind: 'competition',
    title: '开源鸿蒙开发者大赛',
    description: 'ArkUI 挑战',
    place: '重庆 两江新区',
    startsAt: at('2026-10-24T06:00:00Z'),
    endsAt: at('2026-10-24T12:00:00Z'),
    capacity: '50',
  }
  it('accepts a good event and sends its times as RFC 3339', () => {
    expect(checkEvent(ok, now)).toEqual({})
    expect(eventRequest(ok)).toMatchObject({ kind: 'competition', startsAt: '2026-10-24T06:00:00.000Z', endsAt: '2026-10-24T12:00:00.000Z', capacity: 50 })
  })
  it('mirrors the server: past start, end before start, over 31 days, seats out of range', () => {
    expect(checkEvent({ ...ok, startsAt: at('2026-09-30T06:00:00Z') }, now).startsAt?.key).toBe('training.check.future')
    expect(checkEvent({ ...ok, endsAt: ok.startsAt }, now).endsAt?.key).toBe('training.check.endsAfter')
    expect(checkEvent({ ...ok, endsAt: at('2026-11-30T06:00:00Z') }, now).endsAt?.key).toBe('training.check.eventLength')
    expect(checkEvent({ ...ok, capacity: 0 }, now).capacity?.key).toBe('training.check.capacity')
    expect(checkEvent({ ...ok, capacity: 2.5 }, now).capacity?.key).toBe('training.check.capacity')
    expect(checkEvent({ ...ok, title: ' ', place: '' }, now)).toMatchObject({ title: { key: 'validation.required' }, place: { key: 'validation.required' } })
  })
  it('when editing, lets a start that has passed stand and keeps the seats above the registrations', () => {
    const started = { ...ok, startsAt: at('2026-09-30T06:00:00Z'), endsAt: at('2026-10-02T06:00:00Z') }
    expect(checkEvent(started, now, started, 3)).toEqual({})
    const below = checkEvent({ ...started, capacity: 2 }, now, started, 3).capacity
    expect(below).toEqual({ key: 'training.check.capacityBelow', named: { n: 3 } })
    expectWords(below)
    expect(checkEvent({ ...started, capacity: 3 }, now, started, 3)).toEqual({})
  })
  it('shows an event as its form and sends only what changed', () => {
    const e = { kind: 'salon' as const, title: 'T', description: 'D', place: 'P', startsAt: '2026-10-24T06:00:00Z', endsAt: '2026-10-24T12:00:00Z', capacity: 50 }
    const was = eventForm(e)
    expect(was.capacity).toBe('50')
    expect(eventChanges(was, { ...was })).toEqual({})
    // A number input's v-model gives numbers.
    expect(eventChanges(was, { ...was, capacity: 50 })).toEqual({})
    const moved = eventChanges(was, { ...was, startsAt: at('2026-10-25T06:00:00Z'), capacity: 1, place: ' 线上 ' })
    expect(moved).toEqual({ startsAt: '2026-10-25T06:00:00.000Z', capacity: 1, place: '线上' })
  })
})

describe('server messages of orders and events', () => {
  it('words the field messages of internal/training as the form does', () => {
    expect(trainingFieldMsg('is below the 12 people already registered')).toEqual({ key: 'training.check.capacityBelow', named: { n: 12 } })
    expect(trainingFieldMsg('must be a whole number from 1 to 100000')).toEqual({ key: 'training.check.headcount', named: { n: 100000 } })
    expect(trainingFieldMsg('must be after startsAt')?.key).toBe('training.check.endsAfter')
    expect(trainingFieldMsg('an event lasts at most 31 days')).toEqual({ key: 'training.check.eventLength', named: { n: 31 } })
    expect(trainingFieldMsg('must be a date (2027-06-30) or an RFC 3339 date-time')?.key).toBe('training.check.deadlineFormat')
    expect(trainingFieldMsg('list 1 to 10 tracks of the catalog (GET /api/v1/tracks)')).toEqual({ key: 'training.check.tracks', named: { n: 10 } })
    expect(trainingFieldMsg('entry 2 must be 1 to 40 characters, such as ArkTS')?.key).toBe('training.check.skillLength')
    expect(trainingFieldMsg('cannot change; create another event')?.key).toBe('training.check.kindFixed')
    expect(trainingFieldMsg('must be within five years')?.key).toBe('training.check.deadlineFar')
    expect(trainingFieldMsg('is required')).toBeNull()
    for (const m of ['is below the 3 people already registered', 'an event lasts at most 31 days', 'must be an RFC 3339 date-time such as 2026-10-24T14:00:00+08:00']) {
      expectWords(trainingFieldMsg(m))
    }
  })
  it('explains each 409 of an edit', () => {
    expect(editConflict('a cancelled order cannot be changed; place a new order').key).toBe('training.edit.orderCancelled')
    expect(editConflict('the event was cancelled; create a new one').key).toBe('training.edit.eventCancelled')
    expect(editConflict('more people registered meanwhile than the new capacity allows; reload and retry').key).toBe('training.edit.capacityRace')
    expect(editConflict(undefined).key).toBe('training.edit.conflict')
    for (const d of ['a cancelled order cannot be changed', 'the event was cancelled', 'more people registered meanwhile', '']) expectWords(editConflict(d))
  })
})
