import { useI18n } from 'vue-i18n'
import { makeErrorText } from '../lib/errors'

export type { ErrorParts } from '../lib/errors'

/**
 * Turns thrown values into sentences for people, in the UI language (see
 * lib/errors.ts for the known server messages).
 */
export function useErrorText() {
  const { t, locale } = useI18n()
  return makeErrorText(
    (key, named) => (named ? t(key, named) : t(key)),
    () => locale.value,
  )
}
