import { computed } from 'vue'
import { api, fetchAll } from '../api/client'
import type { Org } from '../api/types'
import { useAsync } from './useAsync'

/** Every organization (all pages), for pickers. */
export function useAllOrgs() {
  const state = useAsync<Org[]>((signal) => fetchAll((q) => api.orgs.list(q, signal)))
  const byId = computed(() => new Map((state.data.value ?? []).map((o) => [o.id, o])))
  return { ...state, byId }
}
