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
  i18n.global.setLocaleMessage('en', mod.default)
  loaded.add(locale)
}

export function currentLocale(): AppLocale {
  const v = i18n.global.locale.value
  return isLocale(v) ? v : 'zh-CN'
}

export async function setLocale(locale: AppLocale): Promise<void> {
  await ensureMessages(locale)
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
