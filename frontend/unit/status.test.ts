import { describe, expect, it } from 'vitest'
import type { ApiKey, CohortStudentProgress, CohortTrackProgress } from '../src/api/types'
import { codeResult, externalResult, gradingError, knownVerdict, quizResult } from '../src/components/lab/results'
import { credentialIdFrom, knownCredentialVerdict, verdictTone } from '../src/composables/useCredential'
import { encodingKey, passwordProblem, progressBadge, progressState, scopeKey, sortApiKeys, summarizeProgress } from '../src/lib/status'
import type { Submission } from '../src/api/types'

const tp = (over: Partial<CohortTrackProgress> = {}): CohortTrackProgress => ({
  track: 'app-foundation',
  labsPassed: 0,
  labsRequired: 8,
  percent: 0,
  scorePercent: 0,
  certificateEligible: false,
  ...over,
})

describe('cohort progress states', () => {
  it('orders certified > eligible > in progress > not started', () => {
    expect(progressState(tp())).toBe('notStarted')
    expect(progressState(tp({ labsPassed: 1, percent: 12 }))).toBe('inProgress')
    expect(progressState(tp({ scorePercent: 5 }))).toBe('inProgress')
    expect(progressState(tp({ labsPassed: 8, percent: 100, certificateEligible: true }))).toBe('eligible')
    expect(progressState(tp({ certificateEligible: true, credentialId: 'c1', credentialStatus: 'active' }))).toBe('certified')
    // A revoked credential is not a certificate; the rule still says eligible.
    expect(progressState(tp({ certificateEligible: true, credentialId: 'c1', credentialStatus: 'revoked' }))).toBe('eligible')
    expect(progressBadge('certified')).toBe('badge--ok')
    expect(progressBadge('notStarted')).toBe('badge--muted')
  })

  it('summarizes per track', () => {
    const student = (id: string, tracks: CohortTrackProgress[]): CohortStudentProgress => ({
      userId: id,
      studentNumber: id,
      name: id,
      email: `${id}@x.cn`,
      status: 'active',
      tracks,
    })
    const items = [
      student('1', [tp({ certificateEligible: true, credentialId: 'c', credentialStatus: 'active' }), tp({ track: 'b' })]),
      student('2', [tp({ certificateEligible: true }), tp({ track: 'b', labsPassed: 2 })]),
      student('3', [tp()]),
    ]
    expect(summarizeProgress(items, ['app-foundation', 'b'])).toEqual([
      { track: 'app-foundation', students: 3, eligible: 2, certified: 1 },
      { track: 'b', students: 2, eligible: 0, certified: 0 },
    ])
  })
})

describe('API key helpers', () => {
  const key = (id: string, createdAt: string, revokedAt: string | null = null): ApiKey => ({
    id,
    orgId: 'o',
    kind: 'api_key',
    name: id,
    scopes: ['roster:read'],
    createdBy: 'u',
    createdAt,
    lastUsedAt: null,
    revokedAt,
  })

  it('lists active keys first, newest first', () => {
    const sorted = sortApiKeys([
      key('old', '2026-01-01T00:00:00Z'),
      key('revoked', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'),
      key('new', '2026-02-01T00:00:00Z'),
    ])
    expect(sorted.map((k) => k.id)).toEqual(['new', 'old', 'revoked'])
  })

  it('maps scopes and encodings to message keys', () => {
    expect(scopeKey('roster:read')).toBe('rosterRead')
    expect(scopeKey('roster:write')).toBe('rosterWrite')
    expect(scopeKey('progress:read')).toBe('progressRead')
    expect(encodingKey('utf-8')).toBe('utf8')
    expect(encodingKey('gb18030')).toBe('gb18030')
  })
})

describe('passwordProblem mirrors the server’s rules', () => {
  it('counts characters, not UTF-16 units, and bytes for the upper limit', () => {
    expect(passwordProblem('1234567')).toBe('tooShort')
    expect(passwordProblem('12345678')).toBeNull()
    expect(passwordProblem('鸿蒙开发者认证密码')).toBeNull()
    // Seven emoji are 14 UTF-16 units but 7 characters.
    expect(passwordProblem('😀😀😀😀😀😀😀')).toBe('tooShort')
    expect(passwordProblem('a'.repeat(256))).toBeNull()
    expect(passwordProblem('a'.repeat(257))).toBe('tooLong')
    // 86 Chinese characters are 258 bytes of UTF-8.
    expect(passwordProblem('鸿'.repeat(86))).toBe('tooLong')
    expect(passwordProblem('        ')).toBe('onlySpaces')
  })
})

describe('credential and grading verdicts', () => {
  it('gives every credential verdict a tone, and unknown ones count as malformed', () => {
    expect(verdictTone('valid')).toBe('ok')
    expect(verdictTone('expired')).toBe('warn')
    expect(verdictTone('tampered')).toBe('bad')
    expect(knownCredentialVerdict('revoked')).toBe('revoked')
    expect(knownCredentialVerdict('sparkly')).toBe('malformed')
    expect(knownCredentialVerdict(42)).toBe('malformed')
  })

  it('finds a credential id in a link or on its own', () => {
    expect(credentialIdFrom(' https://ohtalent.example.cn/c/AbC_12-x?x=1#top ')).toBe('AbC_12-x')
    expect(credentialIdFrom('AbC_12-x')).toBe('AbC_12-x')
    expect(credentialIdFrom('not an id!')).toBeNull()
    expect(credentialIdFrom('')).toBeNull()
  })

  it('narrows submission results by shape and knows the grader’s verdicts', () => {
    const base = { id: 's', lab: 'l', track: 't', kind: 'code', mode: 'submit', status: 'graded', score: 0, maxScore: 100, passed: false, createdAt: '', gradedAt: null, durationMs: 1 } as const
    const code: Submission = { ...base, result: { tests: [], passed: 0, total: 0, output: '' } }
    const quiz: Submission = { ...base, kind: 'quiz', result: { questions: [], earned: 0, possible: 0 } }
    const ext: Submission = { ...base, kind: 'external', result: { tests: null, output: 'log' } }
    const err: Submission = { ...base, result: { error: 'lab gone' } }
    expect(codeResult(code)).not.toBeNull()
    expect(quizResult(code)).toBeNull()
    expect(quizResult(quiz)).not.toBeNull()
    expect(externalResult(ext)?.output).toBe('log')
    expect(externalResult(code)).toBeNull()
    expect(gradingError(err)).toBe('lab gone')
    expect(gradingError(code)).toBeNull()
    expect(knownVerdict('time_limit_exceeded')).toBe('time_limit_exceeded')
    expect(knownVerdict('exploded')).toBeNull()
    expect(knownVerdict(undefined)).toBeNull()
  })
})
