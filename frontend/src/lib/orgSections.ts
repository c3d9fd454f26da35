// Which pages of an organization a person may open, for the org tabs, the
// console's navigation and the org cards. It mirrors the API's policies
// (internal/training/training.go and the org and roster routes): org
// admins run everything; instructors ("staff" with the admins) run cohorts,
// a school's partner orders and the org's events; an enterprise's HR staff
// (enterprise verifiers, "hr" with the admins) follow its orders and hires.
// Pure, so unit tests check it against those policies.
import type { Me, Membership, OrgKind } from '../api/types'

export type OrgSection =
  | 'details'
  | 'members'
  | 'cohorts'
  | 'orders'
  | 'placements'
  | 'partnerOrders'
  | 'events'
  | 'apiKeys'
  | 'dashboard'
  | 'audit'

export interface SectionLink {
  /** The route's name; every one takes :orgId. */
  route: string
  /** i18n key of the link's text. */
  label: string
  /** Active only on the page itself, not on the pages below it (an order, an event). */
  exact: boolean
}

export const SECTION_LINKS: Record<OrgSection, SectionLink> = {
  details: { route: 'console-org', label: 'orgs.details', exact: true },
  members: { route: 'console-org-members', label: 'orgs.members', exact: true },
  cohorts: { route: 'console-cohorts', label: 'orgs.cohorts', exact: false },
  orders: { route: 'console-orders', label: 'training.tabs.orders', exact: false },
  placements: { route: 'console-placements', label: 'training.tabs.placements', exact: true },
  partnerOrders: { route: 'console-partner-orders', label: 'training.tabs.partnerOrders', exact: false },
  events: { route: 'console-org-events', label: 'training.tabs.events', exact: false },
  apiKeys: { route: 'console-org-api-keys', label: 'orgs.apiKeys', exact: true },
  dashboard: { route: 'console-org-dashboard', label: 'dashboard.tab', exact: true },
  audit: { route: 'console-org-audit', label: 'orgs.audit', exact: true },
}

/** What a person is in one org (platform admins are all three everywhere). */
export interface OrgRoles {
  /** org_admin */
  admin: boolean
  /** org_admin or instructor */
  staff: boolean
  /** org_admin or enterprise_verifier */
  hr: boolean
}

/** The roles `me` holds in the org, from active memberships. */
export function rolesIn(me: Me | null, orgId: string): OrgRoles {
  if (!me) return { admin: false, staff: false, hr: false }
  if (me.platformAdmin) return { admin: true, staff: true, hr: true }
  const roles = new Set(me.memberships.filter((m) => m.orgId === orgId && m.status === 'active').map((m) => m.role))
  const admin = roles.has('org_admin')
  return { admin, staff: admin || roles.has('instructor'), hr: admin || roles.has('enterprise_verifier') }
}

export function isSchool(kind: OrgKind | undefined): boolean {
  return kind === 'university' || kind === 'vocational_college'
}

/**
 * The sections open to these roles in an org of this kind, in tab order.
 * Orders are an enterprise's, partner orders a school's; until the kind is
 * known neither is offered, nor are events (so tabs do not jump about).
 */
export function orgSections(kind: OrgKind | undefined, r: OrgRoles): OrgSection[] {
  const out: OrgSection[] = []
  if (r.admin) out.push('details', 'members')
  if (r.staff) out.push('cohorts')
  if (r.hr && kind === 'enterprise') out.push('orders', 'placements')
  if (r.staff && isSchool(kind)) out.push('partnerOrders')
  if (r.staff && kind) out.push('events')
  if (r.admin) out.push('apiKeys', 'dashboard', 'audit')
  return out
}

/** The day-to-day sections the console's side navigation lists per org (settings stay in the org's tabs). */
export const WORK_SECTIONS: ReadonlySet<OrgSection> = new Set(['cohorts', 'orders', 'placements', 'partnerOrders', 'events'])

const ROLE_RANK: Record<Membership['role'], number> = { org_admin: 0, instructor: 1, enterprise_verifier: 2, student: 3 }

/** An org someone works in: their strongest active membership there and the sections it opens. */
export interface MemberOrg {
  membership: Membership
  sections: OrgSection[]
}

/** The orgs where `me` may open at least one section, in membership order, once each. */
export function memberOrgs(me: Me | null): MemberOrg[] {
  const best = new Map<string, Membership>()
  for (const m of me?.memberships ?? []) {
    if (m.status !== 'active') continue
    const had = best.get(m.orgId)
    if (!had || ROLE_RANK[m.role] < ROLE_RANK[had.role]) best.set(m.orgId, m)
  }
  return [...best.values()]
    .map((m) => ({ membership: m, sections: orgSections(m.orgKind, rolesIn(me, m.orgId)) }))
    .filter((o) => o.sections.length > 0)
}

/** The console's navigation: each org someone works in with its day-to-day sections. */
export function orgNav(me: Me | null): MemberOrg[] {
  return memberOrgs(me)
    .map((o) => ({ ...o, sections: o.sections.filter((s) => WORK_SECTIONS.has(s)) }))
    .filter((o) => o.sections.length > 0)
}
