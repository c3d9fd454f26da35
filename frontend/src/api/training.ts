// Typed calls and shapes of the order-based training routes (issue #9):
// enterprise orders and hires, partner schools, learner consent, events
// and the consortium view. Kept apart from client.ts so the learner's
// first load does not carry them; the transport is client.ts's.
import { download, request } from './client'
import type { DownloadedFile, ItemList, LocalizedText, OrgKind, Page, PageQuery } from './types'

export interface OrgRef {
  id: string
  code: string
  kind: OrgKind
  name: LocalizedText
}

export interface Counts {
  enrolled: number
  active: number
  certified: number
  hired: number
}

export interface OrderProgress extends Counts {
  headcount: number
  /** Whole days to the deadline, rounded up; negative once it has passed. */
  daysLeft: number
  /** Certified by now if the order advanced evenly to its deadline. */
  expectedCertified: number
  filled: boolean
  onTrack: boolean
}

export type OrderStatus = 'open' | 'closed' | 'cancelled'
export type PartnerStatus = 'invited' | 'accepted' | 'declined'

export interface LinkedCohort {
  id: string
  name: string
  term: string
  linkedAt: string
}

export interface Partner {
  org: OrgRef
  status: PartnerStatus
  note: string
  invitedAt: string
  respondedAt: string | null
  cohorts: LinkedCohort[]
  progress: Counts
}

export interface Order {
  id: string
  org: OrgRef
  consortiumId: string | null
  title: string
  tracks: string[]
  headcount: number
  deadline: string
  skills: string[]
  notes: string
  status: OrderStatus
  partners: Partner[]
  progress: OrderProgress
  createdAt: string
  updatedAt: string
}

export interface CreateOrderRequest {
  title: string
  tracks: string[]
  headcount: number
  /** "2027-06-30" (end of that day, China time) or RFC 3339. */
  deadline: string
  skills: string[]
  notes: string
  partnerOrgIds: string[]
  consortiumId?: string
}

export type UpdateOrderRequest = Partial<Omit<CreateOrderRequest, 'partnerOrgIds' | 'consortiumId'>> & { status?: OrderStatus }

export interface CandidateCredential {
  id: string
  track: string
  title: LocalizedText | string
  status: string
  valid: boolean
  /** Certifies one of the order's tracks. */
  matchesOrder: boolean
  issuedAt: string
  validUntil: string | null
}

export interface Candidate {
  userId: string
  displayName: string
  /** Only when the learner chose to share it. */
  email: string | null
  school: OrgRef
  consent: { id: string; scope: ConsentScope; since: string }
  certified: boolean
  credentials: CandidateCredential[]
  hire: { placementId: string; startDate: string } | null
}

export interface HireRequest {
  userId: string
  credentialId: string
  /** YYYY-MM-DD */
  startDate: string
}

export interface Placement {
  id: string
  order: { id: string; title: string }
  person: { id: string; displayName: string }
  credential: { id: string; track: string; issuedAt: string; verifiedAt: string }
  school: OrgRef
  startDate: string
  confirmedBy: string
  confirmedAt: string
}

export interface PlacementSummary {
  total: number
  byOrder: Array<{ order: { id: string; title: string }; headcount: number; hires: number }>
  byMonth: Array<{ month: string; hires: number }>
}

export type ConsentScope = 'order' | 'consortium'

export interface Consent {
  id: string
  scope: ConsentScope
  order: { id: string; title: string; org: OrgRef } | null
  consortium: { id: string; code: string; name: LocalizedText } | null
  shareEmail: boolean
  createdAt: string
  updatedAt: string
  withdrawnAt: string | null
}

export interface ConsentOptions {
  orders: Array<{ order: { id: string; title: string; org: OrgRef }; tracks: string[]; deadline: string; school: OrgRef; consentId: string | null }>
  consortiums: Array<{ consortium: { id: string; code: string; name: LocalizedText }; consentId: string | null }>
}

