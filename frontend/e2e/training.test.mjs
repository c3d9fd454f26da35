// Order-based training through the consoles (issue #9): an enterprise
// orders developers from a university, the university accepts and links a
// cohort, a certified student consents, the enterprise confirms the hire
// (after a refusal for a credential of another track), the placement is
// exported, and the candidate disappears once consent is withdrawn. Then
// the new screens are checked with axe and photographed at both viewports.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'
import {
  ADMIN,
  ORG_ADMIN,
  STUDENT,
  STUDENT_NAME,
  VIEWPORTS,
  apiToken,
  callApi,
  hasHorizontalScroll,
  launchBrowser,
  login,
  orgIdByCode,
  saveScreenshot,
  startServer,
  withPage,
} from './helpers.mjs'

const ENTERPRISE_ADMIN = 'orgadmin@ljhs.demo.ohtalent.cn'
const ENTERPRISE_HR = 'hr@ljhs.demo.ohtalent.cn'
const TRACK = 'app-foundation'
const OTHER_TRACK = 'industry-scenarios'
// The demo's SUT cohort, which the demo student belongs to.
const COHORT = '2026 秋 鸿蒙应用开发 1 班（2026-autumn）'
const TITLE = `鸿蒙应用开发工程师 e2e ${Date.now().toString(36)}`
const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

let server
let browser
let ljhs
let sut
let trackTitle
let rightCredential
let wrongCredential
let orderId

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = await apiToken(server, ADMIN)
  ljhs = await orgIdByCode(server, admin, 'LJHS')
  sut = await orgIdByCode(server, admin, 'SUT')
  const tracks = await callApi(server, '/tracks', { token: admin })
  trackTitle = tracks.body.items.find((t) => t.slug === TRACK)?.title.zh
  assert.ok(trackTitle, 'the app-foundation track')
  // A credential of a track the order does not ask for, issued by hand; the
  // demo data already certified the student in the order's track.
  const issued = await callApi(server, '/credentials', {
    token: admin,
    body: { email: STUDENT, track: OTHER_TRACK, evidence: '线下考试 2026-05-01，成绩 90 分' },
  })
  assert.equal(issued.status, 201, JSON.stringify(issued.body))
  wrongCredential = issued.body.id
  const mine = await callApi(server, '/me/credentials', { token: await apiToken(server, STUDENT) })
  rightCredential = mine.body.items.find((c) => c.track === TRACK || c.track?.slug === TRACK)?.id
  if (!rightCredential) {
    const again = await callApi(server, '/credentials', { token: admin, body: { email: STUDENT, track: TRACK, evidence: '线下考试 2026-05-01' } })
    assert.equal(again.status, 201, JSON.stringify(again.body))
    rightCredential = again.body.id
  }
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** A date `days` from now as YYYY-MM-DD (China time). */
function dateIn(days) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

test('the enterprise orders developers from a university in the console', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ENTERPRISE_ADMIN)
    await page.goto(`/console/orgs/${ljhs}/orders`)
    await page.getByRole('heading', { name: '培养订单', level: 1 }).waitFor()
    await page.getByRole('button', { name: '新建订单' }).click()
    const form = page.locator('#create-order')
    await form.getByRole('checkbox', { name: new RegExp(`^${trackTitle}`) }).waitFor()

    // Bad input is caught before sending, field by field.
    await form.getByLabel('需求人数').fill('0')
    await form.getByRole('button', { name: '新建订单' }).click()
    await form.getByText('请填写 1 到 100000 之间的整数').waitFor()
    await form.getByText('请选择 1 到 10 个培养方向').waitFor()
    await form.getByText('请选择 1 到 50 所院校').waitFor()

    await form.getByLabel('订单名称').fill(TITLE)
    await form.getByLabel('需求人数').fill('3')
    await form.getByLabel('到岗截止日期').fill(dateIn(200))
    await form.getByRole('checkbox', { name: new RegExp(`^${trackTitle}`) }).check()
    await form.getByRole('checkbox', { name: /^山城理工大学/ }).check()
    await form.getByLabel('技能要求').fill('ArkTS、ArkUI')
    await form.getByRole('button', { name: '新建订单' }).click()
    const done = page.getByRole('status').filter({ hasText: `订单“${TITLE}”已创建` })
    await done.waitFor()
    await done.getByRole('link', { name: '查看' }).click()
    await page.waitForURL(`**/console/orgs/${ljhs}/orders/*`)
    orderId = new URL(page.url()).pathname.split('/').pop()
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    await page.locator('.partner-list li', { hasText: '山城理工大学' }).getByText('待答复').waitFor()
    await page.getByText('还没有授权的候选人').waitFor()
  })
})

