// Narrowing of a submission's `result` by its shape.
import type { CodeResult, ExternalResult, QuizResult, Submission, Verdict } from '../../api/types'
import { VERDICTS } from '../../api/types'

export function codeResult(s: Submission | null | undefined): CodeResult | null {
  const r = s?.result
  return r && 'total' in r && 'tests' in r ? r : null
}

export function quizResult(s: Submission | null | undefined): QuizResult | null {
  const r = s?.result
  return r && 'questions' in r ? r : null
}

export function externalResult(s: Submission | null | undefined): ExternalResult | null {
  const r = s?.result
  return r && 'output' in r && !('total' in r) ? r : null
}

/** Why a submission could not be graded at all (the lab left the catalog). */
export function gradingError(s: Submission | null | undefined): string | null {
  const r = s?.result
  return r && 'error' in r && !('tests' in r) && !('questions' in r) ? r.error : null
}

/** A verdict the UI can explain; unknown values show as sent. */
export function knownVerdict(v: string | undefined): Verdict | null {
  return v && (VERDICTS as readonly string[]).includes(v) ? (v as Verdict) : null
}
