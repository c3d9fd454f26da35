// Shapes of the ohtalent JSON API (/api/v1). Field names are camelCase, as
// sent by the server.

/** Text shown to people, in Chinese and (optionally: absent or empty) English. */
export interface LocalizedText {
  zh: string
  en?: string
}

/** application/problem+json error body. */
export interface FieldError {
  /** JSON name of the field; nested fields are dotted, e.g. "name.zh". */
  field?: string
  /** 1-based row, for imports. */
  row?: number
  message: string
}

export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  instance?: string
  requestId?: string
  errors?: FieldError[]
}

/** Cursor-paginated list. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface PageQuery {
  limit?: number
  cursor?: string | null
}

// ---- accounts -------------------------------------------------------------

export interface User {
  id: string
  email: string
  displayName: string
  createdAt: string
}

export type OrgKind = 'university' | 'vocational_college' | 'enterprise' | 'training_center'
export const ORG_KINDS: readonly OrgKind[] = [
  'university',
  'vocational_college',
  'enterprise',
  'training_center',
]

export type MemberRole = 'org_admin' | 'instructor' | 'student' | 'enterprise_verifier'
export const MEMBER_ROLES: readonly MemberRole[] = [
  'org_admin',
  'instructor',
  'student',
  'enterprise_verifier',
]

export type MemberStatus = 'active' | 'inactive'
export const MEMBER_STATUSES: readonly MemberStatus[] = ['active', 'inactive']

export interface Membership {
  id: string
  orgId: string
  orgCode: string
  orgName: LocalizedText
  orgKind: OrgKind
  role: MemberRole
  status: MemberStatus
}

export interface Me extends User {
  platformAdmin: boolean
  memberships: Membership[]
}

export interface RegisterRequest {
  email: string
  password: string
  displayName: string
}

export interface LoginRequest {
  email: string
  password: string
}

export interface TokenResponse {
  accessToken: string
  tokenType: 'Bearer'
  expiresIn: number
  refreshToken: string
  user: User
}

export interface UpdateMeRequest {
  displayName: string
}

export interface ChangePasswordRequest {
  currentPassword: string
  newPassword: string
}

// ---- organizations --------------------------------------------------------

export interface District {
  code: string
  name: LocalizedText
}

export interface Org {
  id: string
  code: string
  kind: OrgKind
  name: LocalizedText
  district: string
  createdAt: string
  updatedAt: string
}

export interface CreateOrgRequest {
  code: string
  kind: OrgKind
  name: LocalizedText
  district: string
}

export type UpdateOrgRequest = Partial<CreateOrgRequest>

export interface Member {
  id: string
  userId: string
  email: string
  displayName: string
  role: MemberRole
  status: MemberStatus
  createdAt: string
}

export interface AddMemberRequest {
  email: string
  role: MemberRole
  displayName?: string
  initialPassword?: string
}

export interface UpdateMemberRequest {
  role?: MemberRole
  status?: MemberStatus
}

export interface Consortium {
  id: string
  code: string
  name: LocalizedText
  leadOrgId: string
  members: Org[]
  createdAt: string
}

export interface CreateConsortiumRequest {
  code: string
  name: LocalizedText
  leadOrgId: string
  memberOrgIds: string[]
}

export interface UpdateConsortiumRequest {
  name?: LocalizedText
  leadOrgId?: string
}

// ---- catalog --------------------------------------------------------------

export type TrackLevel = 'foundation' | 'advanced' | 'specialist'
export type LabKind = 'code' | 'quiz' | 'external'

export interface TrackSummary {
  slug: string
  version: number
  title: LocalizedText
  summary: LocalizedText
  level: TrackLevel
  estimatedHours: number
  outcomes: LocalizedText[]
  moduleCount: number
  lessonCount?: number
  labCount: number
  certificate?: CertificateRule
}

export interface LessonRef {
  slug: string
  title: LocalizedText
  minutes: number
}

export interface LabRef {
  slug: string
  kind: LabKind
  title: LocalizedText
  maxScore: number
  passScore: number
  /** Counts towards the certificate. */
  required?: boolean
}

