// The goal dashboards: the public home page (GET /stats/goals) and the org
// and consortium dashboards of the console, in a real browser against a real
// server. Credentials are issued first (seven people at SUT, one at YZVC) so
// the figures are not zero and one district stays under the privacy threshold.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import {
  ADMIN,
  ORG_ADMIN,
  STUDENT,
  apiToken,
  callApi,
  hasHorizontalScroll,
  launchBrowser,
  login,
  orgIdByCode,
  startServer,
  withPage,
} from './helpers.mjs'

const TRACK = 'industry-scenarios'
const fmt = (n) => new Intl.NumberFormat('zh-CN').format(n)

let server
let browser
let sutId

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = await apiToken(server, ADMIN)
  const orgAdmin = await apiToken(server, ORG_ADMIN)
  sutId = await orgIdByCode(server, orgAdmin, 'SUT')

  // Six SUT students come in through a roster import (accounts and memberships).
  const cohort = await callApi(server, `/orgs/${sutId}/cohorts`, {
    token: orgAdmin,
    body: { name: '2026 秋 看板测试班', term: '2026-autumn', tracks: [TRACK] },
  })
  assert.equal(cohort.status, 201, JSON.stringify(cohort.body))
  const students = Array.from({ length: 6 }, (_, i) => ({
    studentNumber: `20260200${i + 1}`,
    name: `看板学生${i + 1}`,
    email: `goals-${i + 1}@stu.sut.edu.cn`,
  }))
  const imported = await callApi(server, `/orgs/${sutId}/cohorts/${cohort.body.id}/imports`, { token: orgAdmin, body: { students } })
  assert.equal(imported.status, 200, JSON.stringify(imported.body))

  for (const email of [STUDENT, 'student@yzvc.demo.ohtalent.cn', ...students.map((s) => s.email)]) {
    const issued = await callApi(server, '/credentials', { token: admin, body: { email, track: TRACK, evidence: '线下考试 2026-10-20' } })
    assert.equal(issued.status, 201, JSON.stringify(issued.body))
  }
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** Scrolls the chart into view (it loads on approach) and waits until ECharts drew it. */
async function chartDrawn(page) {
  const chart = page.locator('.goals-chart')
  await chart.scrollIntoViewIfNeeded()
  const svg = chart.locator('[data-chart="goals"] svg')
  await svg.waitFor()
  assert.ok((await svg.locator('path').count()) > 3, 'the chart has lines')
  return chart
}

/** Each breakdown table row shows the API's count, or "<5" for a suppressed group. */
async function checkBreakdowns(page, breakdowns, keys) {
  for (const key of keys) {
    const groups = breakdowns[key] ?? []
    const table = page.locator(`.breakdown[data-breakdown="${key}"]`)
    if (!groups.length) {
      assert.equal(await table.count(), 0, `${key} is empty and not shown`)
      continue
    }
    // Groups the server left unnamed are summed up in one row instead.
    for (const g of groups.filter((x) => x.label.zh)) {
      const shown = await table.locator(`tr[data-key="${g.key}"] td`).evaluate((td) => {
        const copy = td.cloneNode(true)
        copy.querySelectorAll('.visually-hidden').forEach((n) => n.remove())
        return copy.textContent.trim()
      })
      assert.equal(shown, g.suppressed ? '<5' : fmt(g.count), `${key} ${g.key}`)
    }
  }
}

