// Typed fetch client for the ohtalent API.
//
// Tokens: the short-lived access token lives in memory and is mirrored in
// sessionStorage (so a reload keeps it, but it dies with the tab); the refresh
// token lives in localStorage. A request that gets 401 refreshes the tokens
// once and is retried; if the refresh is refused the session is dropped and
// the onSessionLost handler runs.
import type {
  ActivateRequest,
  ActivationLink,
  AddMemberRequest,
  ApiKey,
  ChangePasswordRequest,
  Cohort,
  CohortMember,
  CohortStudentProgress,
  Consortium,
  Credential,
  CredentialEvent,
  CredentialStatusRequest,
  CreateApiKeyRequest,
  CreateCohortRequest,
  CreateConsortiumRequest,
  CreatedApiKey,
  CreateOrgRequest,
  District,
  DownloadedFile,
  GoalStats,
  IssueCredentialRequest,
  ItemList,
  LabPage,
  Lesson,
  LoginRequest,
  Me,
  Member,
  Org,
  OrgKind,
  Page,
  PageQuery,
  Problem,
  RegisterRequest,
  RosterFileType,
  RosterImportOptions,
  RosterImportReport,
  RosterImportRequest,
  StatsSummary,
  Submission,
  SubmissionRequest,
  TokenResponse,
  TrackDetail,
  TrackProgress,
  TrackSummary,
  UpdateConsortiumRequest,
  UpdateMeRequest,
  UpdateMemberRequest,
  UpdateOrgRequest,
  User,
  VerifyRequest,
  VerifyResult,
} from './types'

const BASE = '/api/v1'
const ACCESS_KEY = 'oht.access'
const REFRESH_KEY = 'oht.refreshToken'
/** Refresh a little before the server would reject the token. */
const EXPIRY_SKEW_MS = 15_000

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number
  readonly problem: Problem
  /** Seconds from a Retry-After header (429, 503), if any. */
  readonly retryAfter: number | null

  constructor(status: number, problem: Problem, retryAfter: number | null = null) {
    super(problem.detail || problem.title || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
    this.retryAfter = retryAfter
  }

  /** Field errors keyed by field name (first message per field wins). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.problem.errors ?? []) {
      if (e.field && !(e.field in out)) out[e.field] = e.message
    }
    return out
  }

  get detail(): string | undefined {
    return this.problem.detail || undefined
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

export function isAbortError(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError'
}

// ---- token storage --------------------------------------------------------

interface StoredAccess {
  token: string
  expiresAt: number
}

function safeGet(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key)
  } catch {
    return null
  }
}

function safeSet(storage: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) storage().removeItem(key)
    else storage().setItem(key, value)
  } catch {
    // Storage can be unavailable (private mode, quota); memory still works.
  }
}

const session = () => window.sessionStorage
const local = () => window.localStorage

function loadAccess(): StoredAccess | null {
  const raw = safeGet(session, ACCESS_KEY)
  if (!raw) return null
  try {
    const parsed = JSON.parse(raw) as Partial<StoredAccess>
    if (typeof parsed.token === 'string' && typeof parsed.expiresAt === 'number') {
      return { token: parsed.token, expiresAt: parsed.expiresAt }
    }
  } catch {
    // fall through
  }
  safeSet(session, ACCESS_KEY, null)
  return null
}

let access: StoredAccess | null = loadAccess()

function refreshToken(): string | null {
  // Read every time: another tab may have rotated it.
  return safeGet(local, REFRESH_KEY)
}

export function storeTokens(res: TokenResponse): void {
  access = { token: res.accessToken, expiresAt: Date.now() + res.expiresIn * 1000 }
  safeSet(session, ACCESS_KEY, JSON.stringify(access))
  safeSet(local, REFRESH_KEY, res.refreshToken)
}

export function clearTokens(): void {
  access = null
  safeSet(session, ACCESS_KEY, null)
  safeSet(local, REFRESH_KEY, null)
}

/** True when there is something to authenticate with. */
export function hasSession(): boolean {
  return access !== null || refreshToken() !== null
}

/** Storage key of the refresh token, for cross-tab logout detection. */
export const REFRESH_STORAGE_KEY = REFRESH_KEY

// ---- configuration --------------------------------------------------------

interface ClientConfig {
  /** Called when the session ended because the refresh token was refused. */
  onSessionLost: () => void
  /** Current UI locale, sent as Accept-Language. */
  locale: () => string
}

const config: ClientConfig = {
  onSessionLost: () => {},
  locale: () => 'zh-CN',
}

export function configureClient(c: Partial<ClientConfig>): void {
  Object.assign(config, c)
}

// ---- transport ------------------------------------------------------------

type Query = Record<string, string | number | boolean | null | undefined>

/** A body sent as is (a roster file), instead of JSON. */
interface RawBody {
  data: Blob | string
  contentType: string
}

interface RequestOptions {
  body?: unknown
  raw?: RawBody
  query?: Query
  /** Send the access token and refresh on 401 (default true). */
  auth?: boolean
  signal?: AbortSignal
  /** Set by request(): the same key on a retry makes the write run once. */
  idempotencyKey?: string
}

/** A random UUID (v4). crypto.randomUUID needs a secure context; this does not. */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

function buildUrl(path: string, query?: Query): string {
  let url = BASE + path
  if (query) {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
    }
    const qs = params.toString()
    if (qs) url += `?${qs}`
  }
  return url
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null
  const secs = Number(value)
  if (Number.isFinite(secs)) return Math.max(0, Math.ceil(secs))
  const date = Date.parse(value)
  if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000))
  return null
}

