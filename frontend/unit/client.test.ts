import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, filenameFrom, isReportAnswer, toApiError } from '../src/api/client'
import { makeErrorText, problemSlug, rosterFileReason } from '../src/lib/errors'
import { t, useLocale } from './setup'

const PROBLEM = 'application/problem+json'

function problemResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': PROBLEM, ...headers } })
}

const problem = (slug: string, status: number, detail: string, extra: object = {}) => ({
  type: `https://ohtalent.dev/problems/${slug}`,
  title: 'x',
  status,
  detail,
  requestId: 'req-1',
  ...extra,
})

afterEach(() => useLocale('zh-CN'))

describe('toApiError', () => {
  it('reads a problem+json body, its field errors and Retry-After', async () => {
    const e = await toApiError(
      problemResponse(
        422,
        problem('validation', 422, 'the request has invalid fields; see errors', {
          errors: [
            { field: 'password', message: 'must be at least 8 characters' },
            { field: 'password', message: 'second message is ignored' },
            { message: 'no field' },
          ],
        }),
        { 'Retry-After': '7' },
      ),
    )
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(422)
    expect(problemSlug(e)).toBe('validation')
    expect(e.fieldErrors).toEqual({ password: 'must be at least 8 characters' })
    expect(e.retryAfter).toBe(7)
    expect(e.problem.requestId).toBe('req-1')
    expect(e.message).toBe('the request has invalid fields; see errors')
  })

  it('keeps the status when the body is not JSON', async () => {
    const e = await toApiError(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }))
    expect(e.status).toBe(502)
    expect(e.problem).toEqual({ status: 502, title: 'Bad Gateway' })
    expect(e.detail).toBeUndefined()
    expect(e.retryAfter).toBeNull()
  })

  it('survives malformed JSON and reads an HTTP-date Retry-After', async () => {
    const later = new Date(Date.now() + 30_000).toUTCString()
    const e = await toApiError(new Response('{oops', { status: 429, headers: { 'Content-Type': PROBLEM, 'Retry-After': later } }))
    expect(e.status).toBe(429)
    expect(e.retryAfter).toBeGreaterThanOrEqual(28)
    expect(e.retryAfter).toBeLessThanOrEqual(31)
  })
})

describe('isReportAnswer', () => {
  const res = (status: number, type: string) => ({ status, headers: new Headers({ 'Content-Type': type }) })
  it('accepts a 422 import report sent as JSON, not a 422 problem', () => {
    expect(isReportAnswer(res(422, 'application/json; charset=utf-8'))).toBe(true)
    expect(isReportAnswer(res(422, PROBLEM))).toBe(false)
    expect(isReportAnswer(res(400, 'application/json'))).toBe(false)
    expect(isReportAnswer(res(422, 'text/plain'))).toBe(false)
  })
})

