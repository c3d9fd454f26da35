import { useI18n } from 'vue-i18n'
import type { LocalizedText } from '../api/types'

/** Locale-aware helpers for bilingual API text, dates and numbers. */
export function useFormat() {
  const { locale } = useI18n()

  /** Picks the English text when the UI is English and there is one. */
  function loc(text: LocalizedText | string | null | undefined): string {
    if (text == null) return ''
    if (typeof text === 'string') return text
    if (locale.value === 'en' && text.en) return text.en
    return text.zh || text.en || ''
  }

  function date(iso: string | null | undefined): string {
    if (!iso) return ''
    const d = new Date(iso)
    if (Number.isNaN(d.getTime())) return iso
    return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium' }).format(d)
  }

  /** Date and time of day, e.g. for submissions. */
  function dateTime(iso: string | null | undefined): string {
    if (!iso) return ''
    const d = new Date(iso)
    if (Number.isNaN(d.getTime())) return iso
    return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'medium' }).format(d)
  }

  function number(n: number): string {
    return new Intl.NumberFormat(locale.value).format(n)
  }

  return { loc, date, dateTime, number, locale }
}
