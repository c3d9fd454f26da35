// The audit log screens against a real server: a platform admin revokes a
// certificate in the console and finds the event by filtering the log (by
// action, group, target and date, with the empty and error states); an
// org admin pages through only their own org's events; other orgs' admins
// and learners cannot open the screens.
import assert from 'node:assert/strict'
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

const YZVC_ADMIN = 'orgadmin@yzvc.demo.ohtalent.cn'

let server
let browser
let sut
let yzvc
/** A credential of the demo student, issued for the revocation. */
let credentialId
/** The ids of API keys made in SUT, and of the one made in YZVC. */
const sutKeys = []
let yzvcKey

/** A day (YYYY-MM-DD) in the browser's time zone, days from today. */
const day = (offset = 0) => {
  const d = new Date(Date.now() + offset * 86_400_000)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = await apiToken(server, ADMIN)
  sut = await orgIdByCode(server, admin, 'SUT')
  yzvc = await orgIdByCode(server, admin, 'YZVC')
  const issued = await callApi(server, '/credentials', {
    token: admin,
    body: { email: STUDENT, track: 'industry-scenarios', evidence: '线下考试 2026-05-01，成绩 90 分' },
  })
  assert.equal(issued.status, 201, JSON.stringify(issued.body))
  credentialId = issued.body.id

  // More events than one page of the log holds (25): API keys are quick to make.
  const orgAdmin = await apiToken(server, ORG_ADMIN)
  for (let i = 0; i < 27; i++) {
    const made = await callApi(server, `/orgs/${sut}/api-keys`, {
      token: orgAdmin,
      body: { name: `教务系统同步 ${i + 1}`, kind: 'api_key', scopes: ['roster:read'] },
    })
    assert.equal(made.status, 201, JSON.stringify(made.body))
    sutKeys.push(made.body.id)
  }
  const other = await callApi(server, `/orgs/${yzvc}/api-keys`, {
    token: await apiToken(server, YZVC_ADMIN),
    body: { name: '渝州教务', kind: 'api_key', scopes: ['roster:read'] },
  })
  assert.equal(other.status, 201, JSON.stringify(other.body))
  yzvcKey = other.body.id
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a platform admin revokes a certificate and finds the event by filtering the audit log', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ADMIN)
    await page.goto(`/console/credentials?id=${credentialId}`)
    const manage = page.locator('.cred-admin__manage')
    await manage.getByRole('radio', { name: '撤销' }).check()
    await manage.getByLabel('原因').fill('考试作弊，经核实撤销')
    await manage.getByRole('button', { name: '撤销证书' }).click()
    await page.getByRole('dialog', { name: '请确认' }).getByRole('button', { name: '确定撤销' }).click()
    await manage.getByText('证书已撤销。').waitFor()

    // The console's navigation leads to the log.
    await page.getByRole('navigation', { name: '管理后台导航' }).getByRole('link', { name: '审计日志' }).click()
    await page.waitForURL('**/console/audit')
    await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor()
    const rows = page.locator('.audit__table tbody tr')
    await rows.first().waitFor()

    // Filter by the action: only the revocation, told in Chinese with its code.
    await page.getByLabel('操作类型').selectOption('credential.revoked')
    await page.getByRole('button', { name: '筛选', exact: true }).click()
    await page.waitForURL(/action=credential\.revoked/)
    await page.locator('.audit__table tbody tr:not([data-action="credential.revoked"])').first().waitFor({ state: 'detached' })
    assert.equal(await rows.count(), 1)
    const row = rows.first()
    const text = await row.innerText()
    assert.match(text, /撤销证书/)
    assert.match(text, /credential\.revoked/)
    assert.match(text, /from: active · [\s\S]*to: revoked/)
    assert.match(text, new RegExp(credentialId))
    // The actor is the admin themself, with their id; the network is cut to /24.
    await row.locator('.badge', { hasText: '我' }).waitFor()
    assert.match(text, /127\.0\.0\.0\/24/)
    const time = await row.locator('time').getAttribute('datetime')
    assert.ok(Math.abs(Date.parse(time) - Date.now()) < 10 * 60_000, `occurred just now: ${time}`)
    // The target opens the certificate in the console.
    assert.equal(await row.getByRole('link', { name: credentialId }).getAttribute('href'), `/console/credentials?id=${credentialId}`)

    // The whole group, narrowed to this certificate: issued, then revoked (newest first).
    await page.getByLabel('操作类型').selectOption('credential.*')
    await page.getByLabel('对象编号').fill(credentialId)
    await page.getByRole('button', { name: '筛选', exact: true }).click()
    await page.waitForURL(/target=/)
    await rows.nth(1).waitFor()
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.action)), ['credential.revoked', 'credential.issued'])

    // Today holds them; a range that ended yesterday holds nothing.
    await page.getByLabel('开始日期').fill(day(0))
    await page.getByLabel('结束日期').fill(day(0))
    await page.getByRole('button', { name: '筛选', exact: true }).click()
    await page.waitForURL(/since=/)
    await rows.nth(1).waitFor()
    assert.equal(await rows.count(), 2)
    await page.getByLabel('开始日期').fill(day(-7))
    await page.getByLabel('结束日期').fill(day(-1))
    await page.getByRole('button', { name: '筛选', exact: true }).click()
    await page.getByText('没有符合条件的记录').waitFor()
    // A range that ends before it starts is not sent.
    const before = page.url()
    await page.getByLabel('开始日期').fill(day(0))
    await page.getByLabel('结束日期').fill(day(-1))
    await page.getByRole('button', { name: '筛选', exact: true }).click()
    await page.getByText('结束日期不能早于开始日期').waitFor()
    assert.equal(page.url(), before)

    // Clearing the filters shows everything again.
    await page.getByRole('button', { name: '清除筛选' }).click()
    await page.waitForURL((url) => url.pathname === '/console/audit' && url.search === '')
    await rows.nth(2).waitFor()

    // A filter the server refuses: its problem is shown, field and reason.
    await page.goto('/console/audit?action=credential.bogus')
    const alert = page.locator('.state--error .alert--error')
    await alert.waitFor()
    assert.match(await alert.innerText(), /action[\s\S]*is not an audit action/)
    await page.getByRole('button', { name: '重试' }).waitFor()

    // At 375 px the table stacks and the page does not scroll sideways.
    await page.setViewportSize({ width: 375, height: 812 })
    await page.goto(`/console/audit?target=${credentialId}`)
    await rows.nth(1).waitFor()
    assert.equal(await hasHorizontalScroll(page), false)
  })
})

