// Turns thrown values into sentences for people. The API writes `detail`
// and field messages in English for developers; known ones are translated
// here, unknown ones are shown as sent. Pure: useErrorText() binds it to
// the UI language.
import { ApiError } from '../api/client'
import type { Translate } from './messageKey'

export interface ErrorParts {
  /** What went wrong, in the UI language. */
  message: string
  /** The server's own `detail` when it adds information (English, developer-facing). */
  detail?: string
}

/** Problem types whose `detail` only repeats what the localized message says. */
const SELF_EXPLAINED = new Set([
  'invalid-credentials',
  'unauthorized',
  'validation',
  'rate-limited',
  'internal',
  'invalid-activation',
  'too-many-rows',
  'unsupported-media-type',
])

/** The slug of a problem type URI (https://ohtalent.dev/problems/<slug>), or ''. */
export function problemSlug(e: ApiError): string {
  return (e.problem.type ?? '').split('/').pop() ?? ''
}

/**
 * A `roster-file` problem (a roster file that cannot be used as a whole)
 * says why in both languages: `detail` is "<English> / <Chinese>" and the
 * first error's message is the Chinese part. Null for other problems.
 */
export function rosterFileReason(e: ApiError): { zh: string; en: string } | null {
  if (problemSlug(e) !== 'roster-file') return null
  const detail = e.problem.detail ?? ''
  const zh = e.problem.errors?.[0]?.message ?? ''
  if (zh && detail.endsWith(` / ${zh}`)) return { zh, en: detail.slice(0, -(zh.length + 3)) }
  return { zh: zh || detail, en: detail || zh }
}

/**
 * @param t translates in the UI language
 * @param locale the UI language, to pick one side of bilingual server text
 */
export function makeErrorText(t: Translate, locale: () => string = () => 'zh-CN') {
  const patterns: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
    [/^is required$/, () => t('server.required')],
    [/^must be a valid email address/, () => t('server.email')],
    [/^must be at least (\d+) characters$/, (m) => t('server.minChars', { n: m[1] ?? '' })],
    [/^must be at most (\d+) (characters|bytes)(,|$)/, (m) => t('server.maxChars', { n: m[1] ?? '' })],
    [/^must be (\d+) to (\d+) characters(,|$)/, (m) => t('server.lengthRange', { min: m[1] ?? '', max: m[2] ?? '' })],
    [/^must not contain control characters$/, () => t('server.controlChars')],
    [/^must not be only spaces$/, () => t('server.onlySpaces')],
    [/^is not your current password$/, () => t('server.wrongPassword')],
    [/^must be 2 to 32 letters, digits or hyphens/, () => t('server.codeFormat')],
    [/^is required when the person has no account yet$/, () => t('server.requiredForNewAccount')],
    [/^is not an existing organization$/, () => t('server.noSuchOrg')],
    [/^must be a district code/, () => t('server.district')],
    [/^name at least one of /, () => t('server.chooseOne')],
    [
      /^(must be one of|is not an organization role|must be active or inactive|must be upsert or sync|must be api_key or oauth_client|entry \d+ \(.*\) is not one of )/,
      () => t('server.choose'),
    ],
    [/^an? (organization|consortium) with code (\S+) already exists$/, (m) => t('server.codeTaken', { code: m[2] ?? '' })],
    [/^another (organization|consortium) already uses that code$/, () => t('server.codeTakenOther')],
    [/^this organization is already a member$/, () => t('server.alreadyMember')],
    [/^the lead organization cannot leave/, () => t('server.leadCannotLeave')],
    [/^this person already has (the role \S+|that role) in this organization$/, () => t('server.roleTaken')],
    [/^this is the organization's last active admin/, () => t('server.lastAdmin')],
    [/^an account with this email already exists/, () => t('server.emailTaken')],
    [/^no account has this email$/, () => t('server.noAccount')],
    [/(^is| is) not a track of the catalog$/, () => t('server.noSuchTrack')],
    [/^describe the evidence/, () => t('server.evidence')],
    [/^must be in the future$/, () => t('server.future')],
    [/^give a reason of 1 to 1000 characters/, () => t('server.reason')],
    [/^a credential for this track version was already issued to this person(?: \((\S+)\))?$/, (m) => t('server.alreadyIssued', { id: m[1] ?? '' })],
    [/^(an? \S+ credential cannot be changed with|the credential changed meanwhile)/, () => t('server.statusConflict')],
    [/^this organization already has a cohort with that name and term/, () => t('server.cohortTaken')],
    [/^send at least one student$/, () => t('server.noStudents')],
  ]

  /** Translates a known server message; returns null for unknown ones. */
  function knownText(msg: string | undefined): string | null {
    if (!msg) return null
    for (const [re, fn] of patterns) {
      const m = msg.trim().match(re)
      if (m) return fn(m)
    }
    return null
  }

  /** A field message from the server, translated when known. */
  function fieldText(msg: string): string {
    return knownText(msg) ?? msg
  }

  function errorParts(e: unknown): ErrorParts {
    if (!(e instanceof ApiError)) return { message: t('errors.unknown') }
    if (e.status === 0) return { message: t('errors.network') }
    if (e.status === 429) {
      return {
        message: e.retryAfter != null ? t('errors.tooManyRetry', { seconds: e.retryAfter }) : t('errors.tooMany'),
      }
    }
    const roster = rosterFileReason(e)
    if (roster) return { message: t('errors.rosterFile', { reason: locale() === 'en' ? roster.en : roster.zh }) }
    const known = knownText(e.detail)
    if (known) return { message: known }
    const slug = problemSlug(e)
    let message: string
    switch (slug || String(e.status)) {
      case 'invalid-credentials':
        message = t('errors.invalidCredentials')
        break
      case 'invalid-activation':
        message = t('errors.invalidActivation')
        break
      case 'too-many-rows':
        message = t('errors.tooManyRows')
        break
      case 'unsupported-media-type':
      case '415':
        message = t('errors.unsupportedMedia')
        break
      case 'idempotency-key-reused':
        message = t('errors.idempotencyReused')
        break
      case 'validation':
      case '422':
        message = t('errors.validation')
        break
      case 'bad-request':
      case '400':
        message = t('errors.badRequest')
        break
      case 'unauthorized':
      case '401':
        message = t('errors.unauthorized')
        break
      case 'forbidden':
      case '403':
        message = t('errors.forbidden')
        break
      case 'not-found':
      case '404':
        message = t('errors.notFound')
        break
      case 'conflict':
      case '409':
        message = t('errors.conflict')
        break
      case 'body-too-large':
      case '413':
        message = t('errors.tooLarge')
        break
      default:
        message = e.status >= 500 ? t('errors.server') : t('errors.unknown')
    }
    const detail = e.detail && !SELF_EXPLAINED.has(slug) && e.status < 500 ? e.detail : undefined
    return detail ? { message, detail } : { message }
  }

  /** One line: the message, plus the server's detail in brackets if useful. */
  function errorText(e: unknown): string {
    const p = errorParts(e)
    return p.detail ? `${p.message} (${p.detail})` : p.message
  }

  return { errorText, errorParts, fieldText }
}
