// Who is signed in. A small reactive module instead of a store library.
import { computed, reactive, readonly } from 'vue'
import { api, clearTokens, hasSession, isApiError, REFRESH_STORAGE_KEY } from '../api/client'
import type { LoginRequest, Me, Membership } from '../api/types'

interface AuthState {
  me: Me | null
  /** False until the first /me look-up (if any) has settled. */
  ready: boolean
}

const state = reactive<AuthState>({ me: null, ready: false })

let readyPromise: Promise<void> | null = null

async function loadMe(): Promise<void> {
  try {
    state.me = await api.me.get()
  } catch (e) {
    if (isApiError(e) && (e.status === 401 || e.status === 403)) {
      clearTokens()
      state.me = null
    } else {
      // Server unreachable: keep the tokens, treat as signed out for now.
      state.me = null
    }
  }
}

/** Resolves once we know whether someone is signed in. */
export function authReady(): Promise<void> {
  if (!readyPromise) {
    readyPromise = (async () => {
      if (hasSession()) await loadMe()
      state.ready = true
    })()
  }
  return readyPromise
}

export async function login(body: LoginRequest): Promise<Me> {
  await api.auth.login(body)
  const me = await api.me.get()
  state.me = me
  return me
}

export async function logout(): Promise<void> {
  state.me = null
  try {
    await api.auth.logout()
  } catch {
    // The tokens are gone locally either way.
  }
}

/** The refresh token was refused: forget the user. */
export function sessionLost(): void {
  state.me = null
}

export function setMe(me: Me): void {
  state.me = me
}

export async function reloadMe(): Promise<void> {
  await loadMe()
}

function activeAdminMemberships(me: Me | null): Membership[] {
  return (me?.memberships ?? []).filter((m) => m.role === 'org_admin' && m.status === 'active')
}

/** Active memberships as org admin or instructor: the people who run cohorts. */
function activeStaffMemberships(me: Me | null): Membership[] {
  return (me?.memberships ?? []).filter((m) => (m.role === 'org_admin' || m.role === 'instructor') && m.status === 'active')
}

export function canAdminOrg(me: Me | null, orgId: string): boolean {
  if (!me) return false
  if (me.platformAdmin) return true
  return activeAdminMemberships(me).some((m) => String(m.orgId) === String(orgId))
}

/** Org admins and instructors of the org (and platform admins) manage its cohorts. */
export function canStaffOrg(me: Me | null, orgId: string): boolean {
  if (!me) return false
  if (me.platformAdmin) return true
  return activeStaffMemberships(me).some((m) => String(m.orgId) === String(orgId))
}

/** An enterprise's HR staff: they follow its training orders and confirm hires. */
function activeVerifierMemberships(me: Me | null): Membership[] {
  return (me?.memberships ?? []).filter((m) => m.role === 'enterprise_verifier' && m.status === 'active')
}

/** Org admins and enterprise verifiers of the org (and platform admins) see its orders and confirm hires. */
export function canHireForOrg(me: Me | null, orgId: string): boolean {
  if (!me) return false
  return canAdminOrg(me, orgId) || activeVerifierMemberships(me).some((m) => String(m.orgId) === String(orgId))
}

export function canUseConsole(me: Me | null): boolean {
  return !!me && (me.platformAdmin || activeStaffMemberships(me).length > 0 || activeVerifierMemberships(me).length > 0)
}

const sessionLostHandlers: Array<() => void> = []
export function onSignedOutElsewhere(fn: () => void): void {
  sessionLostHandlers.push(fn)
}

// Sign out here when another tab signs out (the refresh token disappears).
window.addEventListener('storage', (ev) => {
  if (ev.key === REFRESH_STORAGE_KEY && ev.newValue === null && state.me) {
    clearTokens()
    state.me = null
    sessionLostHandlers.forEach((fn) => fn())
  }
})

export function useAuth() {
  return {
    state: readonly(state),
    me: computed(() => state.me),
    signedIn: computed(() => state.me !== null),
    isPlatformAdmin: computed(() => state.me?.platformAdmin === true),
    adminMemberships: computed(() => activeAdminMemberships(state.me)),
    canUseConsole: computed(() => canUseConsole(state.me)),
  }
}
