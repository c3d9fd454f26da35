import { describe, expect, it } from 'vitest'
import { formatBytes, formatDate, formatDateTime, formatNumber, formatPercent, locText } from '../src/lib/format'

describe('locText', () => {
  it('picks English in English when there is some, else Chinese', () => {
    expect(locText({ zh: '课程', en: 'Track' }, 'en')).toBe('Track')
    expect(locText({ zh: '课程', en: 'Track' }, 'zh-CN')).toBe('课程')
    expect(locText({ zh: '课程', en: '' }, 'en')).toBe('课程')
    expect(locText({ zh: '', en: 'Only English' }, 'zh-CN')).toBe('Only English')
    expect(locText('plain', 'en')).toBe('plain')
    expect(locText(null, 'en')).toBe('')
  })
})

describe('dates and numbers', () => {
  const iso = '2026-05-01T08:30:00Z'
  it('formats dates per locale and shows unreadable values as sent', () => {
    expect(formatDate(iso, 'zh-CN')).toMatch(/2026年5月1日/)
    expect(formatDate(iso, 'en')).toMatch(/May 1, 2026/)
    expect(formatDate('not a date', 'en')).toBe('not a date')
    expect(formatDate(null, 'en')).toBe('')
    expect(formatDateTime(iso, 'en')).toMatch(/May 1, 2026/)
    expect(formatDateTime('', 'en')).toBe('')
  })

  it('formats numbers, percents and sizes', () => {
    expect(formatNumber(50000, 'en')).toBe('50,000')
    expect(formatPercent(37, 'en')).toBe('37%')
    expect(formatPercent(120, 'en')).toBe('100%')
    expect(formatPercent(-3, 'zh-CN')).toBe('0%')
    expect(formatPercent(Number.NaN, 'en')).toBe('0%')
    expect(formatBytes(57, 'en')).toBe('57 B')
    expect(formatBytes(1536, 'en')).toBe('1.5 KB')
    expect(formatBytes(32 * 1024 * 1024, 'en')).toBe('32 MB')
  })
})
