import { createI18n } from 'vue-i18n'
import zhCN, { type MessageSchema } from './zh-CN'

// Typed message keys: t('nav.home') is checked against the zh-CN schema.
declare module 'vue-i18n' {
  export interface DefineLocaleMessage extends MessageSchema {}
}

export type AppLocale = 'zh-CN' | 'en'
export const LOCALES: readonly AppLocale[] = ['zh-CN', 'en']
const STORAGE_KEY = 'oht.locale'

function isLocale(v: unknown): v is AppLocale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v)
}

function storedLocale(): AppLocale {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY)
    if (isLocale(v)) return v
  } catch {
    // storage unavailable
  }
  return 'zh-CN'
}

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  // English is added by ensureMessages() before it is ever selected.
  messages: { 'zh-CN': zhCN } as Record<AppLocale, MessageSchema>,
  missingWarn: import.meta.env.DEV,
  fallbackWarn: import.meta.env.DEV,
})

const loaded = new Set<AppLocale>(['zh-CN'])

async function ensureMessages(locale: AppLocale): Promise<void> {
  if (loaded.has(locale)) return
  // zh-CN ships in the main bundle; English is fetched on first use.
  const mod = await import('./en')
  i18n.global.setLocaleMessage('en', mod.default as MessageSchema)
  loaded.add(locale)
}

// Messages of pages only some people open are fetched with the first such
// page, so learners never download the console's: console.*.ts (the
// console) and training.*.ts (orders, hires, consent and events).
type Part = 'console' | 'training'
const partModules: Record<Part, (locale: AppLocale) => Promise<{ default: unknown }>> = {
  console: (locale) => (locale === 'en' ? import('./console.en') : import('./console.zh-CN')),
  training: (locale) => (locale === 'en' ? import('./training.en') : import('./training.zh-CN')),
}
const partsWanted = new Set<Part>()
const partsLoaded = new Set<string>()

async function ensurePart(part: Part, locale: AppLocale): Promise<void> {
  if (partsLoaded.has(`${part}:${locale}`)) return
  await ensureMessages(locale)
  const mod = await partModules[part](locale)
  i18n.global.mergeLocaleMessage(locale, mod.default as Partial<MessageSchema>)
  partsLoaded.add(`${part}:${locale}`)
}

/** Loads a part's messages (Chinese, the fallback, and the current language). */
async function loadPart(part: Part): Promise<void> {
  partsWanted.add(part)
  const current = currentLocale()
  await Promise.all([ensurePart(part, 'zh-CN'), current === 'zh-CN' ? undefined : ensurePart(part, current)])
}

/** Loads the console's messages. */
export const loadConsoleMessages = (): Promise<void> => loadPart('console')

/** Loads the messages of order-based training, consent and events. */
export const loadTrainingMessages = (): Promise<void> => loadPart('training')

export function currentLocale(): AppLocale {
  const v = i18n.global.locale.value
  return isLocale(v) ? v : 'zh-CN'
}

export async function setLocale(locale: AppLocale): Promise<void> {
  await ensureMessages(locale)
  await Promise.all([...partsWanted].map((part) => ensurePart(part, locale)))
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  try {
    window.localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // storage unavailable: the choice lasts for this page only
  }
}

/** Applies the remembered locale before the app mounts. */
export async function initLocale(): Promise<void> {
  const locale = storedLocale()
  try {
    await setLocale(locale)
  } catch {
    await setLocale('zh-CN')
  }
}