test('the enterprise edits the order; a cancelled order cannot be changed', async () => {
  assert.ok(orderId, 'the order of the previous test')
  await withPage(browser, server, async (page) => {
    await login(page, ENTERPRISE_ADMIN)
    await page.goto(`/console/orgs/${ljhs}/orders/${orderId}`)
    await page.getByRole('link', { name: '修改订单' }).click()
    await page.waitForURL(`**/orders/${orderId}/edit`)
    await page.getByRole('heading', { name: '修改订单', level: 1 }).waitFor()
    // The form shows the order as placed, and no schools to invite.
    assert.equal(await page.getByLabel('订单名称').inputValue(), TITLE)
    assert.equal(await page.getByLabel('需求人数').inputValue(), '3')
    assert.equal(await page.getByLabel('技能要求').inputValue(), 'ArkTS、ArkUI')
    await page.getByRole('checkbox', { name: new RegExp(`^${trackTitle}`) }).waitFor()
    assert.equal(await page.getByRole('checkbox', { name: new RegExp(`^${trackTitle}`) }).isChecked(), true)
    assert.equal(await page.getByRole('checkbox', { name: /^山城理工大学/ }).count(), 0)

    await page.getByLabel('需求人数').fill('100001')
    await page.getByLabel('到岗截止日期').fill(dateIn(-3))
    await page.getByRole('button', { name: '保存修改' }).click()
    await page.getByText('请填写 1 到 100000 之间的整数').waitFor()
    await page.getByText('截止日期不能早于今天').waitFor()

    await page.getByLabel('需求人数').fill('4')
    await page.getByLabel('到岗截止日期').fill(dateIn(240))
    await page.getByLabel('技能要求').fill('ArkTS、ArkUI、分布式数据')
    await page.getByLabel('备注').fill('优先考虑有开源贡献的同学')
    await page.getByRole('button', { name: '保存修改' }).click()
    await page.waitForURL(`**/console/orgs/${ljhs}/orders/${orderId}`)
    await page.getByRole('status').filter({ hasText: '已保存修改' }).waitFor()
    await page.getByText('需求人数: 4').waitFor()
    await page.getByText('ArkTS、ArkUI、分布式数据').waitFor()
    await page.getByText('优先考虑有开源贡献的同学').waitFor()
  })
  const saved = await callApi(server, `/orgs/${ljhs}/orders/${orderId}`, { token: await apiToken(server, ENTERPRISE_ADMIN) })
  assert.equal(saved.body.headcount, 4)
  assert.deepEqual(saved.body.tracks, [TRACK], 'unchanged fields stay')
  assert.equal(saved.body.partners.length, 1)

  // Another order, cancelled while its edit form is open: the change is refused and the page says why.
  const token = await apiToken(server, ENTERPRISE_ADMIN)
  const other = await callApi(server, `/orgs/${ljhs}/orders`, {
    token,
    body: { title: `备用订单 e2e ${Date.now().toString(36)}`, tracks: [TRACK], headcount: 2, deadline: dateIn(100), skills: [], notes: '', partnerOrgIds: [sut] },
  })
  assert.equal(other.status, 201, JSON.stringify(other.body))
  await withPage(
    browser,
    server,
    async (page) => {
      await login(page, ENTERPRISE_ADMIN)
      await page.goto(`/console/orgs/${ljhs}/orders/${other.body.id}/edit`)
      await page.getByLabel('订单名称').waitFor()
      assert.equal(await hasHorizontalScroll(page), false)
      const cancelled = await callApi(server, `/orgs/${ljhs}/orders/${other.body.id}`, { token, method: 'PATCH', body: { status: 'cancelled' } })
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body))
      await page.getByLabel('需求人数').fill('5')
      await page.getByRole('button', { name: '保存修改' }).click()
      await page.getByRole('alert').filter({ hasText: '这个订单已取消，不能再修改' }).waitFor()
      await page.getByRole('link', { name: '返回订单' }).click()
      await page.getByText('已取消').first().waitFor()
      // Cancelled is final: no edit, no reopening.
      assert.equal(await page.getByRole('link', { name: '修改订单' }).count(), 0)
      assert.equal(await page.getByRole('button', { name: '重新开放' }).count(), 0)
    },
    { viewport: { width: 375, height: 812 } },
  )
})