test('an org admin pages through only their org’s events', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ORG_ADMIN)
    await page.goto('/console/orgs')
    await page.getByRole('link', { name: '审计日志' }).first().click()
    await page.waitForURL(`**/console/orgs/${sut}/audit`)
    await page.getByRole('heading', { level: 1, name: '山城理工大学' }).waitFor()
    await page.getByRole('navigation', { name: '机构页面' }).getByRole('link', { name: '审计日志' }).waitFor()
    // The filter offers what an org's log holds: no logins, no signing keys.
    const offered = await page.getByLabel('操作类型').locator('option').allInnerTexts()
    assert.ok(offered.includes('新建 API 密钥') && offered.includes('添加成员') && offered.includes('撤销证书'), offered.join(', '))
    assert.ok(!offered.includes('登录成功') && !offered.includes('轮换证书签名密钥'), offered.join(', '))

    const rows = page.locator('.audit__table tbody tr')
    await page.getByLabel('操作类型').selectOption('api_key.created')
    await page.getByRole('button', { name: '筛选', exact: true }).click()
    await page.waitForURL(/action=api_key\.created/)
    await page.locator('.audit__table tbody tr:not([data-action="api_key.created"])').first().waitFor({ state: 'detached' })
    assert.equal(await rows.count(), 25)
    await page.getByText('已显示 25 条').waitFor()
    const token = await apiToken(server, ORG_ADMIN)
    const all = await callApi(server, `/orgs/${sut}/audit?action=api_key.created&limit=200`, { token })
    assert.equal(all.status, 200)
    assert.ok(all.body.items.length > 25 && all.body.items.length <= 50, `${all.body.items.length} events`)
    await page.getByRole('button', { name: '加载更多' }).click()
    await page.getByText(`已显示 ${all.body.items.length} 条`).waitFor()
    assert.equal(await rows.count(), all.body.items.length)
    assert.equal(await page.getByRole('button', { name: '加载更多' }).count(), 0)
    const shown = (await rows.allInnerTexts()).join('\n')
    for (const id of sutKeys) assert.ok(shown.includes(id), `SUT's key ${id} is listed`)
    assert.ok(!shown.includes(yzvcKey), 'YZVC’s event is not')

    // Without a filter: still only SUT's events (the platform-wide revocation is not among them).
    await page.getByRole('button', { name: '清除筛选' }).click()
    await page.waitForURL((url) => url.search === '')
    await rows.first().waitFor()
    const actions = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.action))
    assert.ok(!actions.includes('credential.revoked') && !actions.includes('auth.login.succeeded'), actions.join(', '))

    // Another org's log and the platform's are closed.
    await page.goto(`/console/orgs/${yzvc}/audit`)
    await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor()
    await page.goto('/console/audit')
    await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor()
    assert.equal((await callApi(server, `/orgs/${yzvc}/audit`, { token })).status, 403)
    assert.equal((await callApi(server, '/audit', { token })).status, 403)
  })
})

test('a learner cannot open the audit screens', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, STUDENT)
    for (const path of ['/console/audit', `/console/orgs/${sut}/audit`]) {
      await page.goto(path)
      await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor()
      assert.equal(await page.locator('.audit__table').count(), 0)
    }
  })
  const token = await apiToken(server, STUDENT)
  assert.equal((await callApi(server, '/audit', { token })).status, 403)
  assert.equal((await callApi(server, `/orgs/${sut}/audit`, { token })).status, 403)
})
