// Typed calls and shapes of the security audit log (GET /audit for platform
// admins, GET /orgs/{orgId}/audit for an org's admins). Kept apart from
// client.ts so the learner's first load does not carry them; the transport
// is client.ts's.
import { request } from './client'
import type { Page, PageQuery } from './types'

/**
 * Every action the server records, in its order (internal/audit Actions):
 * the filter offers these, grouped by their first segment. The names are
 * stable; a newer server may record more, shown by their code.
 */
export const AUDIT_ACTIONS = [
  'auth.login.succeeded',
  'auth.login.failed',
  'auth.login.delayed',
  'auth.signing_key.rotated',
  'api_key.created',
  'api_key.revoked',
  'org.member.added',
  'org.member.changed',
  'org.member.removed',
  'roster.imported',
  'credential.issued',
  'credential.revoked',
  'credential.suspended',
  'credential.reinstated',
  'credential.signing_key.rotated',
  'talent.goal.created',
  'talent.goal.changed',
  'talent.goal.deleted',
  'talent.qualifying_tracks.changed',
  'training.order.created',
  'training.order.changed',
  'training.partner.responded',
  'training.hire.confirmed',
  'training.event.created',
  'training.event.changed',
] as const

export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** Who acted: a signed-in user, an org's API key, nobody proven (a failed login), the platform, or an operator's command. */
export const AUDIT_ACTOR_TYPES = ['user', 'api_key', 'anonymous', 'system', 'cli'] as const
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number]

/** What events are about (the API's examples, and goals and settings). */
export const AUDIT_TARGET_TYPES = [
  'user',
  'membership',
  'cohort',
  'credential',
  'api_key',
  'signing_key',
  'goal',
  'talent_settings',
  'training_order',
  'placement',
  'training_event',
] as const
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number]

/** One entry of the log. It holds no personal data: ids, a network, counts and states. */
export interface AuditEvent {
  id: string
  occurredAt: string
  /** Usually an AuditAction; a newer server may send others. */
  action: string
  actorType: string
  /** The user or API key id; empty for anonymous, system and cli. */
  actorId: string
  /** Empty for platform-wide events. */
  orgId: string
  targetType: string
  targetId: string
  /** The caller's network (/24 or /48); empty outside a request. */
  clientNetwork: string
  /** The request's X-Request-ID, to find its log lines. */
  requestId: string
  /** Counts, states and ids for the action. */
  details: Record<string, unknown> | null
}

/** The filters both routes take; empty ones are left out of the request. */
export interface AuditQuery {
  /** An action, or a prefix ending in .* such as credential.* */
  action?: string
  actor?: string
  target?: string
  /** RFC 3339, inclusive. */
  since?: string
  /** RFC 3339, exclusive. */
  until?: string
}

const query = (q: PageQuery & AuditQuery) => ({
  limit: q.limit,
  cursor: q.cursor ?? undefined,
  action: q.action,
  actor: q.actor,
  target: q.target,
  since: q.since,
  until: q.until,
})

export const audit = {
  /** Platform admins: every event, or one organization's with orgId. */
  list: (q: PageQuery & AuditQuery & { orgId?: string } = {}, signal?: AbortSignal) =>
    request<Page<AuditEvent>>('GET', '/audit', { query: { ...query(q), orgId: q.orgId }, signal }),
  /** An organization's admins (and platform admins): that organization's events only. */
  org: (orgId: string, q: PageQuery & AuditQuery = {}, signal?: AbortSignal) =>
    request<Page<AuditEvent>>('GET', `/orgs/${encodeURIComponent(orgId)}/audit`, { query: query(q), signal }),
}
