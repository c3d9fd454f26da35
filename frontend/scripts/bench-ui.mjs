// Frontend bench (`npm run bench`, and the last section of `make bench`):
//
//  (a) the JavaScript and CSS the first learner screen (the catalog,
//      /tracks) actually loads in headless Chromium, raw and gzipped
//      (gzip -9 of each file, as a compressing proxy would send it; the
//      server itself sends them uncompressed), and the same for the lab and
//      for the home page before and after its goal chart scrolls into view
//      (the chart's chunks, ECharts above all, are listed on their own);
//  (b) the time to a rendered lab workspace (/labs/modbus-rtu-lab until the
//      editor's .cm-content and the statement are visible), median of N
//      cold loads (a fresh browser context, so an empty cache, each time),
//      against a baseline measured in the same run the same way: the time
//      to load a trivial page of the same server (/healthz).
//
// Needs OHT_BIN (the server binary, as for the e2e tests) and Chromium
// ($CHROMIUM, default /usr/bin/chromium). OHT_BENCH_RUNS sets N (default 10).
import { gzipSync } from 'node:zlib'
import { launchBrowser, startServer } from '../e2e/helpers.mjs'

const RUNS = Math.max(1, Number(process.env.OHT_BENCH_RUNS) || 10)
const LAB = '/labs/modbus-rtu-lab'
const BASELINE = '/healthz'

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`
const ms = (n) => `${Math.round(n)} ms`
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

function table(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`
  console.log(line(head))
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`)
  for (const r of rows) console.log(line(r))
}

/** Loads `path` in a fresh context and sums the .js and .css responses, once `ready` resolves. */
async function assetsOf(browser, baseURL, path, ready) {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  const responses = []
  page.on('response', (r) => {
    const p = new URL(r.url()).pathname
    if (/\.(js|css)$/.test(p)) responses.push(r)
  })
  await page.goto(path)
  await ready(page)
  await page.waitForLoadState('networkidle')
  const sums = { js: { files: 0, raw: 0, gzip: 0 }, css: { files: 0, raw: 0, gzip: 0 }, files: [] }
  for (const r of responses) {
    const body = await r.body()
    const name = new URL(r.url()).pathname.split('/').pop()
    const kind = name.endsWith('.css') ? 'css' : 'js'
    const gzip = gzipSync(body, { level: 9 }).length
    sums[kind].files++
    sums[kind].raw += body.length
    sums[kind].gzip += gzip
    sums.files.push({ name, raw: body.length, gzip })
  }
  await context.close()
  return sums
}

/** Milliseconds from navigation start until `ready` resolves, in a fresh (cold-cache) context. */
async function timeLoad(browser, baseURL, path, ready) {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  const t0 = performance.now()
  await page.goto(path, { waitUntil: 'commit' })
  await ready(page)
  const elapsed = performance.now() - t0
  await context.close()
  return elapsed
}

const catalogReady = (page) => page.locator('.track-card').first().waitFor({ state: 'visible' })
const labReady = async (page) => {
  await page.locator('.lab-editor .cm-content').first().waitFor({ state: 'visible' })
  await page.locator('.lab-statement .prose').waitFor({ state: 'visible' })
}
const baselineReady = (page) => page.waitForLoadState('load')
const homeReady = (page) => page.locator('.goal-card__count').waitFor({ state: 'visible' })
const homeChartReady = async (page) => {
  await homeReady(page)
  // The chart loads as it nears the viewport.
  await page.locator('.goals-chart').scrollIntoViewIfNeeded()
  await page.locator('.goals-chart [data-chart="goals"] svg').waitFor()
}
/** The home chart's own chunks: the dashboard, the chart component and ECharts. */
const CHART_CHUNK = /^(GoalsDashboard|GoalsChart|echarts)-/

const server = await startServer()
let browser
try {
  browser = await launchBrowser()
  const version = browser.version()
  console.log(`web app bench: headless Chromium ${version}, ${RUNS} cold loads per page, server ${process.env.OHT_BIN}\n`)

  console.log('JS and CSS actually loaded (gzip -9 of each file):\n')
  const rows = []
  let chartChunks = []
  for (const [name, path, ready] of [
    ['first learner screen (/tracks)', '/tracks', catalogReady],
    [`lab workspace (${LAB})`, LAB, labReady],
    ['home (/), above the fold', '/', homeReady],
    ['home (/) with the goal chart', '/', homeChartReady],
  ]) {
    const s = await assetsOf(browser, server.baseURL, path, ready)
    rows.push([`${name} JS`, s.js.files, kb(s.js.raw), kb(s.js.gzip)])
    rows.push([`${name} CSS`, s.css.files, kb(s.css.raw), kb(s.css.gzip)])
    rows.push([`${name} total`, s.js.files + s.css.files, kb(s.js.raw + s.css.raw), kb(s.js.gzip + s.css.gzip)])
    if (ready === homeChartReady) chartChunks = s.files.filter((f) => CHART_CHUNK.test(f.name))
  }
  table(['page', 'files', 'raw', 'gzip'], rows)

  console.log('\nthe home goal chart\'s own chunks (fetched when the chart nears the viewport):\n')
  table(
    ['chunk', 'raw', 'gzip'],
    [
      ...chartChunks.map((f) => [f.name, kb(f.raw), kb(f.gzip)]),
      ['total', kb(chartChunks.reduce((n, f) => n + f.raw, 0)), kb(chartChunks.reduce((n, f) => n + f.gzip, 0))],
    ],
  )

  // Warm the server (and the browser process) before timing.
  await timeLoad(browser, server.baseURL, BASELINE, baselineReady)
  await timeLoad(browser, server.baseURL, LAB, labReady)
  const base = []
  const lab = []
  // Interleaved, so drift on a shared machine hits both alike.
  for (let i = 0; i < RUNS; i++) {
    base.push(await timeLoad(browser, server.baseURL, BASELINE, baselineReady))
    lab.push(await timeLoad(browser, server.baseURL, LAB, labReady))
  }
  const mb = median(base)
  const ml = median(lab)
  console.log(`\ntime to a rendered lab workspace (editor .cm-content and statement visible), cold cache:\n`)
  table(
    ['page', 'median', 'min', 'max', 'vs baseline'],
    [
      [`baseline: trivial page (${BASELINE})`, ms(mb), ms(Math.min(...base)), ms(Math.max(...base)), '1.0x'],
      [`lab workspace (${LAB})`, ms(ml), ms(Math.min(...lab)), ms(Math.max(...lab)), `${(ml / mb).toFixed(1)}x`],
      ['lab minus baseline', ms(ml - mb), '', '', ''],
    ],
  )
} finally {
  await browser?.close()
  await server.stop()
}