describe('filenameFrom', () => {
  it('takes the quoted, bare or RFC 5987 name and never a folder', () => {
    expect(filenameFrom('attachment; filename="cohort-progress.csv"', 'x')).toBe('cohort-progress.csv')
    expect(filenameFrom('attachment; filename=links.csv', 'x')).toBe('links.csv')
    expect(filenameFrom("attachment; filename*=UTF-8''%E8%BF%9B%E5%BA%A6.xlsx; filename=\"p.xlsx\"", 'x')).toBe('进度.xlsx')
    expect(filenameFrom('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd')
    expect(filenameFrom('attachment; filename="a\\b\\c.csv"', 'x')).toBe('c.csv')
    expect(filenameFrom(null, 'fallback.csv')).toBe('fallback.csv')
    expect(filenameFrom('attachment', 'fallback.csv')).toBe('fallback.csv')
  })
})

describe('error messages (problem+json → sentences)', () => {
  const { errorParts, errorText, fieldText } = makeErrorText(t)

  it('explains problem types in Chinese, hiding details that only repeat it', async () => {
    const e = await toApiError(problemResponse(400, problem('invalid-activation', 400, 'this activation link is invalid, used or expired; ask your school for a new one')))
    expect(errorParts(e)).toEqual({ message: '这个激活链接无效、已经用过或已过期，请联系学校重新获取。' })
    const v = await toApiError(problemResponse(422, problem('validation', 422, 'the request has invalid fields; see errors')))
    expect(errorText(v)).toBe('提交的信息有误，请检查后重试。')
    const media = await toApiError(problemResponse(415, problem('unsupported-media-type', 415, 'send the body as application/json')))
    expect(errorParts(media)).toEqual({ message: '服务器不接受这种格式的内容。' })
    const rows = await toApiError(problemResponse(413, problem('too-many-rows', 413, 'an import holds at most 50000 students; split the roster')))
    expect(errorParts(rows).message).toMatch(/50000/)
  })

  it('translates known details and field messages, and shows unknown details as sent', async () => {
    const conflict = await toApiError(
      problemResponse(409, problem('conflict', 409, 'this organization already has a cohort with that name and term, or that external id')),
    )
    expect(errorParts(conflict)).toEqual({ message: '本机构已有同名同学期的班级，或外部编号已被使用' })
    const other = await toApiError(problemResponse(409, problem('conflict', 409, 'something new happened')))
    expect(errorParts(other)).toEqual({ message: '数据已被修改或已存在，请刷新后再试。', detail: 'something new happened' })
    expect(errorText(other)).toBe('数据已被修改或已存在，请刷新后再试。 (something new happened)')
    expect(fieldText('must be at least 8 characters')).toBe('至少需要 8 个字符')
    expect(fieldText('must be at most 40 characters, such as 2026-autumn')).toBe('内容太长，最多 40 个字符')
    expect(fieldText('must be 1 to 100 characters, such as 教务系统同步')).toBe('请填写 1 到 100 个字符')
    expect(fieldText('entry 0 ("nope") is not a track of the catalog')).toBe('课程目录里没有这门课程')
    expect(fieldText('name at least one of roster:write, roster:read, progress:read')).toBe('请至少选择一项')
    expect(fieldText('must be upsert or sync')).toBe('请从列表中选择')
    expect(fieldText('a brand new rule')).toBe('a brand new rule')
  })

  it('handles the network, rate limits, server errors and non-API errors', () => {
    expect(errorText(new ApiError(0, { title: 'network error' }))).toBe('无法连接服务器，请检查网络后重试。')
    expect(errorText(new ApiError(429, { status: 429 }, 12))).toBe('操作太频繁，请在 12 秒后再试。')
    expect(errorText(new ApiError(429, { status: 429 }))).toBe('操作太频繁，请稍后再试。')
    // A 5xx never shows its detail.
    expect(errorParts(new ApiError(500, { status: 500, detail: 'stack trace', type: 'https://ohtalent.dev/problems/internal' }))).toEqual({
      message: '服务器出了点问题，请稍后再试。',
    })
    expect(errorParts(new ApiError(404, { status: 404 }))).toEqual({ message: '请求的内容不存在。' })
    expect(errorText(new Error('boom'))).toBe('出现未知错误，请稍后再试。')
    expect(errorText('a string')).toBe('出现未知错误，请稍后再试。')
  })

  it('shows a roster file problem in the UI language', async () => {
    const body = problem('roster-file', 422, 'unknown column headers: "手机" / 无法识别的列名：“手机”', {
      errors: [{ field: 'unknown_headers', message: '无法识别的列名：“手机”' }],
    })
    const e = await toApiError(problemResponse(422, body))
    expect(rosterFileReason(e)).toEqual({ en: 'unknown column headers: "手机"', zh: '无法识别的列名：“手机”' })
    expect(errorParts(e)).toEqual({ message: '名单文件无法导入：无法识别的列名：“手机”' })
    const en = makeErrorText(t, () => 'en')
    useLocale('en')
    expect(en.errorText(e)).toBe('The roster file cannot be imported: unknown column headers: "手机"')
    expect(rosterFileReason(await toApiError(problemResponse(422, problem('validation', 422, 'x'))))).toBeNull()
  })

  it('speaks English when the UI does', async () => {
    useLocale('en')
    const e = await toApiError(problemResponse(400, problem('invalid-activation', 400, 'x')))
    expect(errorText(e)).toBe('This activation link is invalid, already used or expired. Ask your school for a new one.')
    expect(fieldText('must be at least 8 characters')).toBe('Use at least 8 characters')
  })
})
