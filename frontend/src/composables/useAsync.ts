import { onBeforeUnmount, ref, shallowRef, watch, type Ref, type ShallowRef, type WatchSource } from 'vue'
import { isAbortError } from '../api/client'

export interface AsyncState<T> {
  data: ShallowRef<T | undefined>
  error: ShallowRef<unknown>
  loading: Ref<boolean>
  /** Runs the fetcher again; earlier runs still in flight are aborted. */
  reload: () => Promise<void>
}

/**
 * Loads data for a view. Re-runs when `source` changes (e.g. a route param)
 * and aborts the previous request so a slow answer never overwrites a newer one.
 */
export function useAsync<T>(
  fetcher: (signal: AbortSignal) => Promise<T>,
  source?: WatchSource<unknown>,
): AsyncState<T> {
  const data = shallowRef<T>()
  const error = shallowRef<unknown>(null)
  const loading = ref(true)
  let controller: AbortController | null = null

  async function reload(): Promise<void> {
    controller?.abort()
    const c = new AbortController()
    controller = c
    loading.value = true
    error.value = null
    try {
      const result = await fetcher(c.signal)
      if (c.signal.aborted) return
      data.value = result
    } catch (e) {
      if (c.signal.aborted || isAbortError(e)) return
      error.value = e
      data.value = undefined
    } finally {
      if (controller === c) loading.value = false
    }
  }

  if (source) watch(source, () => void reload())
  void reload()
  onBeforeUnmount(() => controller?.abort())

  return { data, error, loading, reload }
}