export interface TrackModule {
  slug: string
  title: LocalizedText
  summary: LocalizedText
  lessons: LessonRef[]
  labs: LabRef[]
}

export interface CertificateRule {
  labs: string[]
  threshold: number
}

export interface TrackDetail extends TrackSummary {
  modules: TrackModule[]
  certificate: CertificateRule
}

export interface Lesson {
  slug: string
  title: LocalizedText
  minutes: number
  html: string
  htmlEn?: string
  track?: string
  module?: string
  prev?: LessonRef | null
  next?: LessonRef | null
}

export interface LabScore {
  lab: string
  bestScore: number
  maxScore: number
  passed: boolean
  attempts: number
  updatedAt: string
}

export interface TrackProgress {
  trackSlug: string
  enrolled?: boolean
  enrolledAt: string | null
  lessonsCompleted: number
  lessonsTotal: number
  completedLessons?: string[]
  labsPassed: number
  labsRequired: number
  labs?: LabScore[]
  scorePercent?: number
  threshold?: number
  percent: number
  certificateEligible: boolean
}

/** A city target of certified developers (GET /stats/summary). */
export interface TalentGoal {
  name: string
  target: number
  deadline: string
}

export interface StatsSummary {
  /** Distinct people holding an active, unexpired credential. */
  certifiedDevelopers: number
  credentialsIssued?: number
  goals?: TalentGoal[]
  asOf?: string
}

/** Who a goal counts: the whole city, or one district, org or consortium. */
export interface GoalScope {
  kind: string
  id: string
  name: string | LocalizedText
}

/**
 * One goal with the pace toward it (GET /stats/goals). Rates are certified
 * developers per month. On public pages a goal whose scope holds only a few
 * people (1 to 4) is suppressed: its figures are null.
 */
export interface GoalProgress {
  id: string
  name: string
  target: number
  /** YYYY-MM-DD, the last day that counts. */
  deadline: string
  scope: GoalScope
  count: number | null
  percent: number | null
  /** Null once the deadline has passed unmet. */
  requiredMonthlyRate: number | null
  trailing3MonthRate: number | null
  trailing6MonthRate: number | null
  /** YYYY-MM-DD when the goal is reached at the recent pace; null when that pace never gets there. */
  projectedDate: string | null
  onTrack: boolean
  suppressed: boolean
}

/** Certified developers first counted in a month, and the total at its end. */
export interface MonthPoint {
  /** YYYY-MM */
  month: string
  new: number
  cumulative: number
}

/** One group of a breakdown. Groups under the privacy threshold are suppressed: count null. */
export interface BreakdownItem {
  key: string
  label: string | LocalizedText
  count: number | null
  suppressed: boolean
}

export type BreakdownKey = 'byDistrict' | 'byOrgKind' | 'byOrg' | 'byConsortium' | 'byTrack'

/**
 * Certified developers with goals, monthly series and breakdowns: the city's
 * (GET /stats/goals, public), an org's (GET /orgs/{id}/stats) or a
 * consortium's (GET /consortiums/{id}/stats).
 */
export interface GoalStats {
  /** YYYY-MM-DD */
  asOf: string
  certifiedDevelopers: number
  goals: GoalProgress[]
  series: MonthPoint[]
  breakdowns: Partial<Record<BreakdownKey, BreakdownItem[]>>
}

export interface ItemList<T> {
  items: T[]
}

// ---- labs and grading -----------------------------------------------------

export type QuestionType = 'single' | 'multiple' | 'numeric' | 'text'

/** A choice of a single or multiple question. */
export interface QuestionOption {
  id: string
  zh: string
  en?: string
}

/** A quiz question without its answer. */
export interface PublicQuestion {
  id: string
  type: QuestionType
  prompt: LocalizedText
  options?: QuestionOption[]
  points: number
}

