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

/** A month of a time in UTC, e.g. 2026年11月 or Nov 2026. */
export function formatMonth(ms: number, locale: string): string {
  if (!Number.isFinite(ms)) return ''
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(ms))
}

/**
 * A share given in percent (6.17 for 6.17%): one decimal below 10%, whole
 * percents above, "< 0.1%" for a small start rather than a misleading 0%.
 */
export function formatShare(percent: number, locale: string): string {
  const share = Number.isFinite(percent) ? Math.max(0, percent) / 100 : 0
  const fmt = (v: number, digits: number) =>
    new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(v)
  if (share > 0 && share < 0.001) return `< ${fmt(0.001, 1)}`
  return fmt(share, share < 0.1 ? 1 : 0)
}

/** A calendar day (YYYY-MM-DD) in the locale's medium style; read as UTC so no time zone moves it. */
export function formatDay(day: string | null | undefined, locale: string): string {
  if (!day) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day)
  if (!m) return day
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d)
}
