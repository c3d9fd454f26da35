import { computed, shallowRef } from 'vue'
import { api } from '../api/client'
import type { District } from '../api/types'
import { useFormat } from './useFormat'

// Districts rarely change: fetch once per page load and share.
const districts = shallowRef<District[] | null>(null)
let pending: Promise<void> | null = null

function load(): void {
  if (districts.value || pending) return
  pending = api.districts
    .list()
    .then((r) => {
      districts.value = r.items
    })
    .catch(() => {
      // Without the list, forms fall back to a free-text district code.
    })
    .finally(() => {
      pending = null
    })
}

export function useDistricts() {
  const { loc } = useFormat()
  load()
  const byCode = computed(() => new Map((districts.value ?? []).map((d) => [d.code, d])))
  function districtName(code: string): string {
    if (!code) return '—'
    const d = byCode.value.get(code)
    return d ? loc(d.name) : code
  }
  return { districts, districtName }
}
