import { describe, expect, it } from 'vitest'
import type { Me, Membership, MemberRole, OrgKind } from '../src/api/types'
import { memberOrgs, orgNav, orgSections, rolesIn, SECTION_LINKS } from '../src/lib/orgSections'
import { i18n } from './setup'

let n = 0
const membership = (orgId: string, orgKind: OrgKind, role: MemberRole, status: Membership['status'] = 'active'): Membership => ({
  id: `m${++n}`,
  orgId,
  orgCode: orgId.toUpperCase(),
  orgName: { zh: `机构 ${orgId}`, en: `Org ${orgId}` },
  orgKind,
  role,
  status,
})
const me = (memberships: Membership[], platformAdmin = false): Me =>
  ({ id: 'u1', email: 'a@b.cn', displayName: '测试', platformAdmin, memberships }) as unknown as Me

describe('rolesIn', () => {
  it('reads the API policies: admin, staff (admin, instructor), hr (admin, enterprise verifier)', () => {
    expect(rolesIn(me([membership('u', 'university', 'instructor')]), 'u')).toEqual({ admin: false, staff: true, hr: false })
    expect(rolesIn(me([membership('e', 'enterprise', 'enterprise_verifier')]), 'e')).toEqual({ admin: false, staff: false, hr: true })
    expect(rolesIn(me([membership('e', 'enterprise', 'org_admin')]), 'e')).toEqual({ admin: true, staff: true, hr: true })
    expect(rolesIn(me([membership('u', 'university', 'student')]), 'u')).toEqual({ admin: false, staff: false, hr: false })
  })
  it('ignores inactive memberships and other orgs; platform admins hold every role', () => {
    expect(rolesIn(me([membership('u', 'university', 'org_admin', 'inactive')]), 'u').admin).toBe(false)
    expect(rolesIn(me([membership('u', 'university', 'org_admin')]), 'other').staff).toBe(false)
    expect(rolesIn(me([], true), 'any')).toEqual({ admin: true, staff: true, hr: true })
    expect(rolesIn(null, 'u').staff).toBe(false)
  })
})

describe('orgSections', () => {
  const instructor = { admin: false, staff: true, hr: false }
  const verifier = { admin: false, staff: false, hr: true }
  const admin = { admin: true, staff: true, hr: true }
  it('gives a school’s instructors its cohorts, partner orders and events, nothing of an admin’s', () => {
    expect(orgSections('university', instructor)).toEqual(['cohorts', 'partnerOrders', 'events'])
    expect(orgSections('vocational_college', instructor)).toEqual(['cohorts', 'partnerOrders', 'events'])
  })
  it('gives an enterprise’s HR staff its orders and hires only', () => {
    expect(orgSections('enterprise', verifier)).toEqual(['orders', 'placements'])
  })
  it('gives admins every page their org’s kind has', () => {
    expect(orgSections('university', admin)).toEqual(['details', 'members', 'cohorts', 'partnerOrders', 'events', 'apiKeys', 'dashboard', 'audit'])
    expect(orgSections('enterprise', admin)).toEqual(['details', 'members', 'cohorts', 'orders', 'placements', 'events', 'apiKeys', 'dashboard', 'audit'])
    expect(orgSections('training_center', admin)).not.toContain('partnerOrders')
  })
  it('offers no training page while the kind is unknown', () => {
    expect(orgSections(undefined, admin)).toEqual(['details', 'members', 'cohorts', 'apiKeys', 'dashboard', 'audit'])
  })
  it('names a route and an existing message for every section', () => {
    for (const [section, link] of Object.entries(SECTION_LINKS)) {
      expect(link.route, section).toMatch(/^console-/)
      expect(i18n.global.te(link.label, 'zh-CN'), link.label).toBe(true)
      expect(i18n.global.te(link.label, 'en'), link.label).toBe(true)
    }
  })
})

describe('memberOrgs and orgNav', () => {
  const person = me([
    membership('u', 'university', 'instructor'),
    membership('u', 'university', 'org_admin'),
    membership('e', 'enterprise', 'enterprise_verifier'),
    membership('s', 'university', 'student'),
    membership('x', 'university', 'org_admin', 'inactive'),
  ])
  it('lists each org once with the strongest role, leaving out orgs with nothing to open', () => {
    const orgs = memberOrgs(person)
    expect(orgs.map((o) => [o.membership.orgId, o.membership.role])).toEqual([
      ['u', 'org_admin'],
      ['e', 'enterprise_verifier'],
    ])
  })
  it('keeps the day-to-day pages for the console’s navigation', () => {
    expect(orgNav(person).map((o) => [o.membership.orgId, o.sections])).toEqual([
      ['u', ['cohorts', 'partnerOrders', 'events']],
      ['e', ['orders', 'placements']],
    ])
    expect(orgNav(me([membership('s', 'university', 'student')]))).toEqual([])
  })
})
