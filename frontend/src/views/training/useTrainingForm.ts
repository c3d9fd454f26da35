// What the training forms share: messages of lib/training.ts in words,
// the server's field messages of orders and events translated, and the
// edit forms' flow (only changed fields sent, a 409 explained).
import { computed, reactive, ref, watch, type ComputedRef, type Ref, type UnwrapRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { isApiError } from '../../api/client'
import { useSubmit, type FieldErrors } from '../../composables/useSubmit'
import { editConflict, trainingFieldMsg, type Msg } from '../../lib/training'

/** Translates the messages lib/training.ts answers. */
export function useMsg(): (m: Msg) => string {
  const { t } = useI18n()
  return (m) => (m.named ? t(m.key, m.named) : t(m.key))
}

/** Every message of a check, in words. */
export function msgs(tr: (m: Msg) => string, e: Record<string, Msg>): FieldErrors {
  return Object.fromEntries(Object.entries(e).map(([k, m]) => [k, tr(m)]))
}

/** A submission's field errors, with the server's training messages as the form's own checks word them. */
export function trainingFieldErrors(fieldErrors: Ref<FieldErrors>, tr: (m: Msg) => string): ComputedRef<FieldErrors> {
  return computed(() =>
    Object.fromEntries(
      Object.entries(fieldErrors.value).map(([k, text]) => {
        const m = trainingFieldMsg(text)
        return [k, m ? tr(m) : text]
      }),
    ),
  )
}

// A notice for the next page, shown once: "changes saved" after an edit
// form sends people back to the order or event.
let flashed = ''
export function flash(text: string): void {
  flashed = text
}
export function takeFlash(): string {
  const text = flashed
  flashed = ''
  return text
}

export interface EditFormOptions<T, F extends object, B extends object> {
  /** The order or event as loaded, reloaded after a conflict. */
  loaded: Ref<T | undefined>
  /** The form's values for it. */
  formOf: (item: T) => F
  /** The form's checks against the values as loaded. */
  check: (form: F, was: F, item: T) => Record<string, Msg>
  /** The PATCH body: the fields that changed. */
  changes: (was: F, form: F) => B
  /** Sends the changes; called only when there are some. */
  save: (body: B) => Promise<void>
}

/**
 * An edit form: filled once from the loaded item (a reload after a
 * conflict refreshes what it is compared with but keeps what was typed),
 * checked before sending, sending only what changed.
 */
export function useEditForm<T, F extends object, B extends object>(o: EditFormOptions<T, F, B>) {
  const tr = useMsg()
  const form = reactive({}) as UnwrapRef<F> & F
  const was = ref<F | null>(null) as Ref<F | null>
  const unchanged = ref(false)
  watch(
    o.loaded,
    (item) => {
      if (item === undefined) return
      const fresh = o.formOf(item)
      if (!was.value) Object.assign(form, fresh)
      was.value = fresh
    },
    { immediate: true },
  )
  const submit = useSubmit(
    async () => {
      if (!was.value) return
      const body = o.changes(was.value, form)
      if (!Object.keys(body).length) {
        unchanged.value = true
        return
      }
      await o.save(body)
    },
    () => {
      unchanged.value = false
      return was.value && o.loaded.value !== undefined ? msgs(tr, o.check(form, was.value, o.loaded.value)) : {}
    },
  )
  const fieldErrors = trainingFieldErrors(submit.fieldErrors, tr)
  /** Why the server refused the change with 409, in words; '' otherwise. */
  const conflict = computed(() => {
    const e = submit.error.value
    return isApiError(e) && e.status === 409 ? tr(editConflict(e.detail)) : ''
  })
  return { form, was, submit, fieldErrors, conflict, unchanged }
}
