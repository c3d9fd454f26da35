// Reads a roster from CSV (or rows pasted from a spreadsheet, which arrive
// tab-separated) into the JSON shape of the import API. The server reads
// roster files itself; this is the fallback for a server that answers 415
// to a file, and the reader of pasted rows. Only UTF-8: GBK files are for
// the server to decode.
import type { RosterFileType, RosterStudent } from '../api/types'

export type RosterField = 'studentNumber' | 'name' | 'email' | 'idCard' | 'className'

/** Header names the server accepts, in Chinese and English, by field. */
const HEADER_ALIASES: Record<RosterField, readonly string[]> = {
  studentNumber: ['学号', 'student_number', 'studentnumber', 'student number', 'student_no', 'sourcedid'],
  name: ['姓名', 'name'],
  email: ['邮箱', '电子邮箱', 'email', 'e-mail'],
  idCard: ['身份证号', '身份证号码', 'id_card', 'idcard', 'id card'],
  className: ['班级', 'class'],
}

const REQUIRED: readonly RosterField[] = ['studentNumber', 'name', 'email']

/** At most this many rows, as the server. */
export const MAX_ROSTER_ROWS = 50_000

export type RosterParseError =
  | { code: 'empty' }
  | { code: 'noRows' }
  | { code: 'unclosedQuote'; line: number }
  | { code: 'unknownHeader'; header: string }
  | { code: 'duplicateHeader'; header: string }
  | { code: 'missingHeader'; field: RosterField }
  | { code: 'tooManyRows'; max: number }
  | { code: 'notUtf8' }

export interface ParsedRoster {
  students: RosterStudent[]
  /** The line (header = 1) each student came from, to report rows as the file numbers them. */
  lines: number[]
  delimiter: string
}

export type RosterParseResult = { ok: true; roster: ParsedRoster } | { ok: false; error: RosterParseError }

/** A record of the CSV and the line it starts on (1-based). */
export interface CsvRecord {
  cells: string[]
  line: number
}

/**
 * Guesses the delimiter from the header line: a tab (spreadsheet paste),
 * else a semicolon when there is no comma, else a comma.
 */
export function detectDelimiter(text: string): string {
  const first = text.split(/\r\n|\n|\r/, 1)[0] ?? ''
  if (first.includes('\t')) return '\t'
  if (!first.includes(',') && first.includes(';')) return ';'
  return ','
}

/**
 * Splits CSV text into records (RFC 4180: quoted fields may hold the
 * delimiter, line breaks and doubled quotes). Returns null for an
 * unclosed quote, with the line it opened on in `badLine`.
 */
export function parseCsv(text: string, delimiter = ','): { records: CsvRecord[] } | { badLine: number } {
  const records: CsvRecord[] = []
  let cells: string[] = []
  let cell = ''
  let line = 1
  let recordLine = 1
  let quoted = false
  let quoteLine = 0
  let i = 0
  const n = text.length
  const endRecord = (): void => {
    cells.push(cell)
    records.push({ cells, line: recordLine })
    cells = []
    cell = ''
  }
  while (i < n) {
    const ch = text[i] as string
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++
      cell += ch
      i++
      continue
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true
      quoteLine = line
      cell = ''
      i++
      continue
    }
    if (ch === delimiter) {
      cells.push(cell)
      cell = ''
      i++
      continue
    }
    if (ch === '\r' || ch === '\n') {
      endRecord()
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
      line++
      recordLine = line
      continue
    }
    cell += ch
    i++
  }
  if (quoted) return { badLine: quoteLine }
  if (cell !== '' || cells.length) endRecord()
  return { records }
}

function normalizeHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/\s+/g, ' ')
}

/**
 * The field a header names: one alias (学号, student_number …), or a
 * bilingual header whose words all name the same field ("学号 student_number",
 * as the platform's own exports write them). Null when unknown.
 */
