import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import enConsole from '../src/i18n/console.en'
import zhCNConsole from '../src/i18n/console.zh-CN'
import en from '../src/i18n/en'
import zhCN from '../src/i18n/zh-CN'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else flatten(v, key, out)
  }
  return out
}

// Each language: the core messages and the console's, which must not overlap.
const zh = flatten(zhCN as unknown as Tree)
const eng = flatten(en as unknown as Tree)
const zhConsole = flatten(zhCNConsole as unknown as Tree)
const engConsole = flatten(enConsole as unknown as Tree)
const overlap = [...zhConsole.keys()].filter((k) => zh.has(k))
for (const [k, v] of zhConsole) zh.set(k, v)
for (const [k, v] of engConsole) eng.set(k, v)
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort()

describe('i18n completeness', () => {
  it('the console’s messages add keys and never repeat core ones', () => {
    expect(overlap).toEqual([])
    expect(zhConsole.size).toBeGreaterThan(100)
    expect([...engConsole.keys()].sort()).toEqual([...zhConsole.keys()].sort())
  })

  it('zh-CN and en have the same keys', () => {
    expect([...eng.keys()].sort()).toEqual([...zh.keys()].sort())
  })

  it('every message has the same placeholders in both languages', () => {
    const differ = [...zh].filter(([k, v]) => placeholders(v).join() !== placeholders(eng.get(k) ?? '').join()).map(([k]) => k)
    expect(differ).toEqual([])
  })

  it('no message is empty or uses vue-i18n syntax by accident', () => {
    const bad: string[] = []
    for (const [name, msgs] of [['zh-CN', zh], ['en', eng]] as const) {
      for (const [k, v] of msgs) {
        if (!v.trim() || /[@|$]/.test(v) || /\{(?!\w+\})/.test(v)) bad.push(`${name} ${k}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('every message renders in both languages with its placeholders filled', async () => {
    // Only now: loading the console's messages merges them into the module objects read above.
    const { i18n, useLocale } = await import('./setup')
    for (const locale of ['zh-CN', 'en'] as const) {
      useLocale(locale)
      for (const [key, raw] of locale === 'en' ? eng : zh) {
        const named = Object.fromEntries(placeholders(raw).map((p) => [p, `<${p}>`]))
        const out = i18n.global.t(key, named)
        expect(out, `${locale} ${key}`).not.toBe(key)
        expect(out, `${locale} ${key}`).not.toMatch(/\{\w+\}/)
        for (const p of Object.keys(named)) expect(out, `${locale} ${key}`).toContain(`<${p}>`)
      }
    }
    useLocale('zh-CN')
  })

  // A child Node that loads TypeScript: seconds on a busy machine, hence the timeout.
  it('every key the source uses exists (scripts/check-i18n.mjs)', { timeout: 60_000 }, () => {
    const script = fileURLToPath(new URL('../scripts/check-i18n.mjs', import.meta.url))
    const out = execFileSync(process.execPath, [script], { encoding: 'utf8' })
    expect(out).toMatch(/zh-CN and en in step/)
  })
})
