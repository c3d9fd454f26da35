// Accounts, the catalog, the language switch and the console, in a real
// browser against a real server.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { ADMIN, launchBrowser, login, startServer, withPage } from './helpers.mjs'

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('register a new account, sign out and sign in again', async () => {
  await withPage(browser, server, async (page) => {
    const email = `e2e-${Date.now()}@example.com`
    const password = 'correct-horse-42'
    await page.goto('/register')
    await page.getByLabel('姓名').fill('测试学员')
    await page.getByLabel('邮箱').fill(email)
    await page.getByLabel('密码').fill(password)
    await page.getByRole('button', { name: '注册', exact: true }).click()
    // Registering signs in and opens the catalog.
    await page.waitForURL('**/tracks')
    await page.locator('.user-menu__button', { hasText: '测试学员' }).waitFor()

    await page.goto('/logout')
    await page.getByText('已退出登录').waitFor()
    assert.equal(await page.locator('.user-menu__button').count(), 0)

    await login(page, email, password)
    await page.locator('.user-menu__button', { hasText: '测试学员' }).waitFor()
    await page.goto('/me')
    await page.locator('.page__subtitle', { hasText: email }).waitFor()
  })
})

test('catalog → track → lesson → lab', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/')
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '课程' }).click()
    await page.getByRole('heading', { level: 1, name: '课程目录' }).waitFor()

    await page.getByRole('link', { name: '行业场景开发' }).click()
    await page.waitForURL('**/tracks/industry-scenarios')
    await page.getByRole('heading', { level: 1, name: '行业场景开发' }).waitFor()

    await page.getByRole('link', { name: 'Modbus RTU 与 TCP 帧结构' }).click()
    await page.waitForURL('**/tracks/industry-scenarios/lessons/**')
    await page.getByRole('heading', { level: 1, name: 'Modbus RTU 与 TCP 帧结构' }).waitFor()
    const body = await page.locator('article .prose').innerText()
    assert.ok(body.length > 200, 'the lesson has a body')

    // The lesson offers its module's labs.
    await page.locator('.lesson-labs').getByRole('link', { name: 'Modbus RTU 读保持寄存器报文' }).click()
    await page.waitForURL('**/labs/modbus-rtu-lab')
    await page.getByRole('heading', { level: 1, name: 'Modbus RTU 读保持寄存器报文' }).waitFor()
    await page.locator('.lab-statement .prose h2', { hasText: '函数签名' }).waitFor()
  })
})

test('switching to English shows the English interface', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/tracks')
    await page.getByRole('heading', { level: 1, name: '课程目录' }).waitFor()
    await page.getByRole('button', { name: '切换到英文界面' }).click()
    await page.getByRole('heading', { level: 1, name: 'Course catalog' }).waitFor()
    assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Courses' }).waitFor()
    await page.getByRole('link', { name: 'Industry Scenarios' }).waitFor()

    // The choice is remembered, and the lab page is English too.
    await page.goto('/labs/modbus-rtu-lab')
    await page.getByRole('heading', { level: 1, name: 'Modbus RTU Read Holding Registers' }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'Statement' }).waitFor()
    await page.locator('.lab-statement .prose h2', { hasText: 'Signatures' }).waitFor()
    await page.getByRole('link', { name: 'Sign in to run and submit' }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'Submission history' }).waitFor()
    assert.equal(await page.getByText('运行公开测试').count(), 0)

    await page.getByRole('button', { name: 'Switch to Chinese' }).click()
    await page.getByRole('link', { name: '登录后运行和提交' }).waitFor()
  })
})

test('the console lists organizations for the platform admin', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ADMIN)
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理后台' }).click()
    await page.waitForURL('**/console/orgs')
    await page.getByRole('heading', { level: 1, name: '机构管理' }).waitFor()
    const table = page.locator('table')
    for (const [code, name] of [
      ['SUT', '山城理工大学'],
      ['YZVC', '渝州软件职业技术学院'],
      ['LJHS', '两江鸿蒙软件有限公司'],
    ]) {
      const row = table.locator('tbody tr', { hasText: name })
      await row.waitFor()
      assert.match(await row.innerText(), new RegExp(code))
    }
  })
})