test('the university accepts the order and links its cohort', async () => {
  assert.ok(orderId, 'the order of the previous test')
  await withPage(browser, server, async (page) => {
    await login(page, ORG_ADMIN)
    await page.goto(`/console/orgs/${sut}/partner-orders`)
    await page.getByRole('link', { name: TITLE }).click()
    await page.waitForURL(`**/partner-orders/${orderId}`)
    await page.getByText('接受订单后才能关联班级').waitFor()
    await page.getByLabel('答复说明').fill('可培养 3 人，9 月开课')
    await page.getByRole('button', { name: '接受', exact: true }).click()
    await page.getByRole('status').filter({ hasText: '已接受订单' }).waitFor()
    await page.getByLabel('选择本校班级').selectOption({ label: COHORT })
    await page.getByRole('button', { name: '关联班级' }).click()
    await page.getByRole('status').filter({ hasText: '已关联班级' }).waitFor()
    await page.getByRole('link', { name: COHORT }).waitFor()
  })
})

test('the student consents to be seen for the order', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, STUDENT)
    await page.goto('/me/consents')
    await page.getByText('企业看不到你的学号').waitFor()
    await page.getByRole('button', { name: `授权: ${TITLE}` }).click()
    await page.getByRole('status').filter({ hasText: '已授权' }).waitFor()
    await page.getByRole('button', { name: `撤回授权: ${TITLE}` }).waitFor()
  })
})

test('the enterprise confirms the hire, refused first for a credential of another track', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ENTERPRISE_ADMIN)
    await page.goto(`/console/orgs/${ljhs}/orders/${orderId}`)
    const row = page.locator('tbody tr', { hasText: STUDENT_NAME })
    await row.getByRole('button', { name: '确认录用' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('依据的证书').selectOption(wrongCredential)
    await dialog.getByRole('button', { name: '确认录用' }).click()
    await dialog.getByRole('alert').filter({ hasText: '这张证书的方向不在本订单的培养方向内' }).waitFor()

    await dialog.getByLabel('依据的证书').selectOption(rightCredential)
    await dialog.getByRole('button', { name: '确认录用' }).click()
    await page.getByRole('status').filter({ hasText: `已确认录用 ${STUDENT_NAME}` }).waitFor()
    await row.getByText(/已录用/).waitFor()
  })
})

test('the placement is listed and exported as CSV', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ENTERPRISE_ADMIN)
    await page.goto(`/console/orgs/${ljhs}/placements`)
    const row = page.locator('tbody tr', { hasText: TITLE })
    await row.getByText(STUDENT_NAME).waitFor()
    await row.getByText(rightCredential).waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()])
    const csv = await readFile(await download.path(), 'utf8')
    assert.match(csv, new RegExp(rightCredential))
    assert.match(download.suggestedFilename(), /\.csv$/)
  })
})

