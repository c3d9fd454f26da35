import { computed, nextTick, ref, shallowRef } from 'vue'
import { isApiError } from '../api/client'
import { useErrorText } from './useErrorText'

export type FieldErrors = Record<string, string>

/**
 * Wraps a form submission: tracks pending state and the last error, and
 * exposes field errors (from the optional client-side check, else from the
 * problem+json `errors` of the server's answer) keyed by field name.
 */
export function useSubmit<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
  validate?: () => FieldErrors,
) {
  const pending = ref(false)
  const error = shallowRef<unknown>(null)
  const localErrors = ref<FieldErrors>({})
  const { fieldText } = useErrorText()
  const fieldErrors = computed<FieldErrors>(() => {
    const server: FieldErrors = {}
    if (isApiError(error.value)) {
      for (const [field, msg] of Object.entries(error.value.fieldErrors)) server[field] = fieldText(msg)
    }
    return { ...server, ...localErrors.value }
  })

  async function run(...args: A): Promise<boolean> {
    if (pending.value) return false
    // The form being submitted, to move focus within it.
    const scope: ParentNode = document.activeElement?.closest('form') ?? document
    error.value = null
    localErrors.value = validate ? validate() : {}
    if (Object.keys(localErrors.value).length) {
      // Put the cursor in the first field that needs fixing.
      await nextTick()
      scope.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      return false
    }
    pending.value = true
    try {
      await fn(...args)
      return true
    } catch (e) {
      error.value = e
      await nextTick()
      if (isApiError(e) && e.problem.errors?.length) {
        scope.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      }
      return false
    } finally {
      pending.value = false
    }
  }

  function clear(): void {
    error.value = null
    localErrors.value = {}
  }

  return { pending, error, fieldErrors, run, clear }
}
