// Helpers shared by the certificate, verification, "my certificates" and
// certificate admin pages.
import { useI18n } from 'vue-i18n'
import { CREDENTIAL_VERDICTS, type Credential, type CredentialVerdict } from '../api/types'
import { useFormat } from './useFormat'

/** How a verdict looks: good, needs attention, or not to be trusted. */
export type VerdictTone = 'ok' | 'warn' | 'bad'

export function verdictTone(v: CredentialVerdict): VerdictTone {
  switch (v) {
    case 'valid':
      return 'ok'
    case 'suspended':
    case 'expired':
    case 'not_yet_valid':
      return 'warn'
    default:
      return 'bad'
  }
}

/** A verdict this app knows how to describe; unknown ones count as malformed. */
export function knownCredentialVerdict(v: unknown): CredentialVerdict {
  return typeof v === 'string' && (CREDENTIAL_VERDICTS as readonly string[]).includes(v)
    ? (v as CredentialVerdict)
    : 'malformed'
}

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/

/**
 * The credential id in what someone typed: a bare id, or a certificate page
 * link (…/c/<id>, with or without query or fragment). Null when it is neither.
 */
export function credentialIdFrom(input: string): string | null {
  const text = input.trim()
  if (!text) return null
  const m = text.match(/\/c\/([A-Za-z0-9_-]{1,64})(?:[/?#].*)?$/)
  if (m?.[1]) return m[1]
  return ID_RE.test(text) ? text : null
}

/** The file name stem for downloads of a credential. */
export function credentialFileStem(c: Pick<Credential, 'id'>): string {
  return `ohtalent-credential-${c.id}`
}

/** Offers `text` as a file download named `name`. */
export function downloadText(name: string, text: string, type: string): void {
  downloadBlob(name, new Blob([text], { type }))
}

/** Offers a blob (e.g. an export fetched with the auth header) as a file download named `name`. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Give the browser a moment to start the download before freeing the blob.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function downloadJson(c: Credential): void {
  downloadText(`${credentialFileStem(c)}.json`, `${JSON.stringify(c.document ?? {}, null, 2)}\n`, 'application/json')
}

export function downloadJwt(c: Credential): void {
  downloadText(`${credentialFileStem(c)}.jwt`, `${c.jwt}\n`, 'application/vc+jwt')
}

/** Copies text to the clipboard; resolves false when the browser refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // fall back below
  }
  // Plain HTTP (e.g. an intranet install): the old way still works.
  const ta = document.createElement('textarea')
  ta.value = text
  ta.setAttribute('readonly', '')
  ta.style.position = 'fixed'
  ta.style.opacity = '0'
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null
  document.body.appendChild(ta)
  ta.select()
  let ok = false
  try {
    ok = document.execCommand('copy')
  } catch {
    ok = false
  }
  ta.remove()
  focused?.focus()
  return ok
}

export interface ReasonText {
  /** In the UI language. */
  text: string
  /** The server's own English words, when the translation leaves detail out. */
  detail?: string
  /** True when `text` is the server's English, untranslated. */
  english?: boolean
}

/** Translates the English reasons of a verification (unknown ones are shown as sent). */
export function useReasonText() {
  const { t } = useI18n()
  const { dateTime } = useFormat()

  const patterns: Array<[RegExp, (m: RegExpMatchArray) => string, boolean?]> = [
    [/^signature, key, issuer, structure and dates check out$/, () => t('reason.ok')],
    [/^revoked by the issuer$/, () => t('reason.revoked')],
    [/^suspended by the issuer$/, () => t('reason.suspended')],
    [/^expired at (\S+)$/, (m) => t('reason.expiredAt', { time: dateTime(m[1]) })],
    [/^valid from (\S+)$/, (m) => t('reason.validFrom', { time: dateTime(m[1]) })],
    [/^the signature does not match the content/, () => t('reason.signature')],
    [/^the token is not signed with EdDSA/, () => t('reason.notEdDSA'), true],
    [/^the JSON differs from the credential/, () => t('reason.jsonDiffers')],
    [/^no credential with this id was issued here$/, () => t('reason.unknownId')],
    [/^the credential id .* is not one of this issuer's$/, () => t('reason.notOurs'), true],
    [/^the signing key .* is not one of this issuer's keys$/, () => t('reason.unknownKey'), true],
    [/^issued by .*, not by /, () => t('reason.otherIssuer'), true],
    [/^signed with this issuer's key but not in its records$/, () => t('reason.notInRecords')],
    [/^not a well-formed JWT/, () => t('reason.notJwt'), true],
    [/^the JOSE header has no kid$/, () => t('reason.noKid')],
    [/^the token is larger than/, () => t('reason.tooLarge')],
    [/^send a credential/, () => t('reason.nothingSent')],
    [/^(credential is not a JSON object|credential must be a VC-JWT string)/, () => t('reason.notCredential'), true],
    [
      /^(@context must|type must include|the credential id is missing|issuer\.id is missing|credentialSubject with|validFrom must|the nbf claim|validUntil must|credentialStatus is required)/,
      () => t('reason.structure'),
      true,
    ],
  ]

  function reasonText(reason: string): ReasonText {
    const r = reason.trim()
    for (const [re, fn, keepDetail] of patterns) {
      const m = r.match(re)
      if (m) return keepDetail ? { text: fn(m), detail: r } : { text: fn(m) }
    }
    return { text: r, english: true }
  }

  return { reasonText }
}
