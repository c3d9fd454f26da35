import type { FieldErrors } from './useSubmit'

type Translate = {
  (key: 'validation.required' | 'validation.email' | 'validation.passwordMismatch'): string
  (key: 'server.minChars', named: { n: number }): string
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Small client-side checks; the server remains the authority. */
export function checker(t: Translate) {
  const errors: FieldErrors = {}
  const api = {
    required(field: string, value: string) {
      if (!errors[field] && !value.trim()) errors[field] = t('validation.required')
      return api
    },
    email(field: string, value: string) {
      if (!errors[field] && value.trim() && !EMAIL_RE.test(value.trim())) errors[field] = t('validation.email')
      return api
    },
    minLength(field: string, value: string, n: number) {
      if (!errors[field] && value && value.length < n) errors[field] = t('server.minChars', { n })
      return api
    },
    same(field: string, a: string, b: string) {
      if (!errors[field] && a !== b) errors[field] = t('validation.passwordMismatch')
      return api
    },
    errors: () => errors,
  }
  return api
}
