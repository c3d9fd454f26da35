import { onBeforeUnmount, ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { isAbortError } from '../api/client'
import type { Page, PageQuery } from '../api/types'

export interface PagedState<T> {
  items: Ref<T[]>
  nextCursor: Ref<string | null>
  /** True while the first page loads. */
  loading: Ref<boolean>
  /** True while a further page loads. */
  loadingMore: Ref<boolean>
  error: ShallowRef<unknown>
  /** Error of the last "load more" (the loaded items stay). */
  moreError: ShallowRef<unknown>
  reset: () => Promise<void>
  loadMore: () => Promise<void>
}

/** A cursor-paginated list with "load more". */
export function usePaged<T>(
  fetchPage: (q: PageQuery, signal: AbortSignal) => Promise<Page<T>>,
  pageSize = 20,
): PagedState<T> {
  const items = ref<T[]>([]) as Ref<T[]>
  const nextCursor = ref<string | null>(null)
  const loading = ref(true)
  const loadingMore = ref(false)
  const error = shallowRef<unknown>(null)
  const moreError = shallowRef<unknown>(null)
  let controller: AbortController | null = null

  async function reset(): Promise<void> {
    controller?.abort()
    const c = new AbortController()
    controller = c
    loading.value = true
    loadingMore.value = false
    error.value = null
    moreError.value = null
    try {
      const page = await fetchPage({ limit: pageSize }, c.signal)
      if (c.signal.aborted) return
      items.value = page.items
      nextCursor.value = page.nextCursor
    } catch (e) {
      if (c.signal.aborted || isAbortError(e)) return
      items.value = []
      nextCursor.value = null
      error.value = e
    } finally {
      if (controller === c) loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value || loading.value) return
    const c = controller ?? new AbortController()
    loadingMore.value = true
    moreError.value = null
    try {
      const page = await fetchPage({ limit: pageSize, cursor: nextCursor.value }, c.signal)
      if (c.signal.aborted) return
      items.value = [...items.value, ...page.items]
      nextCursor.value = page.nextCursor
    } catch (e) {
      if (c.signal.aborted || isAbortError(e)) return
      moreError.value = e
    } finally {
      loadingMore.value = false
    }
  }

  onBeforeUnmount(() => controller?.abort())

  return { items, nextCursor, loading, loadingMore, error, moreError, reset, loadMore }
}