export type GiveConsentRequest = ({ orderId: string } | { consortiumId: string }) & { shareEmail: boolean }

export type EventKind = 'salon' | 'competition'

export interface TrainingEvent {
  id: string
  org: OrgRef
  kind: EventKind
  title: string
  description: string
  place: string
  startsAt: string
  endsAt: string
  capacity: number
  registered: number
  checkedIn: number
  status: string
  createdAt: string
}

export interface EventRequest {
  kind: EventKind
  title: string
  description: string
  place: string
  startsAt: string
  endsAt: string
  capacity: number
}

export interface EventResult {
  rank: number | null
  award: string
  credentialId: string | null
}

export interface Registration {
  event?: TrainingEvent
  person?: { id: string; displayName: string; email?: string }
  status: string
  registeredAt: string
  checkedInAt: string | null
  result: EventResult | null
}

export interface ConsortiumTraining {
  consortium: { id: string; code: string; name: LocalizedText }
  leadOrgId: string
  members: OrgRef[]
  orders: Order[]
  ordersTruncated: boolean
  totals: Counts & { orders: number; openOrders: number; headcount: number }
  placements: { total: number; byOrg: Array<{ org: OrgRef; hires: number }>; byMonth: Array<{ month: string; hires: number }> }
}

const seg = encodeURIComponent
const org = (orgId: string) => `/orgs/${seg(orgId)}`
const page = (q?: PageQuery) => ({ limit: q?.limit, cursor: q?.cursor ?? undefined })

const get = <T>(path: string, query?: Record<string, string | number | boolean | undefined>, signal?: AbortSignal) =>
  request<T>('GET', path, { query, signal })
const send = <T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
  request<T>(method, path, { body })

