import { describe, expect, it, vi } from 'vitest'
import type { Me } from '../src/api/types'

// The auth store listens for sign-outs in other tabs; these tests run
// without a browser, so give it a window that only takes listeners.
vi.stubGlobal('window', { addEventListener: () => {} })
const { canAdminOrg, canHireForOrg, canUseConsole } = await import('../src/stores/auth')

function me(memberships: Array<{ orgId: string; role: string; status?: string }>, platformAdmin = false): Me {
  return {
    platformAdmin,
    memberships: memberships.map((m, i) => ({ id: `m${i}`, status: 'active', ...m })),
  } as unknown as Me
}

describe('console access', () => {
  it('lets an enterprise verifier into the console for its own orders and hires only', () => {
    const hr = me([{ orgId: 'E', role: 'enterprise_verifier' }])
    expect(canUseConsole(hr)).toBe(true)
    expect(canHireForOrg(hr, 'E')).toBe(true)
    expect(canHireForOrg(hr, 'A')).toBe(false)
    expect(canAdminOrg(hr, 'E')).toBe(false)
  })

  it('keeps students and inactive verifiers out', () => {
    expect(canUseConsole(me([{ orgId: 'A', role: 'student' }]))).toBe(false)
    const gone = me([{ orgId: 'E', role: 'enterprise_verifier', status: 'inactive' }])
    expect(canUseConsole(gone)).toBe(false)
    expect(canHireForOrg(gone, 'E')).toBe(false)
    expect(canUseConsole(null)).toBe(false)
  })

  it('lets org admins and platform admins hire', () => {
    expect(canHireForOrg(me([{ orgId: 'E', role: 'org_admin' }]), 'E')).toBe(true)
    expect(canHireForOrg(me([], true), 'E')).toBe(true)
  })
})