/** What a learner may see of a lab (GET /labs/{lab}). */
export interface LabPage {
  track: string
  module: string
  slug: string
  kind: LabKind
  title: LocalizedText
  maxScore: number
  passScore: number
  timeLimitMs?: number
  /** Markdown source. */
  statement: LocalizedText
  /** Sanitized HTML rendered by the server. */
  statementHtml: LocalizedText
  /** Files the learner edits (code and external labs). */
  files?: string[]
  /** Starter source by file name. */
  starter?: Record<string, string>
  /** Source of the public test file (code labs). */
  publicTests?: string
  questions?: PublicQuestion[]
  /** Runner kind that grades an external lab. */
  runner?: string
}

export type SubmissionMode = 'submit' | 'run'
export type SubmissionStatus = 'queued' | 'running' | 'graded'
export type Verdict =
  | 'ok'
  | 'compile_error'
  | 'time_limit_exceeded'
  | 'memory_limit_exceeded'
  | 'runtime_error'
  | 'output_limit_exceeded'
export const VERDICTS: readonly Verdict[] = [
  'ok',
  'compile_error',
  'time_limit_exceeded',
  'memory_limit_exceeded',
  'runtime_error',
  'output_limit_exceeded',
]

/** A quiz answer: an option id, option ids, a number, or text. */
export type QuizAnswer = string | string[] | number

export interface SubmissionRequest {
  mode?: SubmissionMode
  files?: Record<string, string>
  answers?: Record<string, QuizAnswer>
}

/** The outcome of one test (`it`). Hidden tests carry no message. */
export interface TestResult {
  suite: string
  name: string
  hidden: boolean
  passed: boolean
  message?: string
  expected?: string
  actual?: string
  durationMs: number
}

/** A compile error; line and column are 1-based (column in UTF-16 units). */
export interface Diagnostic {
  file: string
  line: number
  column: number
  message: string
}

export interface CodeResult {
  tests: TestResult[]
  passed: number
  total: number
  diagnostics?: Diagnostic[]
  error?: string
  output: string
  outputTruncated?: boolean
}

export interface QuestionResult {
  id: string
  answered: boolean
  correct: boolean
  points: number
  earned: number
  explanation: LocalizedText
}

export interface QuizResult {
  questions: QuestionResult[]
  earned: number
  possible: number
}

export interface RunnerTestCase {
  name: string
  passed: boolean
  message?: string
}

export interface ExternalResult {
  tests: RunnerTestCase[] | null
  output: string
}

export interface GradingError {
  error: string
}

export type SubmissionResult = CodeResult | QuizResult | ExternalResult | GradingError

/** A lab attempt as its learner sees it. */
export interface Submission {
  id: string
  lab: string
  track: string
  kind: LabKind
  mode: SubmissionMode
  status: SubmissionStatus
  /** Set once graded. */
  verdict?: Verdict
  score: number
  maxScore: number
  passed: boolean
  createdAt: string
  gradedAt: string | null
  durationMs: number
  result?: SubmissionResult
  /** GET /submissions/{id} only. */
  files?: Record<string, string>
  /** GET /submissions/{id} only. */
  answers?: Record<string, QuizAnswer>
}

// ---- credentials ----------------------------------------------------------

/** The issuer's record of a credential. Revocation is final; suspension can be lifted. */
export type CredentialStatus = 'active' | 'suspended' | 'revoked'
export const CREDENTIAL_STATUSES: readonly CredentialStatus[] = ['active', 'suspended', 'revoked']

/** The outcome of a verification (and, on a View, what the stored state implies). */
export type CredentialVerdict =
  | 'valid'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'not_yet_valid'
  | 'tampered'
  | 'unknown_issuer'
  | 'malformed'
export const CREDENTIAL_VERDICTS: readonly CredentialVerdict[] = [
  'valid',
  'revoked',
  'suspended',
  'expired',
  'not_yet_valid',
  'tampered',
  'unknown_issuer',
  'malformed',
]

