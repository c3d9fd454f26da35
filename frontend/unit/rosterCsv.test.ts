import { describe, expect, it } from 'vitest'
import {
  decodeUtf8,
  detectDelimiter,
  headerField,
  MAX_ROSTER_FILE_BYTES,
  MAX_ROSTER_ROWS,
  parseCsv,
  parseRoster,
  rosterFileProblem,
  rosterFileType,
} from '../src/lib/rosterCsv'

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, keeping line numbers', () => {
    const r = parseCsv('a,b\r\n"x, y","say ""hi"""\n"multi\nline",z\n')
    expect('records' in r && r.records).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['x, y', 'say "hi"'], line: 2 },
      { cells: ['multi\nline', 'z'], line: 3 },
    ])
  })

  it('keeps empty cells and a last line without a newline', () => {
    const r = parseCsv('a,,c\n1,2,')
    expect('records' in r && r.records.map((x) => x.cells)).toEqual([
      ['a', '', 'c'],
      ['1', '2', ''],
    ])
  })

  it('reports an unclosed quote with its line', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({ badLine: 2 })
  })
})

describe('detectDelimiter and headerField', () => {
  it('uses tabs for pasted spreadsheet rows, semicolons when there is no comma', () => {
    expect(detectDelimiter('学号\t姓名\t邮箱\n1\t2\t3')).toBe('\t')
    expect(detectDelimiter('a;b;c')).toBe(';')
    expect(detectDelimiter('a,b;c')).toBe(',')
  })

  it('knows Chinese, English and bilingual headers', () => {
    expect(headerField('学号')).toBe('studentNumber')
    expect(headerField('\uFEFF学号')).toBe('studentNumber')
    expect(headerField(' Student_Number ')).toBe('studentNumber')
    expect(headerField('学号 student_number')).toBe('studentNumber')
    expect(headerField('邮箱 email')).toBe('email')
    expect(headerField('身份证号')).toBe('idCard')
    expect(headerField('id_card')).toBe('idCard')
    expect(headerField('班级')).toBe('className')
    expect(headerField('姓名 email')).toBeNull()
    expect(headerField('手机')).toBeNull()
    expect(headerField('')).toBeNull()
  })
})

describe('parseRoster', () => {
  it('maps the columns into the JSON shape, with file line numbers', () => {
    const r = parseRoster('\uFEFF学号,姓名,邮箱,身份证号,班级\r\n2026010001,李伟,li.wei@x.cn,11010519491231002X,1班\r\n\r\n 2026010002 ,王芳,wang@x.cn,,1班\r\n')
    expect(r).toEqual({
      ok: true,
      roster: {
        students: [
          { studentNumber: '2026010001', name: '李伟', email: 'li.wei@x.cn', idCard: '11010519491231002X' },
          { studentNumber: '2026010002', name: '王芳', email: 'wang@x.cn' },
        ],
        lines: [2, 4],
        delimiter: ',',
      },
    })
  })

  it('reads pasted tab-separated rows in any column order', () => {
    const r = parseRoster('email\tname\tstudent_number\na@x.cn\t甲\t1\n')
    expect(r.ok && r.roster.students).toEqual([{ studentNumber: '1', name: '甲', email: 'a@x.cn' }])
  })

  it('keeps rows with empty values for the server to reject', () => {
    const r = parseRoster('学号,姓名,邮箱\n1,,bad\n')
    expect(r.ok && r.roster.students).toEqual([{ studentNumber: '1', name: '', email: 'bad' }])
  })

  it('refuses what cannot be a roster', () => {
    expect(parseRoster('  \n')).toEqual({ ok: false, error: { code: 'empty' } })
    expect(parseRoster('学号,姓名,邮箱\n')).toEqual({ ok: false, error: { code: 'noRows' } })
    expect(parseRoster('学号,姓名\n1,甲\n')).toEqual({ ok: false, error: { code: 'missingHeader', field: 'email' } })
    expect(parseRoster('学号,姓名,邮箱,手机\n')).toEqual({ ok: false, error: { code: 'unknownHeader', header: '手机' } })
    expect(parseRoster('学号,姓名,邮箱,email\n')).toEqual({ ok: false, error: { code: 'duplicateHeader', header: 'email' } })
    expect(parseRoster('学号,姓名,邮箱\n1,"甲,a@x.cn\n')).toEqual({ ok: false, error: { code: 'unclosedQuote', line: 2 } })
  })

  it('stops at the server’s row limit', () => {
    const rows = Array.from({ length: MAX_ROSTER_ROWS + 1 }, (_, i) => `${i},n,e${i}@x.cn`).join('\n')
    expect(parseRoster(`学号,姓名,邮箱\n${rows}`)).toEqual({ ok: false, error: { code: 'tooManyRows', max: MAX_ROSTER_ROWS } })
  })
})

describe('decodeUtf8 and rosterFileType', () => {
  it('decodes UTF-8 (with a byte order mark) and refuses GBK bytes', () => {
    expect(decodeUtf8(new TextEncoder().encode('学号,姓名'))).toBe('学号,姓名')
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('a')
    // "学号" in GBK.
    expect(decodeUtf8(new Uint8Array([0xd1, 0xa7, 0xba, 0xc5]))).toBeNull()
  })

  it('tells the media type from the file name, then its type', () => {
    expect(rosterFileType('名单.CSV')).toBe('text/csv')
    expect(rosterFileType('roster.txt')).toBe('text/csv')
    expect(rosterFileType('roster.xlsx')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(rosterFileType('oneroster.zip')).toBe('application/zip')
    expect(rosterFileType('roster', 'application/x-zip-compressed')).toBe('application/zip')
    expect(rosterFileType('roster.xls')).toBeNull()
    expect(rosterFileType('photo.png', 'image/png')).toBeNull()
  })
})

describe('roster file checks', () => {
  const file = (name: string, size = 10, type = '') => ({ name, size, type })

  it('take a OneRoster bundle only as a zip, by name or type', () => {
    expect(rosterFileProblem(file('oneroster.zip'), ['application/zip'])).toBeNull()
    expect(rosterFileProblem(file('bundle', 10, 'application/x-zip-compressed'), ['application/zip'])).toBeNull()
    expect(rosterFileProblem(file('users.csv', 10, 'text/csv'), ['application/zip'])).toBe('unsupported')
    expect(rosterFileProblem(file('名单.xlsx'), ['application/zip'])).toBe('unsupported')
    expect(rosterFileProblem(file('photo.png', 10, 'image/png'), ['application/zip'])).toBe('unsupported')
  })

  it('refuse empty files and files over the server’s limit', () => {
    const all = ['text/csv', 'application/zip'] as const
    expect(rosterFileProblem(file('roster.csv', 0), all)).toBe('empty')
    expect(rosterFileProblem(file('bundle.zip', MAX_ROSTER_FILE_BYTES), all)).toBeNull()
    expect(rosterFileProblem(file('bundle.zip', MAX_ROSTER_FILE_BYTES + 1), all)).toBe('tooLarge')
    expect(rosterFileProblem(file('roster.csv'), all)).toBeNull()
  })
})
