import { onBeforeUnmount, ref, shallowRef } from 'vue'
import { api, isAbortError, isApiError } from '../api/client'
import type { Submission, SubmissionMode, SubmissionRequest } from '../api/types'

/** How often a submission still being graded is polled. */
export const POLL_MS = 500
/** External labs (graded by a build machine, minutes) back off to this. */
const MAX_POLL_MS = 5000
/** Consecutive transient errors (network, 5xx, 429) tolerated while polling. */
const MAX_POLL_FAILURES = 5
/** Wait after a 429 without Retry-After. */
const DEFAULT_RETRY_S = 30

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new DOMException('aborted', 'AbortError'))
      return
    }
    const timer = window.setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    function onAbort(): void {
      window.clearTimeout(timer)
      reject(new DOMException('aborted', 'AbortError'))
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

function transient(e: unknown): boolean {
  return isApiError(e) && (e.status === 0 || e.status === 429 || e.status >= 500)
}

/**
 * Polls GET /submissions/{id} until the submission is graded, every 500 ms
 * (with `backoff`, growing to 5 s), and reports every answer to onUpdate.
 * Rejects with an AbortError when `signal` aborts.
 */
export async function pollUntilGraded(
  first: Submission,
  signal: AbortSignal,
  onUpdate: (s: Submission) => void,
  backoff = false,
): Promise<Submission> {
  let s = first
  let delay = POLL_MS
  let failures = 0
  while (s.status !== 'graded') {
    await sleep(delay, signal)
    try {
      s = await api.submissions.get(s.id, signal)
      failures = 0
      onUpdate(s)
      if (backoff) delay = Math.min(Math.round(delay * 1.5), MAX_POLL_MS)
    } catch (e) {
      if (signal.aborted || isAbortError(e) || !transient(e) || ++failures >= MAX_POLL_FAILURES) throw e
      delay = Math.min(delay * 2, MAX_POLL_MS)
    }
  }
  return s
}

export interface GradingHooks {
  /** The server took the submission (it may still be grading). */
  onAccepted?: (s: Submission) => void
  /** The submission is graded. */
  onGraded?: (s: Submission) => void
}

/**
 * Submits lab attempts and follows them until graded. One attempt at a time;
 * after a 429 further attempts wait for Retry-After, counted down in
 * `retryIn`.
 */
export function useGrading(labSlug: () => string, hooks: GradingHooks = {}) {
  /** The latest attempt, updated while it is being graded. */
  const current = shallowRef<Submission | null>(null)
  /** The mode of the attempt being sent (and, for inline grading, graded). */
  const pending = ref<SubmissionMode | null>(null)
  /** True while `current` is polled. */
  const polling = ref(false)
  const error = shallowRef<unknown>(null)
  /** Seconds to wait before submitting again after a 429; 0 when allowed. */
  const retryIn = ref(0)

  let controller: AbortController | null = null
  let timer: number | undefined

  function cooldown(seconds: number): void {
    const until = Date.now() + seconds * 1000
    window.clearInterval(timer)
    const tick = (): void => {
      retryIn.value = Math.max(0, Math.ceil((until - Date.now()) / 1000))
      if (retryIn.value === 0) {
        window.clearInterval(timer)
        if (isApiError(error.value) && error.value.status === 429) error.value = null
      }
    }
    tick()
    timer = window.setInterval(tick, 1000)
  }

  /**
   * Sends an attempt. With `background` (external labs) the buttons are
   * free again once the server accepted it, and the result is polled with
   * back-off; otherwise `pending` lasts until it is graded.
   */
  async function submit(body: SubmissionRequest, background = false): Promise<Submission | null> {
    if (pending.value || retryIn.value > 0) return null
    controller?.abort()
    const c = new AbortController()
    controller = c
    pending.value = body.mode ?? 'submit'
    error.value = null
    try {
      let s = await api.labs.submit(labSlug(), body)
      if (c.signal.aborted) return null
      current.value = s
      hooks.onAccepted?.(s)
      if (s.status !== 'graded') {
        polling.value = true
        if (background) pending.value = null
        s = await pollUntilGraded(s, c.signal, (x) => (current.value = x), background)
      }
      hooks.onGraded?.(s)
      return s
    } catch (e) {
      if (c.signal.aborted || isAbortError(e)) return null
      if (isApiError(e) && e.status === 429) cooldown(e.retryAfter ?? DEFAULT_RETRY_S)
      error.value = e
      return null
    } finally {
      if (controller === c) {
        pending.value = null
        polling.value = false
      }
    }
  }

  /** Forgets the current attempt (e.g. when another lab is opened). */
  function reset(): void {
    controller?.abort()
    controller = null
    current.value = null
    error.value = null
    pending.value = null
    polling.value = false
  }

  onBeforeUnmount(() => {
    controller?.abort()
    window.clearInterval(timer)
  })

  return { current, pending, polling, error, retryIn, submit, reset }
}