test('the home page shows the goal dashboard from GET /stats/goals', async () => {
  const { status, body: stats } = await callApi(server, '/stats/goals')
  assert.equal(status, 200)
  assert.ok(stats.certifiedDevelopers >= 8, `certified: ${stats.certifiedDevelopers}`)
  assert.ok(stats.goals.length >= 2)

  await withPage(browser, server, async (page) => {
    await page.goto('/')
    // The headline count is the API's.
    const count = page.locator('.goal-card__count')
    await count.waitFor()
    assert.equal(await count.innerText(), fmt(stats.certifiedDevelopers))

    // Each goal: percent, progress bar, paces, projected date, on-track badge.
    for (const g of stats.goals) {
      const card = page.locator(`.goal[data-goal="${g.id}"]`)
      await card.getByRole('heading', { level: 3, name: `${g.name} 目标` }).waitFor()
      assert.match(await card.locator('.goal__count').innerText(), new RegExp(`^${fmt(g.count)}$`))
      const bar = card.getByRole('progressbar', { name: `${g.name} 目标（${fmt(g.target)} 名）的完成度` })
      assert.equal(await bar.getAttribute('aria-valuenow'), String(Math.min(g.count, g.target)))
      assert.equal(await bar.getAttribute('aria-valuemax'), String(g.target))
      await card.locator('.goal__pct-value', { hasText: '已完成' }).waitFor()
      await card.locator('[data-rate="required"]', { hasText: '达成所需速度' }).waitFor()
      await card.locator('[data-rate="trailing3"]', { hasText: '近 3 个月速度' }).waitFor()
      await card.locator('[data-rate="trailing6"]', { hasText: '近 6 个月速度' }).waitFor()
      const pace = g.count >= g.target ? '已达成' : g.onTrack ? '进度正常' : '进度落后'
      assert.equal(await card.locator('.badge[data-pace]').innerText(), pace)
      const projected = await card.locator('.goal__projected strong').innerText()
      if (g.projectedDate === null) assert.equal(projected, '截止前无法达成')
      else assert.match(projected, /^\d{4}年\d{1,2}月\d{1,2}日$/)
    }

    // The chart: drawn as SVG, named in words, with a data table beside it.
    const chart = await chartDrawn(page)
    const label = await chart.locator('[data-chart="goals"]').getAttribute('aria-label')
    assert.match(label, new RegExp(`${fmt(stats.certifiedDevelopers)} 名`))
    assert.match(label, /2027 目标 20,000 名/)
    const last = stats.series.at(-1)
    const lastRow = page.locator('.goals .visually-hidden table').first().locator('tbody tr').last()
    assert.equal(await lastRow.locator('td').last().innerText(), fmt(last.cumulative))

    // Breakdowns: by district (one under 5), kind, consortium and track; not by org.
    await page.getByRole('heading', { level: 2, name: '认证开发者分布' }).waitFor()
    await page.getByText('“<5” 表示少于 5 人').waitFor()
    await checkBreakdowns(page, stats.breakdowns, ['byDistrict', 'byOrgKind', 'byConsortium', 'byTrack'])
    assert.ok(stats.breakdowns.byDistrict.some((g) => g.suppressed), 'a district under the threshold')
    assert.equal(await page.locator('.breakdown[data-breakdown="byOrg"]').count(), 0)

    // In English.
    await page.getByRole('button', { name: '切换到英文界面' }).click()
    await page.getByRole('heading', { level: 2, name: 'Progress toward the goals' }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'Certified developers over time' }).waitFor()
    assert.match(await chart.locator('[data-chart="goals"]').getAttribute('aria-label'), /Line chart: certified developers grew/)
    await page.getByRole('button', { name: 'Switch to Chinese' }).click()
    await page.getByRole('heading', { level: 2, name: '目标进展' }).waitFor()
  })
})

test('the home dashboard fits a 375 px wide screen', async () => {
  await withPage(
    browser,
    server,
    async (page) => {
      await page.goto('/')
      await page.locator('.goal').first().waitFor()
      const chart = await chartDrawn(page)
      const box = await chart.locator('[data-chart="goals"] svg').boundingBox()
      assert.ok(box && box.width <= 375 && box.width > 250, `chart width ${box?.width}`)
      assert.equal(await hasHorizontalScroll(page), false)
    },
    { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true },
  )
})

test('an org admin opens the org dashboard, downloads it and follows it to the consortium', async () => {
  const token = await apiToken(server, ORG_ADMIN)
  const { body: stats } = await callApi(server, `/orgs/${sutId}/stats`, { token })
  assert.ok(stats.certifiedDevelopers >= 7)

  await withPage(browser, server, async (page) => {
    await login(page, ORG_ADMIN)
    await page.goto(`/console/orgs/${sutId}`)
    await page.getByRole('navigation', { name: '机构页面' }).getByRole('link', { name: '数据看板' }).click()
    await page.waitForURL(`**/console/orgs/${sutId}/dashboard`)
    await page.getByRole('heading', { level: 1, name: '山城理工大学' }).waitFor()
    assert.equal(await page.getByTestId('certified-count').innerText(), fmt(stats.certifiedDevelopers))
    await chartDrawn(page)
    await checkBreakdowns(page, stats.breakdowns, ['byOrgKind', 'byTrack'])

    // CSV and Excel: the server's files, fetched with the session.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV' }).click()])
    assert.match(csv.suggestedFilename(), /^org-stats-SUT-\d{4}-\d{2}-\d{2}\.csv$/)
    assert.ok((await readFile(await csv.path(), 'utf8')).length > 50)
    await page.getByText(`已下载 ${csv.suggestedFilename()}。`).waitFor()
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Excel' }).click()])
    assert.match(xlsx.suggestedFilename(), /\.xlsx$/)
    assert.equal((await readFile(await xlsx.path())).subarray(0, 2).toString(), 'PK', 'an XLSX (zip) file')

    // The consortium SUT belongs to has a dashboard for the admins of its members.
    await page.getByRole('link', { name: /^重庆开源鸿蒙产教融合联合体 数据看板/ }).click()
    await page.waitForURL('**/console/consortiums/*/dashboard')
    const consortiumId = new URL(page.url()).pathname.split('/')[3]
    const { body: cstats } = await callApi(server, `/consortiums/${consortiumId}/stats`, { token })
    await page.getByRole('heading', { level: 1, name: '重庆开源鸿蒙产教融合联合体' }).waitFor()
    assert.equal(await page.getByTestId('certified-count').innerText(), fmt(cstats.certifiedDevelopers))
    await chartDrawn(page)
  })
})

test('a student cannot open a dashboard of the console', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, STUDENT)
    await page.goto(`/console/orgs/${sutId}/dashboard`)
    await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor()
  })
})