export const training = {
  orders: {
    list: (orgId: string, q: PageQuery & { status?: OrderStatus | '' } = {}, signal?: AbortSignal) =>
      get<Page<Order>>(`${org(orgId)}/orders`, { ...page(q), status: q.status || undefined }, signal),
    get: (orgId: string, orderId: string, signal?: AbortSignal) => get<Order>(`${org(orgId)}/orders/${seg(orderId)}`, {}, signal),
    create: (orgId: string, body: CreateOrderRequest) => send<Order>('POST', `${org(orgId)}/orders`, body),
    update: (orgId: string, orderId: string, body: UpdateOrderRequest) =>
      send<Order>('PATCH', `${org(orgId)}/orders/${seg(orderId)}`, body),
    invite: (orgId: string, orderId: string, partnerOrgId: string) =>
      send<Order>('POST', `${org(orgId)}/orders/${seg(orderId)}/partners`, { partnerOrgId }),
    candidates: (orgId: string, orderId: string, q: PageQuery & { certified?: boolean } = {}, signal?: AbortSignal) =>
      get<Page<Candidate>>(`${org(orgId)}/orders/${seg(orderId)}/candidates`, { ...page(q), certified: q.certified || undefined }, signal),
    hire: (orgId: string, orderId: string, body: HireRequest) =>
      send<Placement>('POST', `${org(orgId)}/orders/${seg(orderId)}/hires`, body),
  },
  placements: {
    list: (orgId: string, q: PageQuery & { orderId?: string; month?: string } = {}, signal?: AbortSignal) =>
      get<Page<Placement>>(`${org(orgId)}/placements`, { ...page(q), orderId: q.orderId || undefined, month: q.month || undefined }, signal),
    summary: (orgId: string, signal?: AbortSignal) => get<PlacementSummary>(`${org(orgId)}/placements/summary`, {}, signal),
    /** The subsidy programs' export of confirmed hires. */
    export: (orgId: string, format: 'csv' | 'xlsx', month = ''): Promise<DownloadedFile> =>
      download('GET', `${org(orgId)}/placements`, `placements.${format}`, { query: { format, month: month || undefined } }),
  },
  partnerOrders: {
    list: (orgId: string, q: PageQuery & { status?: PartnerStatus | '' } = {}, signal?: AbortSignal) =>
      get<Page<Order>>(`${org(orgId)}/partner-orders`, { ...page(q), status: q.status || undefined }, signal),
    get: (orgId: string, orderId: string, signal?: AbortSignal) =>
      get<Order>(`${org(orgId)}/partner-orders/${seg(orderId)}`, {}, signal),
    respond: (orgId: string, orderId: string, decision: 'accept' | 'decline', note: string) =>
      send<Order>('POST', `${org(orgId)}/partner-orders/${seg(orderId)}/response`, { decision, note }),
    link: (orgId: string, orderId: string, cohortId: string) =>
      send<Order>('POST', `${org(orgId)}/partner-orders/${seg(orderId)}/cohorts`, { cohortId }),
    unlink: (orgId: string, orderId: string, cohortId: string) =>
      send<void>('DELETE', `${org(orgId)}/partner-orders/${seg(orderId)}/cohorts/${seg(cohortId)}`),
  },
  consents: {
    list: (includeWithdrawn = false, signal?: AbortSignal) =>
      get<ItemList<Consent>>('/me/consents', { include: includeWithdrawn ? 'withdrawn' : undefined }, signal),
    options: (signal?: AbortSignal) => get<ConsentOptions>('/me/consent-options', {}, signal),
    give: (body: GiveConsentRequest) => send<Consent>('POST', '/me/consents', body),
    withdraw: (id: string) => send<void>('DELETE', `/me/consents/${seg(id)}`),
  },
  events: {
    list: (q: PageQuery & { kind?: EventKind | ''; past?: boolean } = {}, signal?: AbortSignal) =>
      request<Page<TrainingEvent>>('GET', '/events', { query: { ...page(q), kind: q.kind || undefined, past: q.past || undefined }, signal, auth: false }),
    get: (id: string, signal?: AbortSignal) => request<TrainingEvent>('GET', `/events/${seg(id)}`, { signal, auth: false }),
    register: (id: string) => send<Registration>('POST', `/events/${seg(id)}/registration`),
    cancel: (id: string) => send<void>('DELETE', `/events/${seg(id)}/registration`),
    mine: (includeCancelled = false, signal?: AbortSignal) =>
      get<ItemList<Registration>>('/me/events', { include: includeCancelled ? 'cancelled' : undefined }, signal),
  },
  orgEvents: {
    list: (orgId: string, q: PageQuery = {}, signal?: AbortSignal) => get<Page<TrainingEvent>>(`${org(orgId)}/events`, page(q), signal),
    get: (orgId: string, id: string, signal?: AbortSignal) => get<TrainingEvent>(`${org(orgId)}/events/${seg(id)}`, {}, signal),
    create: (orgId: string, body: EventRequest) => send<TrainingEvent>('POST', `${org(orgId)}/events`, body),
    update: (orgId: string, id: string, body: Partial<EventRequest> & { status?: 'cancelled' }) =>
      send<TrainingEvent>('PATCH', `${org(orgId)}/events/${seg(id)}`, body),
    registrations: (orgId: string, id: string, q: PageQuery = {}, signal?: AbortSignal) =>
      get<Page<Registration>>(`${org(orgId)}/events/${seg(id)}/registrations`, page(q), signal),
    checkIn: (orgId: string, id: string, userId: string) =>
      send<Registration>('POST', `${org(orgId)}/events/${seg(id)}/check-ins`, { userId }),
    result: (orgId: string, id: string, userId: string, body: { rank?: number; award: string; awardCredential: boolean }) =>
      send<Registration>('PUT', `${org(orgId)}/events/${seg(id)}/results/${seg(userId)}`, body),
  },
  consortium: (id: string, signal?: AbortSignal) => get<ConsortiumTraining>(`/consortiums/${seg(id)}/training`, {}, signal),
}