export interface CredentialTrack {
  slug: string
  version: number
  /** Null when the track is no longer in the catalog. */
  title: LocalizedText | null
  /** 'competition' for an event's achievement credential (slug event:<id>). */
  level: TrackLevel | 'competition' | ''
}

export interface CredentialIssuer {
  id: string
  name: string
  url: string
}

/** An Open Badges 3.0 credential as JSON (the VC-JWT's payload). */
export type CredentialDocument = Record<string, unknown>

/** A credential as its certificate page shows it (GET /credentials/{id}). */
export interface Credential {
  id: string
  /** The public certificate page, <public URL>/c/<id>. */
  url: string
  status: CredentialStatus
  verdict: CredentialVerdict
  holderName: string
  track: CredentialTrack
  issuer: CredentialIssuer
  issuedAt: string
  validFrom: string
  validUntil: string | null
  /** The signed VC-JWT; empty inside a verification result. */
  jwt: string
  /** The credential JSON; null inside a verification result. */
  document: CredentialDocument | null
}

/** POST /verify: a VC-JWT string, a JSON credential, or an id. */
export interface VerifyRequest {
  credential?: string | CredentialDocument
  id?: string
  /** The candidate's email: the answer then says whether the credential is theirs. */
  email?: string
}

export interface VerifyResult {
  verdict: CredentialVerdict
  /** Why, in English (for developers). */
  reasons: string[]
  /** The credential's URL id (the jti claim). */
  credentialId?: string
  kid?: string
  /** Set when an email was sent. */
  holderMatch?: boolean
  credential?: Credential
}

export interface IssueCredentialRequest {
  email: string
  track: string
  /** The exam or assessment behind the credential (1 to 2000 characters). */
  evidence: string
  orgId?: string
  validUntil?: string
}

export type CredentialAction = 'revoke' | 'suspend' | 'reinstate'
export const CREDENTIAL_ACTIONS: readonly CredentialAction[] = ['suspend', 'reinstate', 'revoke']

/** What an audit log line records: the issuance or a status change. */
export type CredentialEventAction = 'issue' | CredentialAction

export interface CredentialStatusRequest {
  action: CredentialAction
  /** Kept in the audit log (1 to 1000 characters). */
  reason: string
}

/** One line of a credential's audit log. */
export interface CredentialEvent {
  id: string
  credentialId: string
  action: CredentialEventAction
  reason: string
  actorId: string
  createdAt: string
}

// ---- cohorts, rosters and activation --------------------------------------

/** POST /auth/activate: the token of an activation link and the first password. */
export interface ActivateRequest {
  token: string
  password: string
}

/** A class of students enrolled together in tracks. */
export interface Cohort {
  id: string
  orgId: string
  name: string
  /** Empty when unset. */
  term: string
  /** The cohort's id in the organization's own systems, or empty. */
  externalId: string
  /** Slugs of the tracks its students are enrolled in. */
  tracks: string[]
  activeMembers: number
  createdAt: string
  updatedAt: string
}

export interface CreateCohortRequest {
  name: string
  term?: string
  externalId?: string
  tracks?: string[]
}

export type CohortMemberStatus = 'active' | 'inactive'

/** A student of a cohort, as its staff sees them. */
export interface CohortMember {
  userId: string
  studentNumber: string
  displayName: string
  email: string
  status: CohortMemberStatus
  /** Whether the student has set a password (imported accounts have none). */
  activated: boolean
  joinedAt: string
}

/** upsert adds and updates; sync also marks missing active students inactive. */
export type ImportMode = 'upsert' | 'sync'
export const IMPORT_MODES: readonly ImportMode[] = ['upsert', 'sync']

/** The character encoding of a CSV roster; auto lets the server tell. */
export type RosterEncoding = 'auto' | 'utf-8' | 'gbk' | 'gb18030'
export const ROSTER_ENCODINGS: readonly RosterEncoding[] = ['auto', 'utf-8', 'gbk', 'gb18030']

/** One roster row as JSON. */
export interface RosterStudent {
  studentNumber: string
  name: string
  email: string
  idCard?: string
}