/** Reads a failed answer as an ApiError (problem+json when the server sent one). */
export async function toApiError(res: Response): Promise<ApiError> {
  let problem: Problem = { status: res.status, title: res.statusText }
  const type = res.headers.get('content-type') ?? ''
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as unknown
      if (body && typeof body === 'object') problem = { ...problem, ...(body as Problem) }
    } catch {
      // keep the status-only problem
    }
  }
  return new ApiError(res.status, problem, parseRetryAfter(res.headers.get('retry-after')))
}

async function send(method: string, path: string, opts: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': config.locale(),
  }
  let body: Blob | string | undefined
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.contentType
    body = opts.raw.data
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (token) headers.Authorization = `Bearer ${token}`
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey
  try {
    return await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      signal: opts.signal,
      credentials: 'same-origin',
    })
  } catch (e) {
    if (isAbortError(e)) throw e
    throw new ApiError(0, { title: 'network error' })
  }
}

let refreshing: Promise<boolean> | null = null

/**
 * Exchanges the refresh token for new tokens. Concurrent callers share one
 * request. Resolves false (and drops the session) when the server refuses the
 * refresh token; rejects on network or server errors, keeping the tokens.
 */
function refreshSession(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      const rt = refreshToken()
      if (!rt) return false
      const res = await send('POST', '/auth/refresh', { body: { refreshToken: rt } }, null)
      if (res.ok) {
        storeTokens((await res.json()) as TokenResponse)
        return true
      }
      if (res.status >= 400 && res.status < 500 && res.status !== 429) {
        // Another tab may have rotated the token while we were asking.
        const now = refreshToken()
        if (now && now !== rt) return true
        clearTokens()
        config.onSessionLost()
        return false
      }
      throw await toApiError(res)
    })().finally(() => {
      refreshing = null
    })
  }
  return refreshing
}

/**
 * Sends a request with the access token (refreshing it first when it is
 * about to expire, and once more after a 401) and answers the response;
 * a failure status throws an ApiError unless `accept` allows it.
 */
async function fetchAuthed(
  method: string,
  path: string,
  options: RequestOptions = {},
  accept: (res: Response) => boolean = (res) => res.ok,
): Promise<Response> {
  const auth = options.auth ?? true
  // Authenticated writes carry an Idempotency-Key, kept for the retry after a refresh.
  const opts: RequestOptions =
    auth && method !== 'GET' && refreshToken() ? { ...options, idempotencyKey: options.idempotencyKey ?? uuid() } : options
  if (auth && refreshToken() && (!access || access.expiresAt - EXPIRY_SKEW_MS <= Date.now())) {
    await refreshSession()
  }
  let res = await send(method, path, opts, auth ? (access?.token ?? null) : null)
  if (res.status === 401 && auth && refreshToken()) {
    if (await refreshSession()) {
      res = await send(method, path, opts, access?.token ?? null)
    }
  }
  if (!accept(res)) throw await toApiError(res)
  return res
}

/** Sends a request (see fetchAuthed) and answers its JSON body; exported for feature modules such as training.ts. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const res = await fetchAuthed(method, path, options)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** The file name of a Content-Disposition header (`filename*=` preferred), if any. */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  let name = ''
  const star = disposition.match(/filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/)
  if (star?.[1]) {
    try {
      name = decodeURIComponent(star[1].trim())
    } catch {
      // fall back to the plain name
    }
  }
  if (!name) {
    const plain = disposition.match(/filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;\s]+)/)
    name = (plain?.[1] ?? plain?.[2] ?? '').trim()
  }
  // Never let a header choose a folder.
  const base = name.split(/[\\/]/).pop() ?? ''
  return base || fallback
}

