// The OneRoster bundle import screen against a real server: an org admin
// previews the sample bundle (internal/server/testdata, zipped here), then
// applies it once and finds one cohort per class; a bundle with a broken
// row shows the reasons and writes nothing; a file that is not a zip is
// refused before anything is sent. Instructors reach it too, learners not.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  INSTRUCTOR,
  ORG_ADMIN,
  STUDENT,
  apiToken,
  callApi,
  hasHorizontalScroll,
  launchBrowser,
  login,
  oneRosterSample,
  orgIdByCode,
  startServer,
  withPage,
} from './helpers.mjs'

/** The sample's classes: their cohorts' names and active students once imported. */
const CLASSES = { '鸿蒙应用开发 1 班': 2, '鸿蒙应用开发 2 班': 2, '鸿蒙设备开发 1 班': 3 }

let server
let browser
let orgId

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  orgId = await orgIdByCode(server, await apiToken(server, ORG_ADMIN), 'SUT')
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** The org's cohorts made from the bundle's classes (external id class-…), by name. */
async function classCohorts() {
  const token = await apiToken(server, ORG_ADMIN)
  const res = await callApi(server, `/orgs/${orgId}/cohorts?limit=200`, { token })
  assert.equal(res.status, 200)
  return Object.fromEntries(res.body.items.filter((c) => c.externalId.startsWith('class-')).map((c) => [c.name, c]))
}

/** Counts the import requests the page sends. */
function watchImports(page) {
  const sent = []
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/oneroster-imports')) sent.push(r)
  })
  return sent
}

test('an org admin previews the sample bundle, applies it once and sees its cohorts', async () => {
  const bundle = await oneRosterSample()
  await withPage(browser, server, async (page) => {
    const sent = watchImports(page)
    await login(page, ORG_ADMIN)
    await page.goto(`/console/orgs/${orgId}/cohorts`)
    await page.getByRole('link', { name: '导入 OneRoster 数据包' }).click()
    await page.waitForURL(`**/console/orgs/${orgId}/oneroster-import`)
    await page.getByRole('heading', { level: 1, name: '导入 OneRoster 数据包' }).waitFor()

    // A CSV is not a bundle: refused here, nothing sent.
    await page.setInputFiles('#oneroster-file', { name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from('sourcedId,email\n') })
    await page.getByRole('alert').filter({ hasText: '这不是 .zip 文件' }).waitFor()
    await page.getByRole('button', { name: '预览导入结果' }).click()
    await page.getByRole('alert').filter({ hasText: '请先选择 OneRoster 数据包' }).waitFor()
    assert.equal(sent.length, 0)

    await page.setInputFiles('#oneroster-file', { name: 'sis-export.zip', mimeType: 'application/zip', buffer: bundle })
    await page.getByText('已选择 sis-export.zip').waitFor()
    await page.getByRole('button', { name: '预览导入结果' }).click()
    const report = page.locator('.import-report')
    await report.getByRole('heading', { name: '预览结果' }).waitFor()
    await report.getByText('这只是预览，还没有写入任何数据').waitFor()
    assert.match(sent[0].url(), /dryRun=true/)
    // 张明 is in two classes: a new account, then a member of the second class.
    assert.match(await report.locator('.import-report__counts').innerText(), /学生人数\s+6\s+新建账号\s+6\s+更新\s+1\s+无变化\s+0\s+停用\s+0\s+问题\s+0/)
    const classes = report.locator('.oneroster-classes tbody tr')
    assert.equal(await classes.count(), 3)
    const first = classes.filter({ hasText: '鸿蒙应用开发 1 班' })
    assert.match(await first.innerText(), /class-app-1[\s\S]*山城理工大学 计算机学院[\s\S]*将新建\s+2\s+0\s+0\s+0/)
    // Cohorts that do not exist yet have no link, and nothing was written.
    assert.equal(await report.getByRole('link', { name: /查看班级/ }).count(), 0)
    assert.deepEqual(Object.keys(await classCohorts()), [])

    // Apply: a double click sends one import, with an Idempotency-Key.
    await report.getByRole('button', { name: '确认导入' }).dblclick()
    await report.getByRole('heading', { name: '导入完成' }).waitFor()
    const applies = sent.filter((r) => r.url().includes('dryRun=false'))
    assert.equal(applies.length, 1)
    assert.match(applies[0].headers()['idempotency-key'] ?? '', /^[0-9a-f-]{36}$/)
    await report.getByText('数据包已导入，涉及 3 个班级。').waitFor()
    await report.getByText('新建的 6 个账号还没有密码').waitFor()
    assert.equal(await report.getByRole('link', { name: /查看班级/ }).count(), 3)
    assert.match(await first.innerText(), /已新建/)

    const cohorts = await classCohorts()
    assert.deepEqual(Object.keys(cohorts).sort(), Object.keys(CLASSES).sort())
    for (const [name, n] of Object.entries(CLASSES)) assert.equal(cohorts[name].activeMembers, n, name)

    // The report links each class's cohort; the list shows them all.
    await first.getByRole('link', { name: /查看班级/ }).click()
    await page.waitForURL(`**/console/orgs/${orgId}/cohorts/${cohorts['鸿蒙应用开发 1 班'].id}`)
    await page.getByRole('heading', { level: 1, name: '鸿蒙应用开发 1 班' }).waitFor()
    await page.locator('tbody tr', { hasText: '2026110101' }).waitFor()
    await page.goBack()
    // Back on the import page the report is gone: a new page, a new import.
    await page.getByRole('heading', { level: 1, name: '导入 OneRoster 数据包' }).waitFor()
    await page.goto(`/console/orgs/${orgId}/cohorts`)
    for (const name of Object.keys(CLASSES)) await page.locator('tbody tr', { hasText: name }).getByText(/外部编号 class-/).waitFor()

    // The same bundle again finds the same cohorts: nothing to create.
    await page.goto(`/console/orgs/${orgId}/oneroster-import`)
    await page.setInputFiles('#oneroster-file', { name: 'sis-export.zip', mimeType: 'application/zip', buffer: bundle })
    await page.getByRole('button', { name: '预览导入结果' }).click()
    await report.getByRole('heading', { name: '预览结果' }).waitFor()
    assert.equal(await report.getByText('已有班级').count(), 3)
    assert.equal(await report.getByRole('link', { name: /查看班级/ }).count(), 3)
  })
})