export function headerField(header: string): RosterField | null {
  const h = normalizeHeader(header)
  if (!h) return null
  const find = (word: string): RosterField | null => {
    for (const [field, aliases] of Object.entries(HEADER_ALIASES) as Array<[RosterField, readonly string[]]>) {
      if (aliases.includes(word)) return field
    }
    return null
  }
  const whole = find(h)
  if (whole) return whole
  const words = h.split(' ')
  const fields = new Set(words.map(find))
  if (fields.size === 1) {
    const [only] = [...fields]
    return only ?? null
  }
  return null
}

/** Decodes UTF-8 (skipping a byte order mark); null when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return null
  }
}

/** Reads a roster: a header row naming the columns, then one student per row. */
export function parseRoster(input: string): RosterParseResult {
  const text = input.replace(/^\uFEFF/, '')
  if (!text.trim()) return { ok: false, error: { code: 'empty' } }
  const delimiter = detectDelimiter(text)
  const parsed = parseCsv(text, delimiter)
  if ('badLine' in parsed) return { ok: false, error: { code: 'unclosedQuote', line: parsed.badLine } }
  const records = parsed.records.filter((r) => r.cells.some((c) => c.trim() !== ''))
  const header = records.shift()
  if (!header) return { ok: false, error: { code: 'empty' } }

  const columns: Array<RosterField | null> = []
  const seen = new Set<RosterField>()
  for (const h of header.cells) {
    if (!h.trim()) {
      columns.push(null)
      continue
    }
    const field = headerField(h)
    if (!field) return { ok: false, error: { code: 'unknownHeader', header: h.trim() } }
    if (seen.has(field)) return { ok: false, error: { code: 'duplicateHeader', header: h.trim() } }
    seen.add(field)
    columns.push(field)
  }
  for (const field of REQUIRED) {
    if (!seen.has(field)) return { ok: false, error: { code: 'missingHeader', field } }
  }
  if (!records.length) return { ok: false, error: { code: 'noRows' } }
  if (records.length > MAX_ROSTER_ROWS) return { ok: false, error: { code: 'tooManyRows', max: MAX_ROSTER_ROWS } }

  const students: RosterStudent[] = []
  const lines: number[] = []
  for (const r of records) {
    const s: RosterStudent = { studentNumber: '', name: '', email: '' }
    columns.forEach((field, i) => {
      const v = (r.cells[i] ?? '').trim()
      if (field === 'studentNumber' || field === 'name' || field === 'email') s[field] = v
      else if (field === 'idCard' && v) s.idCard = v
    })
    students.push(s)
    lines.push(r.line)
  }
  return { ok: true, roster: { students, lines, delimiter } }
}

/** The import's media type for a file, from its name (then its type); null when unsupported. */
export function rosterFileType(name: string, type = ''): RosterFileType | null {
  const ext = name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? ''
  if (ext === 'csv' || ext === 'txt') return 'text/csv'
  if (ext === 'xlsx') return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  if (ext === 'zip') return 'application/zip'
  if (type === 'text/csv') return 'text/csv'
  if (type === 'application/zip' || type === 'application/x-zip-compressed') return 'application/zip'
  if (type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return type
  return null
}

/** The server's limit for an import body. */
export const MAX_ROSTER_FILE_BYTES = 32 * 1024 * 1024

/**
 * Why a chosen file cannot be sent as one of the accepted roster types, or
 * null. Only its name, type and size are looked at: the server reads the
 * content and says what is wrong with it.
 */
export function rosterFileProblem(
  file: Pick<File, 'name' | 'type' | 'size'>,
  accepted: readonly RosterFileType[],
): 'unsupported' | 'empty' | 'tooLarge' | null {
  const type = rosterFileType(file.name, file.type)
  if (!type || !accepted.includes(type)) return 'unsupported'
  if (file.size === 0) return 'empty'
  if (file.size > MAX_ROSTER_FILE_BYTES) return 'tooLarge'
  return null
}