/** A file the server answers (exports), fetched with the auth header. */
export async function download(method: string, path: string, fallbackName: string, options: RequestOptions = {}): Promise<DownloadedFile> {
  const res = await fetchAuthed(method, path, options)
  return { blob: await res.blob(), filename: filenameFrom(res.headers.get('content-disposition'), fallbackName) }
}

/**
 * True for a 422 answer that is an import report (application/json) rather
 * than a problem: the roster had rejected rows and nothing was written.
 */
export function isReportAnswer(res: Pick<Response, 'status' | 'headers'>): boolean {
  const type = (res.headers.get('content-type') ?? '').toLowerCase()
  return res.status === 422 && type.includes('json') && !type.includes('problem')
}

/**
 * Sends an import (or, with dryRun, its check) and answers the report, for
 * 200 and for a 422 with rejected rows (nothing written); other failures
 * throw, such as a problem about the file as a whole. Exported for
 * feature modules such as oneroster.ts.
 */
export async function importReport<R>(path: string, opts: RequestOptions): Promise<R> {
  const res = await fetchAuthed('POST', path, opts, (r) => r.ok || isReportAnswer(r))
  return (await res.json()) as R
}

const get = <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts)
const post = <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body })
const put = <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body })
const patch = <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body })
const del = (path: string, opts?: RequestOptions) => request<void>('DELETE', path, opts)

const seg = encodeURIComponent

function pageQuery(q?: PageQuery): Query {
  return { limit: q?.limit, cursor: q?.cursor ?? undefined }
}

// ---- endpoints ------------------------------------------------------------

