import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { AUDIT_ACTIONS, AUDIT_ACTOR_TYPES, AUDIT_TARGET_TYPES } from '../src/api/audit'
import {
  AUDIT_GROUPS,
  EMPTY_AUDIT_FILTER,
  ORG_AUDIT_ACTIONS,
  auditGroup,
  dayStart,
  detailsText,
  filterFromQuery,
  filterProblem,
  filterToQuery,
  groupActions,
  groupFilter,
  isAuditAction,
  isFiltered,
  toAuditQuery,
  type AuditFilter,
} from '../src/lib/audit'
import { i18n, t, useLocale } from './setup'

afterEach(() => useLocale('zh-CN'))

const filter = (over: Partial<AuditFilter> = {}): AuditFilter => ({ ...EMPTY_AUDIT_FILTER, ...over })

describe('audit actions', () => {
  it('mirror the API document’s list, in its order', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../api/openapi.yaml', import.meta.url)), 'utf8')
    const schema = doc.slice(doc.indexOf('\n    AuditEvent:\n'))
    const m = /\n {8}action:\n {10}type: string\n {10}enum: \[([^\]]+)\]/.exec(schema)
    expect(m, 'the AuditEvent schema lists its actions').not.toBeNull()
    const documented = (m?.[1] ?? '').split(',').map((s) => s.trim())
    expect([...AUDIT_ACTIONS]).toEqual(documented)
  })

  it('all belong to a group, and the filter offers every group once, in order', () => {
    for (const a of AUDIT_ACTIONS) expect(auditGroup(a), a).not.toBeNull()
    const groups = groupActions(AUDIT_ACTIONS)
    expect(groups.map((g) => g.group)).toEqual([...AUDIT_GROUPS])
    expect(groups.flatMap((g) => g.actions).sort()).toEqual([...AUDIT_ACTIONS].sort())
    expect(groups.find((g) => g.group === 'credential')?.actions).toEqual([
      'credential.issued',
      'credential.revoked',
      'credential.suspended',
      'credential.reinstated',
      'credential.signing_key.rotated',
    ])
    expect(groupFilter('credential')).toBe('credential.*')
    expect(auditGroup('credential.*')).toBe('credential')
    expect(auditGroup('billing.paid')).toBeNull()
    expect(isAuditAction('credential.revoked')).toBe(true)
    expect(isAuditAction('credential.*')).toBe(false)
  })

  it('an org’s log offers only what an org’s events can be', () => {
    expect(ORG_AUDIT_ACTIONS).toContain('org.member.added')
    expect(ORG_AUDIT_ACTIONS).toContain('roster.imported')
    expect(ORG_AUDIT_ACTIONS).toContain('api_key.revoked')
    expect(ORG_AUDIT_ACTIONS).toContain('credential.revoked')
    expect(ORG_AUDIT_ACTIONS).not.toContain('credential.signing_key.rotated')
    expect(ORG_AUDIT_ACTIONS).not.toContain('auth.login.failed')
    expect(ORG_AUDIT_ACTIONS).not.toContain('talent.goal.changed')
    for (const a of AUDIT_ACTIONS.filter((x) => x.startsWith('training.'))) expect(ORG_AUDIT_ACTIONS).toContain(a)
    expect(ORG_AUDIT_ACTIONS).toContain('training.hire.confirmed')
    expect(groupActions(ORG_AUDIT_ACTIONS).map((g) => g.group)).toEqual(['api_key', 'org', 'roster', 'credential', 'training'])
  })

  it('have a label in both languages, as do groups, actors and targets', () => {
    const keys = [
      ...AUDIT_ACTIONS.map((a) => `enums.auditAction.${a}`),
      ...AUDIT_GROUPS.map((g) => `enums.auditGroup.${g}`),
      ...AUDIT_ACTOR_TYPES.map((a) => `enums.auditActor.${a}`),
      ...AUDIT_TARGET_TYPES.map((x) => `enums.auditTarget.${x}`),
    ]
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of keys) expect(i18n.global.te(key, locale), `${locale} ${key}`).toBe(true)
    }
    expect(t('enums.auditAction.credential.revoked')).toBe('撤销证书')
    useLocale('en')
    expect(t('enums.auditAction.credential.signing_key.rotated')).toBe('Certificate signing key rotated')
    // Every action its own label.
    expect(new Set(AUDIT_ACTIONS.map((a) => t(`enums.auditAction.${a}`))).size).toBe(AUDIT_ACTIONS.length)
  })
})

describe('audit filter', () => {
  it('reads the page address, ignoring what is not text and malformed days', () => {
    expect(filterFromQuery({})).toEqual(EMPTY_AUDIT_FILTER)
    expect(
      filterFromQuery({
        action: ' credential.* ',
        actor: ['a', 'b'],
        target: 'c1',
        since: '2026-05-01',
        until: '05/02/2026',
        orgId: 'o1',
        other: 'x',
      }),
    ).toEqual(filter({ action: 'credential.*', target: 'c1', since: '2026-05-01', orgId: 'o1' }))
  })

  it('writes only set fields into the page address, and round-trips', () => {
    const f = filter({ action: 'org.member.added', actor: ' u1 ', until: '2026-05-02' })
    expect(filterToQuery(f)).toEqual({ action: 'org.member.added', actor: 'u1', until: '2026-05-02' })
    expect(filterFromQuery(filterToQuery(f))).toEqual(filter({ action: 'org.member.added', actor: 'u1', until: '2026-05-02' }))
    expect(isFiltered(f)).toBe(true)
    expect(isFiltered(filter({ actor: '  ' }))).toBe(false)
  })

  it('refuses a range that ends before it starts; one day is a range', () => {
    expect(filterProblem(filter({ since: '2026-05-02', until: '2026-05-01' }))).toBe('untilBeforeSince')
    expect(filterProblem(filter({ since: '2026-05-01', until: '2026-05-01' }))).toBeNull()
    expect(filterProblem(filter({ until: '2026-05-01' }))).toBeNull()
  })

  it('sends days as the viewer’s midnights, until exclusive (the day after), in RFC 3339', () => {
    expect(dayStart('2026-05-01')).toBe(new Date(2026, 4, 1).toISOString().replace('.000Z', 'Z'))
    expect(dayStart('2026-12-31', 1)).toBe(new Date(2027, 0, 1).toISOString().replace('.000Z', 'Z'))
    expect(dayStart('')).toBeUndefined()
    expect(dayStart('2026-5-1')).toBeUndefined()
    expect(dayStart('2026-05-01')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)

    const q = toAuditQuery(filter({ action: 'credential.revoked', actor: ' u1 ', target: '', since: '2026-05-01', until: '2026-05-01', orgId: 'o1' }))
    expect(q).toEqual({
      action: 'credential.revoked',
      actor: 'u1',
      since: dayStart('2026-05-01'),
      until: dayStart('2026-05-02'),
      orgId: 'o1',
    })
    // 24 hours apart (no daylight saving time in May).
    expect(Date.parse(q.until ?? '') - Date.parse(q.since ?? '')).toBe(86_400_000)
    expect(toAuditQuery(EMPTY_AUDIT_FILTER)).toEqual({})
  })

  it('shows details as one line, nested values as JSON', () => {
    expect(detailsText({ format: 'csv', rows: 2, created: 2 })).toBe('format: csv · rows: 2 · created: 2')
    expect(detailsText({ from: 'active', to: 'revoked', extra: { a: 1 } })).toBe('from: active · to: revoked · extra: {"a":1}')
    expect(detailsText({})).toBe('')
    expect(detailsText(null)).toBe('')
  })
})
