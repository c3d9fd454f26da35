import { useI18n } from 'vue-i18n'
import type { LocalizedText } from '../api/types'
import { formatBytes, formatDate, formatDateTime, formatNumber, formatPercent, locText } from '../lib/format'

/** Locale-aware helpers for bilingual API text, dates and numbers. */
export function useFormat() {
  const { locale } = useI18n()

  /** Picks the English text when the UI is English and there is one. */
  const loc = (text: LocalizedText | string | null | undefined): string => locText(text, locale.value)
  const date = (iso: string | null | undefined): string => formatDate(iso, locale.value)
  /** Date and time of day, e.g. for submissions. */
  const dateTime = (iso: string | null | undefined): string => formatDateTime(iso, locale.value)
  const number = (n: number): string => formatNumber(n, locale.value)
  const percent = (n: number): string => formatPercent(n, locale.value)
  const bytes = (n: number): string => formatBytes(n, locale.value)

  return { loc, date, dateTime, number, percent, bytes, locale }
}