export const api = {
  auth: {
    register: (body: RegisterRequest) => post<User>('/auth/register', body, { auth: false }),
    /** Sets the first password of an imported account (204); does not log in. */
    activate: (body: ActivateRequest) => post<void>('/auth/activate', body, { auth: false }),
    async login(body: LoginRequest): Promise<TokenResponse> {
      const res = await post<TokenResponse>('/auth/login', body, { auth: false })
      storeTokens(res)
      return res
    },
    /** Revokes the refresh token (best effort) and forgets all tokens. */
    async logout(): Promise<void> {
      const rt = refreshToken()
      clearTokens()
      if (rt) await post<void>('/auth/logout', { refreshToken: rt }, { auth: false })
    },
  },

  me: {
    get: (signal?: AbortSignal) => get<Me>('/me', { signal }),
    update: (body: UpdateMeRequest) => patch<Me>('/me', body),
    changePassword: (body: ChangePasswordRequest) => post<void>('/me/password', body),
    progress: (signal?: AbortSignal) => get<ItemList<TrackProgress>>('/me/progress', { signal }),
  },

  stats: {
    summary: (signal?: AbortSignal) => get<StatsSummary>('/stats/summary', { signal, auth: false }),
    /** Public: the city's certified developers, goals with their pace, monthly series and breakdowns. */
    goals: (signal?: AbortSignal, asOf?: string) => get<GoalStats>('/stats/goals', { signal, auth: false, query: { asOf } }),
  },

  districts: {
    list: (signal?: AbortSignal) => get<ItemList<District>>('/districts', { signal }),
  },

  orgs: {
    list: (q: PageQuery & { kind?: OrgKind | '' } = {}, signal?: AbortSignal) =>
      get<Page<Org>>('/orgs', { query: { ...pageQuery(q), kind: q.kind }, signal }),
    get: (orgId: string, signal?: AbortSignal) => get<Org>(`/orgs/${seg(orgId)}`, { signal }),
    create: (body: CreateOrgRequest) => post<Org>('/orgs', body),
    update: (orgId: string, body: UpdateOrgRequest) => patch<Org>(`/orgs/${seg(orgId)}`, body),
    members: {
      list: (orgId: string, q: PageQuery = {}, signal?: AbortSignal) =>
        get<Page<Member>>(`/orgs/${seg(orgId)}/members`, { query: pageQuery(q), signal }),
      add: (orgId: string, body: AddMemberRequest) => post<Member>(`/orgs/${seg(orgId)}/members`, body),
      update: (orgId: string, memberId: string, body: UpdateMemberRequest) =>
        patch<Member>(`/orgs/${seg(orgId)}/members/${seg(memberId)}`, body),
      remove: (orgId: string, memberId: string) => del(`/orgs/${seg(orgId)}/members/${seg(memberId)}`),
    },
    /** Integration credentials (org admins). The secret is only in create's answer. */
    apiKeys: {
      list: (orgId: string, signal?: AbortSignal) => get<Page<ApiKey>>(`/orgs/${seg(orgId)}/api-keys`, { signal }),
      create: (orgId: string, body: CreateApiKeyRequest) => post<CreatedApiKey>(`/orgs/${seg(orgId)}/api-keys`, body),
      revoke: (orgId: string, keyId: string) => del(`/orgs/${seg(orgId)}/api-keys/${seg(keyId)}`),
    },
    /** The org's dashboard (org admins): the same shape as the city's. */
    stats: (orgId: string, signal?: AbortSignal) => get<GoalStats>(`/orgs/${seg(orgId)}/stats`, { signal }),
    exportStats: (orgId: string, format: 'csv' | 'xlsx') =>
      download('GET', `/orgs/${seg(orgId)}/stats`, `org-stats.${format}`, { query: { format } }),
  },

  cohorts: {
    list: (orgId: string, q: PageQuery = {}, signal?: AbortSignal) =>
      get<Page<Cohort>>(`/orgs/${seg(orgId)}/cohorts`, { query: pageQuery(q), signal }),
    get: (orgId: string, cohortId: string, signal?: AbortSignal) =>
      get<Cohort>(`/orgs/${seg(orgId)}/cohorts/${seg(cohortId)}`, { signal }),
    create: (orgId: string, body: CreateCohortRequest) => post<Cohort>(`/orgs/${seg(orgId)}/cohorts`, body),
    members: (orgId: string, cohortId: string, q: PageQuery = {}, signal?: AbortSignal) =>
      get<Page<CohortMember>>(`/orgs/${seg(orgId)}/cohorts/${seg(cohortId)}/members`, { query: pageQuery(q), signal }),
    /**
     * Imports (or, with dryRun, checks) a roster: JSON rows, or a file sent
     * as is. Answers the report for 200 and for a 422 with rejected rows
     * (nothing written); other failures throw (415 while the server cannot
     * read that file type).
     */
    async import(
      orgId: string,
      cohortId: string,
      roster: RosterImportRequest | { file: Blob; type: RosterFileType },
      opts: RosterImportOptions,
    ): Promise<RosterImportReport> {
      const isFile = 'file' in roster
      return importReport<RosterImportReport>(`/orgs/${seg(orgId)}/cohorts/${seg(cohortId)}/imports`, {
        ...(isFile ? { raw: { data: roster.file, contentType: roster.type } } : { body: roster }),
        query: { dryRun: opts.dryRun, mode: opts.mode, encoding: isFile && opts.encoding !== 'auto' ? opts.encoding : undefined },
        idempotencyKey: opts.idempotencyKey,
      })
    },
    /** Every student's progress in the cohort's tracks (one page). */
    progress: (orgId: string, cohortId: string, signal?: AbortSignal) =>
      get<Page<CohortStudentProgress>>(`/orgs/${seg(orgId)}/cohorts/${seg(cohortId)}/progress`, { signal }),
    exportProgress: (orgId: string, cohortId: string, format: 'csv' | 'xlsx') =>
      download('GET', `/orgs/${seg(orgId)}/cohorts/${seg(cohortId)}/progress`, `cohort-progress.${format}`, {
        query: { format },
      }),
    /** Fresh one-time links for students not yet activated; older links stop working. */
    activationLinks: (orgId: string, cohortId: string) =>
      post<Page<ActivationLink>>(`/orgs/${seg(orgId)}/cohorts/${seg(cohortId)}/activation-links`),
    /** The same as a CSV file (again fresh links, voiding older ones). */
    activationLinksCsv: (orgId: string, cohortId: string) =>
      download('POST', `/orgs/${seg(orgId)}/cohorts/${seg(cohortId)}/activation-links`, 'activation-links.csv', {
        query: { format: 'csv' },
      }),
  },

  consortiums: {
    list: (q: PageQuery = {}, signal?: AbortSignal) =>
      get<Page<Consortium>>('/consortiums', { query: pageQuery(q), signal }),
    get: (id: string, signal?: AbortSignal) => get<Consortium>(`/consortiums/${seg(id)}`, { signal }),
    create: (body: CreateConsortiumRequest) => post<Consortium>('/consortiums', body),
    update: (id: string, body: UpdateConsortiumRequest) => patch<Consortium>(`/consortiums/${seg(id)}`, body),
    addMember: (id: string, orgId: string) => post<Consortium | undefined>(`/consortiums/${seg(id)}/members`, { orgId }),
    removeMember: (id: string, orgId: string) => del(`/consortiums/${seg(id)}/members/${seg(orgId)}`),
    /** The consortium's dashboard (its admins): the same shape as the city's. */
    stats: (id: string, signal?: AbortSignal) => get<GoalStats>(`/consortiums/${seg(id)}/stats`, { signal }),
    exportStats: (id: string, format: 'csv' | 'xlsx') =>
      download('GET', `/consortiums/${seg(id)}/stats`, `consortium-stats.${format}`, { query: { format } }),
  },

  tracks: {
    list: (signal?: AbortSignal) => get<ItemList<TrackSummary>>('/tracks', { signal }),
    get: (slug: string, signal?: AbortSignal) => get<TrackDetail>(`/tracks/${seg(slug)}`, { signal }),
    lesson: (slug: string, lesson: string, signal?: AbortSignal) =>
      get<Lesson>(`/tracks/${seg(slug)}/lessons/${seg(lesson)}`, { signal }),
    /** 201 when newly enrolled, 200 when already enrolled; answers the progress. */
    enroll: (slug: string) => post<TrackProgress | undefined>(`/tracks/${seg(slug)}/enrollment`),
    /** Marks a lesson as read (enrolling if needed); answers the progress. */
    completeLesson: (slug: string, lesson: string) =>
      put<TrackProgress | undefined>(`/tracks/${seg(slug)}/lessons/${seg(lesson)}/completion`),
    /** The caller's progress in one track (enrolled or not). */
    progress: (slug: string, signal?: AbortSignal) => get<TrackProgress>(`/tracks/${seg(slug)}/progress`, { signal }),
  },

  labs: {
    get: (lab: string, signal?: AbortSignal) => get<LabPage>(`/labs/${seg(lab)}`, { signal }),
    /**
     * 201 with the graded submission, or 202 while it is still grading:
     * then poll submissions.get until `status` is `graded`.
     */
    submit: (lab: string, body: SubmissionRequest) => post<Submission>(`/labs/${seg(lab)}/submissions`, body),
    /** The caller's submissions to a lab, newest first, without files or answers. */
    history: (lab: string, q: PageQuery = {}, signal?: AbortSignal) =>
      get<Page<Submission>>(`/labs/${seg(lab)}/submissions`, { query: pageQuery(q), signal }),
  },

  credentials: {
    /** Public: the certificate page's data, including the VC-JWT and the JSON. */
    get: (id: string, signal?: AbortSignal) => get<Credential>(`/credentials/${seg(id)}`, { signal, auth: false }),
    /** The caller's own credentials, newest first. */
    mine: (signal?: AbortSignal) => get<ItemList<Credential>>('/me/credentials', { signal }),
    /** Platform admins: exam-based issuance by hand (201). */
    issue: (body: IssueCredentialRequest) => post<Credential>('/credentials', body),
    /** Revoke, suspend or reinstate, with a reason for the audit log. */
    setStatus: (id: string, body: CredentialStatusRequest) => post<Credential>(`/credentials/${seg(id)}/status`, body),
    /** The audit log (issue and status changes), oldest first. */
    events: (id: string, signal?: AbortSignal) => get<ItemList<CredentialEvent>>(`/credentials/${seg(id)}/events`, { signal }),
  },

  /** Public: checks signature, structure, dates and the live status. Always 200 for a readable request. */
  verify: (body: VerifyRequest, signal?: AbortSignal) => post<VerifyResult>('/verify', body, { signal, auth: false }),

  submissions: {
    /** One submission with its files or answers. */
    get: (id: string, signal?: AbortSignal) => get<Submission>(`/submissions/${seg(id)}`, { signal }),
  },
}

/**
 * Fetches every page of a cursor-paginated list (for pickers). Stops after
 * maxPages to keep a runaway list from hanging the page.
 */
export async function fetchAll<T>(
  fetchPage: (q: PageQuery) => Promise<Page<T>>,
  maxPages = 50,
): Promise<T[]> {
  const out: T[] = []
  let cursor: string | null = null
  for (let i = 0; i < maxPages; i++) {
    const page: Page<T> = await fetchPage({ limit: 100, cursor })
    out.push(...page.items)
    cursor = page.nextCursor
    if (!cursor) break
  }
  return out
}