test('the enterprise\'s HR staff follow the order and its hire from the console', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ENTERPRISE_HR)
    await page.goto('/console')
    // The console's navigation offers the enterprise's orders and hires, nothing else of it.
    const nav = page.getByRole('navigation', { name: '管理后台导航' })
    await nav.getByRole('link', { name: /^招聘记录/ }).waitFor()
    assert.deepEqual(await nav.getByRole('link').evaluateAll((els) => els.map((e) => e.firstChild.textContent.trim())), ['机构', '培养订单', '招聘记录'])
    await nav.getByRole('link', { name: /^培养订单/ }).click()
    await page.getByRole('link', { name: TITLE, exact: true }).click()
    await page.getByText('你可以查看本订单并确认录用').waitFor()
    // Only admins change the order.
    assert.equal(await page.getByRole('button', { name: '结束订单' }).count(), 0)
    assert.equal(await page.getByRole('link', { name: '修改订单' }).count(), 0)
    await page.locator('tbody tr', { hasText: STUDENT_NAME }).waitFor()
    await page.goto(`/console/orgs/${ljhs}/orders/${orderId}/edit`)
    await page.getByRole('heading', { name: '无权访问', level: 1 }).waitFor()
  })
})

test('withdrawn consent removes the candidate at once', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, STUDENT)
    await page.goto('/me/consents')
    await page.getByRole('button', { name: `撤回授权: ${TITLE}` }).click()
    await page.getByRole('button', { name: '确定' }).click()
    await page.getByRole('status').filter({ hasText: '已撤回授权' }).waitFor()
    await page.getByRole('button', { name: `授权: ${TITLE}` }).waitFor()
  })
  await withPage(browser, server, async (page) => {
    await login(page, ENTERPRISE_ADMIN)
    await page.goto(`/console/orgs/${ljhs}/orders/${orderId}`)
    await page.getByText('还没有授权的候选人').waitFor()
    assert.equal(await page.locator('tbody tr', { hasText: STUDENT_NAME }).count(), 0)
  })
})

/** Serious and critical axe violations on the page. */
async function axeFailures(page, name) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${name}: [${v.impact}] ${v.id} ${v.nodes.join(', ')}`)
}

test('the training screens pass axe and fit 375 px', async () => {
  const screens = [
    [ENTERPRISE_ADMIN, 'training-orders', `/console/orgs/${ljhs}/orders`, (p) => p.locator('.tr-list li').first().waitFor()],
    [ENTERPRISE_ADMIN, 'training-order', `/console/orgs/${ljhs}/orders/${orderId}`, (p) => p.locator('.partner-list li').first().waitFor()],
    [ENTERPRISE_ADMIN, 'training-placements', `/console/orgs/${ljhs}/placements`, (p) => p.locator('tbody tr').first().waitFor()],
    [ORG_ADMIN, 'training-partner-orders', `/console/orgs/${sut}/partner-orders`, (p) => p.locator('.tr-list li').first().waitFor()],
    [STUDENT, 'training-consents', '/me/consents', (p) => p.locator('.consent-list li').first().waitFor()],
    [STUDENT, 'training-events', '/events', (p) => p.locator('.event-cards li').first().waitFor()],
  ]
  const failures = []
  for (const [who, name, path, ready] of screens) {
    await withPage(browser, server, async (page) => {
      await login(page, who)
      for (const vp of VIEWPORTS) {
        await page.setViewportSize({ width: vp.width, height: vp.height })
        await page.goto(path)
        await ready(page)
        await page.evaluate(() => document.fonts?.ready)
        failures.push(...(await axeFailures(page, `${name} @${vp.name}`)))
        if (vp.width < 400) assert.equal(await hasHorizontalScroll(page), false, `${name} scrolls sideways at ${vp.width} px`)
        await saveScreenshot(page, name, vp.name)
      }
    })
  }
  assert.deepEqual(failures, [])
})