test('a bundle with a broken row shows the reasons and applies nothing', async () => {
  const before = await classCohorts()
  // 杨洋 loses the email, and a new student joins class 1: neither is written.
  const broken = await oneRosterSample((name, text) => {
    if (name === 'users.csv') {
      return (
        text.replace('yang.yang@stu.sut.example.cn', '') +
        'u-s07,active,2026-09-01T08:00:00.000Z,true,2026110107,{studentId:2026110107},雪,周,,2026110107,zhou.xue@stu.sut.example.cn,,,,,,,,,,,org-sut-cs,\n'
      )
    }
    if (name === 'enrollments.csv') return `${text}e-12,active,2026-09-01T08:00:00.000Z,class-app-1,org-sut-cs,u-s07,student,false,2026-09-01,2027-01-20\n`
    return text
  })
  await withPage(browser, server, async (page) => {
    const sent = watchImports(page)
    await login(page, ORG_ADMIN)
    await page.goto(`/console/orgs/${orgId}/oneroster-import`)
    await page.setInputFiles('#oneroster-file', { name: 'broken.zip', mimeType: 'application/zip', buffer: broken })
    await page.getByRole('button', { name: '预览导入结果' }).click()
    const report = page.locator('.import-report')
    await report.getByRole('heading', { name: '需要修改的行' }).waitFor()
    await report.getByText('发现 1 处问题，数据包没有导入，也没有写入任何数据').waitFor()
    const rows = report.locator('tbody tr')
    assert.equal(await rows.count(), 1)
    // The line of users.csv (header = 1), the file and column, the reason in Chinese.
    assert.match(await rows.first().innerText(), /7\s+users\.csv:email\s+学生缺少邮箱/)
    assert.equal(await report.getByRole('button', { name: '确认导入' }).count(), 0, 'nothing to apply')
    assert.equal(sent.length, 1)

    // In English, the reason too.
    await page.getByRole('button', { name: '切换到英文界面' }).click()
    await report.getByRole('heading', { name: 'Rows to fix' }).waitFor()
    await rows.first().getByText('the student has no email').waitFor()

    // At 375 px the rejected rows stack without sideways scrolling.
    await page.setViewportSize({ width: 375, height: 812 })
    assert.equal(await hasHorizontalScroll(page), false)
  })
  // Nothing changed: no new cohort, no new member in class 1.
  const now = await classCohorts()
  assert.deepEqual(
    Object.fromEntries(Object.entries(now).map(([k, c]) => [k, c.activeMembers])),
    Object.fromEntries(Object.entries(before).map(([k, c]) => [k, c.activeMembers])),
  )
  const token = await apiToken(server, ORG_ADMIN)
  const members = await callApi(server, `/orgs/${orgId}/cohorts/${now['鸿蒙应用开发 1 班'].id}/members?limit=200`, { token })
  assert.ok(!JSON.stringify(members.body).includes('2026110107'))
})

test('instructors reach the screen from their cohorts; learners do not', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, INSTRUCTOR)
    await page.goto(`/console/orgs/${orgId}/cohorts`)
    await page.getByRole('link', { name: '导入 OneRoster 数据包' }).click()
    await page.getByRole('heading', { level: 1, name: '导入 OneRoster 数据包' }).waitFor()
    await page.locator('#oneroster-file').waitFor({ state: 'attached' })
  })
  await withPage(browser, server, async (page) => {
    await login(page, STUDENT)
    await page.goto(`/console/orgs/${orgId}/oneroster-import`)
    await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor()
  })
})
