import type { MessageSchema } from '../i18n/zh-CN'

/** Every message key, dotted: 'errors.network', 'enums.role.student' … */
export type MessageKey<T = MessageSchema, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : MessageKey<T[K], `${P}${K}.`>
}[keyof T & string]

/** A translate function: useI18n()'s t, or i18n.global.t in unit tests. */
export type Translate = (key: MessageKey, named?: Record<string, string | number>) => string
