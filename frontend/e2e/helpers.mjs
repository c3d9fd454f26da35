// Shared set-up for the browser tests: a real ohtalent server (the binary
// named by OHT_BIN, on SQLite in a fresh temporary folder, with demo data)
// and Debian's Chromium driven by playwright-core. Nothing is built here:
// build the binary first (`go build -o bin/ohtalent .` from the repository).
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before } from 'node:test'
import { crc32, deflateRawSync } from 'node:zlib'
import { chromium } from 'playwright-core'

export const DEMO_PASSWORD = 'ohtalent-demo-2026'
export const STUDENT = 'student@sut.demo.ohtalent.cn'
export const STUDENT_NAME = '张小明'
export const ADMIN = 'admin@demo.ohtalent.cn'

/** Milliseconds a locator waits for the page by default. */
export const TIMEOUT = 15_000

const here = dirname(fileURLToPath(import.meta.url))
/** The repository root (frontend/..). */
export const REPO = resolve(here, '..', '..')

/** Reads a file given relative to the repository root, e.g. courses/…/solution/main.ts. */
export function readRepoFile(path) {
  return readFile(join(REPO, path), 'utf8')
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolvePort(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * Starts `$OHT_BIN serve --demo` on a free port with a fresh data folder and
 * waits for /readyz. `env` adds or overrides OHT_* settings.
 */
export async function startServer(env = {}) {
  const bin = process.env.OHT_BIN
  if (!bin) {
    throw new Error('OHT_BIN is not set: build the server (go build -o bin/ohtalent .) and set OHT_BIN to its absolute path')
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'oht-e2e-'))
  const port = await freePort()
  const baseURL = `http://127.0.0.1:${port}`
  // Settings from the outer environment (a PostgreSQL URL in CI, say) must
  // not leak in: these tests run on SQLite.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OHT_')))
  const child = spawn(resolve(bin), ['serve', '--demo'], {
    env: {
      ...clean,
      OHT_DATA_DIR: dataDir,
      OHT_ADDR: `127.0.0.1:${port}`,
      OHT_PUBLIC_URL: baseURL,
      OHT_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  let exitCode = null
  const exited = new Promise((r) => child.once('exit', (code, signal) => r((exitCode = code ?? signal))))

  const deadline = Date.now() + 60_000
  for (;;) {
    if (exitCode !== null) {
      await rm(dataDir, { recursive: true, force: true })
      throw new Error(`the server exited (${exitCode}) before it was ready:\n${output}`)
    }
    try {
      const res = await fetch(`${baseURL}/readyz`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      await rm(dataDir, { recursive: true, force: true })
      throw new Error(`the server was not ready within 60 s:\n${output}`)
    }
    await sleep(100)
  }

  return {
    baseURL,
    /** The last lines the server printed. */
    output: () => output,
    async stop() {
      if (exitCode === null) {
        child.kill('SIGTERM')
        let timer
        const stopped = await Promise.race([
          exited.then(() => true),
          new Promise((r) => (timer = setTimeout(() => r(false), 10_000))),
        ])
        clearTimeout(timer)
        if (!stopped) {
          child.kill('SIGKILL')
          await exited
        }
      }
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** Debian's Chromium (or $CHROMIUM), headless. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * Runs `fn(page, context)` in a fresh browser context (no cookies, no
 * storage). Uncaught page errors fail the test; on failure a screenshot is
 * saved to the temp folder and the server's last output is printed.
 */
export async function withPage(browser, server, fn, options = {}) {
  const context = await browser.newContext({
    baseURL: server.baseURL,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
    ...options,
  })
  context.setDefaultTimeout(TIMEOUT)
  const page = await context.newPage()
  const pageErrors = []
  page.on('pageerror', (err) => pageErrors.push(err))
  try {
    await fn(page, context)
    if (pageErrors.length) throw new Error(`uncaught errors in the page:\n${pageErrors.map((e) => e.stack ?? e).join('\n')}`)
  } catch (err) {
    const shot = join(tmpdir(), `oht-e2e-${Date.now()}.png`)
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {})
    console.error(`screenshot: ${shot}\n--- server output ---\n${server.output().slice(-4000)}`)
    throw err
  } finally {
    await context.close()
  }
}

/**
 * Starts the server and the browser before a file's tests and stops them
 * after: the answer's `server` and `browser` are set once they are up, and
 * `ready(server)` (set-up through the API) has run.
 */
export function serverAndBrowser(ready = async (_server) => {}) {
  const env = { server: null, browser: null }
  before(async () => {
    env.server = await startServer()
    env.browser = await launchBrowser()
    await ready(env.server)
  })
  after(async () => {
    await env.browser?.close()
    await env.server?.stop()
  })
  return env
}

/** Signs in through the login form and waits to leave it. */
export async function login(page, email, password = DEMO_PASSWORD, path = '/login') {
  await page.goto(path)
  await page.getByLabel('邮箱').fill(email)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await page.waitForURL((url) => url.pathname !== '/login')
}

/** Replaces the whole text of the lab editor (as a paste would). */
export async function setEditorText(page, text) {
  const content = page.locator('.lab-editor .cm-content')
  await content.click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(text)
}

/** The draft the lab page saved in localStorage for `lab` (files by name), or null. */
export async function savedDraft(page, lab) {
  return page.evaluate((key) => {
    const raw = window.localStorage.getItem(key)
    return raw ? JSON.parse(raw).files : null
  }, `oht.labDraft.${lab}`)
}

/** True when the page scrolls sideways. */
export function hasHorizontalScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)
}

export const ORG_ADMIN = 'orgadmin@sut.demo.ohtalent.cn'
export const INSTRUCTOR = 'teacher@sut.demo.ohtalent.cn'

/**
 * Calls the API of `server` directly (for set-up): JSON in, JSON out.
 * Answers { status, body } and never throws on an HTTP error.
 */
export async function callApi(server, path, { token, body, method } = {}) {
  const res = await fetch(`${server.baseURL}/api/v1${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  let parsed = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = text
  }
  return { status: res.status, body: parsed }
}

/** An access token for a demo account. */
export async function apiToken(server, email, password = DEMO_PASSWORD) {
  const res = await callApi(server, '/auth/login', { body: { email, password } })
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.accessToken
}

/** The id of the demo organization with `code` (SUT, YZVC, LJHS). */
export async function orgIdByCode(server, token, code) {
  const res = await callApi(server, '/orgs?limit=100', { token })
  const org = res.body.items.find((o) => o.code === code)
  if (!org) throw new Error(`no demo organization ${code}`)
  return org.id
}

/**
 * Writes a course folder for OHT_COURSES_DIR into a fresh temporary folder:
 * `files` maps paths (relative to the track's folder `track`) to contents.
 * Answers the folder and a function that removes it.
 */
export async function writeCourses(track, files) {
  const dir = await mkdtemp(join(tmpdir(), 'oht-e2e-courses-'))
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, track, path)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, text)
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

/** Where screenshots go: $OHT_SCREENSHOTS, or e2e/.artifacts (git-ignored). */
export const SCREENSHOT_DIR = resolve(process.env.OHT_SCREENSHOTS || join(here, '.artifacts'))

/** The two viewports every main screen is checked and photographed at. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 375, height: 812 },
]

/** Saves a full-page PNG of the page as <SCREENSHOT_DIR>/<name>-<viewport>.png and answers the path. */
export async function saveScreenshot(page, name, viewport) {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}-${viewport}.png`)
  // From the top: a scrolled page draws its sticky header mid-picture.
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path, fullPage: true, animations: 'disabled' })
  return path
}

/**
 * A ZIP archive of `files` (name -> text or bytes), deflated, as a Buffer:
 * enough of the format for the server's roster import to read.
 */
export function zipOf(files) {
  const locals = []
  const central = []
  let offset = 0
  const dosDate = ((2026 - 1980) << 9) | (9 << 5) | 1
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8')
    const raw = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8')
    const data = deflateRawSync(raw)
    const crc = crc32(raw)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(8, 8) // deflate
    local.writeUInt16LE(0, 10) // time
    local.writeUInt16LE(dosDate, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(raw.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    local.writeUInt16LE(0, 28)
    const header = Buffer.alloc(46)
    header.writeUInt32LE(0x02014b50, 0)
    header.writeUInt16LE(20, 4) // made by
    header.writeUInt16LE(20, 6)
    header.writeUInt16LE(0x0800, 8)
    header.writeUInt16LE(8, 10)
    header.writeUInt16LE(0, 12)
    header.writeUInt16LE(dosDate, 14)
    header.writeUInt32LE(crc, 16)
    header.writeUInt32LE(data.length, 20)
    header.writeUInt32LE(raw.length, 24)
    header.writeUInt16LE(nameBytes.length, 28)
    header.writeUInt32LE(offset, 42) // the rest (extra, comment, disk, attributes) stays 0
    locals.push(local, nameBytes, data)
    central.push(header, nameBytes)
    offset += local.length + nameBytes.length + data.length
  }
  const dir = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(central.length / 2, 8)
  end.writeUInt16LE(central.length / 2, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, dir, end])
}

/**
 * The OneRoster 1.2 sample bundle of the server's tests
 * (internal/server/testdata/oneroster-1.2-sample: three classes of two
 * schools, six students, teachers and a parent) zipped, after
 * `edit(name, text)` changed any file's text.
 */
export async function oneRosterSample(edit = (_name, text) => text) {
  const dir = join(REPO, 'internal/server/testdata/oneroster-1.2-sample')
  const files = {}
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.csv')).sort()) {
    files[name] = edit(name, await readFile(join(dir, name), 'utf8'))
  }
  return zipOf(files)
}
