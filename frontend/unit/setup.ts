// The app's own vue-i18n instance with both languages loaded, and a
// translate function for the pure helpers, for unit tests.
import { i18n, loadConsoleMessages, loadTrainingMessages, setLocale } from '../src/i18n'
import type { AppLocale } from '../src/i18n'
import type { Translate } from '../src/lib/messageKey'

// English and the console's messages, loaded the way the app loads them.
// setLocale touches the document and storage, which Node lacks: stand-ins.
Object.assign(globalThis, { document: { documentElement: { lang: '' } } })
await setLocale('en')
await Promise.all([loadConsoleMessages(), loadTrainingMessages()])
await setLocale('zh-CN')

export function useLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
}

export const t: Translate = (key, named) => (named ? i18n.global.t(key, named) : i18n.global.t(key))

export { i18n }