export interface RosterImportRequest {
  students: RosterStudent[]
}

/** Media types the import takes as a file body. */
export type RosterFileType =
  | 'text/csv'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  | 'application/zip'

/** One fault of one roster row, in Chinese and English. */
export interface RosterRowProblem {
  /** 1-based: the position in `students` (JSON) or the line of the file (header = 1). */
  row: number
  column?: string
  code: string
  messageZh: string
  messageEn: string
}

export interface RosterCounts {
  created: number
  updated: number
  unchanged: number
  deactivated: number
  rejected: number
}

/** What an import did or, for a dry run or a rejected roster, would do. */
export interface RosterImportReport {
  cohortId: string
  /** json, csv, xlsx, oneroster … */
  format: string
  encoding?: string
  mode: ImportMode
  dryRun: boolean
  applied: boolean
  rows: number
  counts: RosterCounts
  rejected: RosterRowProblem[]
}

export interface RosterImportOptions {
  dryRun: boolean
  mode: ImportMode
  encoding: RosterEncoding
  /** The same key on a retry makes the import run once. */
  idempotencyKey?: string
}

/** What a OneRoster bundle import did (or, previewed, would do) to one class's cohort. */
export interface OneRosterClassReport {
  /** The class's id in the student information system: the cohort's externalId. */
  sourcedId: string
  title: string
  /** The school (orgs.csv) the class belongs to. */
  school: string
  /** In a preview, the id of a cohort that would be created exists nowhere. */
  cohortId: string
  cohortCreated: boolean
  counts: RosterCounts
}

/** POST /orgs/{orgId}/oneroster-imports: every class of the bundle, or none. */
export interface OneRosterImportReport {
  format: string
  mode: ImportMode
  dryRun: boolean
  applied: boolean
  /** Enrolled students in the bundle, plus rejected rows. */
  rows: number
  classes: OneRosterClassReport[]
  /** The classes' counts added up (a student in two classes counts in each). */
  counts: RosterCounts
  /** Rows are lines of the file named in `column` (users.csv:email …). */
  rejected: RosterRowProblem[]
}

export interface OneRosterImportOptions {
  dryRun: boolean
  mode: ImportMode
  /** The same key on a retry makes the import run once. */
  idempotencyKey?: string
}

/** A student's progress toward one track's certificate. */
export interface CohortTrackProgress {
  track: string
  labsPassed: number
  labsRequired: number
  percent: number
  scorePercent: number
  certificateEligible: boolean
  credentialId?: string
  credentialStatus?: CredentialStatus
}

export interface CohortStudentProgress {
  userId: string
  studentNumber: string
  name: string
  email: string
  status: CohortMemberStatus
  tracks: CohortTrackProgress[]
}

/** A student's one-time activation link: a secret, never stored by the app. */
export interface ActivationLink {
  studentNumber: string
  name: string
  email: string
  url: string
}

// ---- integrations ---------------------------------------------------------

export type ApiKeyKind = 'api_key' | 'oauth_client'
export const API_KEY_KINDS: readonly ApiKeyKind[] = ['api_key', 'oauth_client']

export type ApiScope = 'roster:read' | 'roster:write' | 'progress:read'
export const API_SCOPES: readonly ApiScope[] = ['roster:read', 'roster:write', 'progress:read']

/** An integration credential as its organization's admins see it (never its secret). */
export interface ApiKey {
  id: string
  orgId: string
  kind: ApiKeyKind
  name: string
  /** oauth_client only. */
  clientId?: string
  scopes: ApiScope[]
  createdBy: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

export interface CreateApiKeyRequest {
  name: string
  kind: ApiKeyKind
  scopes: ApiScope[]
}

/** The answer to creating a key: the one time its secret is shown. */
export interface CreatedApiKey extends ApiKey {
  secret: string
}

/** A file the server answered (an export), with the name it suggested. */
export interface DownloadedFile {
  blob: Blob
  filename: string
}
