// Locale-aware formatting without Vue: useFormat() binds these to the UI
// language; unit tests call them directly.
import type { LocalizedText } from '../api/types'

/** Picks the English text when the locale is English and there is one; else Chinese. */
export function locText(text: LocalizedText | string | null | undefined, locale: string): string {
  if (text == null) return ''
  if (typeof text === 'string') return text
  if (locale === 'en' && text.en) return text.en
  return text.zh || text.en || ''
}

function parse(iso: string | null | undefined): Date | null | string {
  if (!iso) return null
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d
}

/** A date, e.g. 2026年5月1日 or May 1, 2026; an unreadable value is shown as sent. */
export function formatDate(iso: string | null | undefined, locale: string): string {
  const d = parse(iso)
  if (d === null) return ''
  if (typeof d === 'string') return d
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d)
}

/** Date and time of day. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  const d = parse(iso)
  if (d === null) return ''
  if (typeof d === 'string') return d
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(d)
}

export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n)
}

/** A whole percent clamped to 0–100, e.g. "37%". */
export function formatPercent(n: number, locale: string): string {
  const v = Number.isFinite(n) ? Math.min(100, Math.max(0, Math.round(n))) : 0
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(v / 100)
}

/** Bytes as B, KB or MB (1024-based, one decimal over 1 KB). */
export function formatBytes(n: number, locale: string): string {
  if (n < 1024) return `${formatNumber(n, locale)} B`
  const kb = n / 1024
  const fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
  if (kb < 1024) return `${fmt.format(kb)} KB`
  return `${fmt.format(kb / 1024)} MB`
}
