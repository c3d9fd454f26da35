// The cohort console: create a cohort, import a roster (dry run, rows to
// fix, confirm), hand out activation links, activate an account, follow
// progress with exports, and manage API keys — in a real browser against a
// real server. Org admins do it all; instructors see cohorts but make no links.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import {
  INSTRUCTOR,
  ORG_ADMIN,
  apiToken,
  callApi,
  hasHorizontalScroll,
  launchBrowser,
  login,
  orgIdByCode,
  startServer,
  withPage,
} from './helpers.mjs'

// The demo data has a cohort of its own (1 班) in SUT.
const COHORT = '2026 秋 鸿蒙应用开发 2 班'
const TRACK_TITLE = '行业场景开发'

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

/** The state the tests share, in the order they run. */
const state = { cohortPath: '', pageLink: '', link: '' }

/** The path and query of an activation link, to open it on the test server. */
const local = (url) => new URL(url).pathname + new URL(url).search

test('an org admin creates a cohort with tracks', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ORG_ADMIN)
    await page.goto('/console/orgs')
    await page.getByRole('link', { name: '班级', exact: true }).first().click()
    await page.waitForURL(`**/console/orgs/${orgId}/cohorts`)
    // The list has loaded (the demo's own cohort), without ours yet.
    await page.locator('tbody tr').first().waitFor()
    assert.equal(await page.locator('tbody tr', { hasText: COHORT }).count(), 0)

    await page.getByRole('button', { name: '新建班级' }).click()
    const form = page.locator('#create-cohort')
    // The name is required, checked before anything is sent.
    await form.getByRole('button', { name: '新建班级' }).click()
    await form.getByText('请填写此项').waitFor()
    await form.getByLabel('班级名称').fill(COHORT)
    await form.getByLabel('学期').fill('2026-autumn')
    await form.getByLabel('外部编号').fill('SIS-0417')
    await form.getByRole('checkbox', { name: new RegExp(TRACK_TITLE) }).check()
    await form.getByRole('button', { name: '新建班级' }).click()
    await page.getByRole('status').filter({ hasText: `已创建班级“${COHORT}”` }).waitFor()
    const row = page.locator('tbody tr', { hasText: COHORT })
    await row.getByText(TRACK_TITLE).waitFor()
    await row.getByText('SIS-0417').waitFor()

    // The same name and term again is a conflict, explained in Chinese.
    await page.getByRole('button', { name: '新建班级' }).click()
    await form.getByLabel('班级名称').fill(COHORT)
    await form.getByLabel('学期').fill('2026-autumn')
    await form.getByRole('button', { name: '新建班级' }).click()
    await form.getByText('本机构已有同名同学期的班级').waitFor()

    await row.getByRole('link', { name: COHORT }).click()
    await page.getByRole('heading', { level: 1, name: COHORT }).waitFor()
    state.cohortPath = new URL(page.url()).pathname
    await page.getByText('这个班级还没有学生').waitFor()
  })
})

test('a roster with mistakes is checked row by row and nothing is written; the fixed one is imported', async () => {
  assert.ok(state.cohortPath, 'the cohort exists')
  await withPage(browser, server, async (page) => {
    await login(page, ORG_ADMIN)
    await page.goto(`${state.cohortPath}/import`)
    await page.getByRole('heading', { level: 2, name: '导入学生名单' }).waitFor()

    const bad = '\uFEFF学号,姓名,邮箱,身份证号\n2026010001,李伟,li.wei@stu.sut.edu.cn,11010519491231002X\n2026010002,,wang.fang-at-sut,\n'
    await page.setInputFiles('#roster-file', { name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') })
    await page.getByText('已选择 名单.csv').waitFor()
    await page.getByRole('button', { name: '检查名单' }).click()
    const report = page.locator('.import-report')
    await report.getByRole('heading', { name: '需要修改的行' }).waitFor()
    await report.getByText('名单没有导入，也没有写入任何数据').waitFor()
    const rows = report.locator('tbody tr')
    assert.equal(await rows.count(), 2)
    // Rows are numbered as in the file (the header is row 1), messages in Chinese.
    assert.match(await rows.nth(0).innerText(), /3\s+姓名\s+姓名不能为空/)
    assert.match(await rows.nth(1).innerText(), /3\s+邮箱\s+邮箱格式不正确/)
    assert.equal(await page.getByRole('button', { name: '确认导入' }).count(), 0, 'no import while rows are rejected')
    // Nothing was written.
    const token = await apiToken(server, ORG_ADMIN)
    const cohortId = state.cohortPath.split('/').pop()
    const members = await callApi(server, `/orgs/${orgId}/cohorts/${cohortId}/members`, { token })
    assert.equal(members.body.items.length, 0)

    const good = '学号,姓名,邮箱,身份证号\n2026010001,李伟,li.wei@stu.sut.edu.cn,11010519491231002X\n2026010002,王芳,wang.fang@stu.sut.edu.cn,\n'
    await page.setInputFiles('#roster-file', { name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') })
    // A new file makes the old report stale.
    await report.waitFor({ state: 'detached' })
    await page.getByRole('button', { name: '检查名单' }).click()
    await report.getByRole('heading', { name: '检查结果' }).waitFor()
    await report.getByText('这只是检查，还没有写入任何数据').waitFor()
    const counts = report.locator('.import-report__counts')
    assert.match(await counts.innerText(), /名单行数\s+2\s+新建账号\s+2\s+更新\s+0\s+无变化\s+0\s+停用\s+0\s+问题\s+0/)
    const [confirmed] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/imports') && r.method() === 'POST'),
      page.getByRole('button', { name: '确认导入' }).click(),
    ])
    // The real import: no dry run, and an Idempotency-Key so a retry imports once.
    assert.match(confirmed.url(), /dryRun=false/)
    assert.match(confirmed.headers()['idempotency-key'] ?? '', /^[0-9a-f-]{36}$/)
    await report.getByRole('heading', { name: '导入完成' }).waitFor()
    await report.getByText('新建的 2 个账号还没有密码').waitFor()

    await report.getByRole('link', { name: '查看学生名单' }).click()
    const table = page.locator('table', { hasText: '账号激活' })
    await table.locator('tbody tr').nth(1).waitFor()
    for (const [number, name] of [
      ['2026010001', '李伟'],
      ['2026010002', '王芳'],
    ]) {
      const row = table.locator('tbody tr', { hasText: number })
      assert.match(await row.innerText(), new RegExp(`${name}[\\s\\S]*在读[\\s\\S]*未激活`))
    }
  })
})

test('pasted rows in sync mode report who would be deactivated', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ORG_ADMIN)
    await page.goto(`${state.cohortPath}/import`)
    await page.getByRole('radio', { name: '粘贴表格' }).check()
    await page.getByLabel('表格内容').fill('学号\t姓名\t邮箱\n2026010001\t李伟\tli.wei@stu.sut.edu.cn\n')
    await page.getByRole('radio', { name: /同步/ }).check()
    await page.getByRole('button', { name: '检查名单' }).click()
    const report = page.locator('.import-report')
    await report.getByRole('heading', { name: '检查结果' }).waitFor()
    assert.match(await report.locator('.import-report__counts').innerText(), /无变化\s+1\s+停用\s+1/)
    await report.getByText('同步模式会把名单里没有的 1 名在读学生标记为停用').waitFor()
    // An unknown header is caught before anything is sent.
    await page.getByLabel('表格内容').fill('学号\t姓名\t手机\n1\t甲\t138\n')
    await page.getByRole('button', { name: '检查名单' }).click()
    await page.getByRole('alert').filter({ hasText: '不认识表头“手机”' }).waitFor()
  })
})

test('files the server reads itself: a GBK CSV, unknown headers, a broken workbook', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ORG_ADMIN)
    await page.goto(`${state.cohortPath}/import`)
    // 学号,姓名,邮箱 and three students, encoded in GBK as Excel saves it on Chinese Windows.
    const gbk = Buffer.from(
      'd1a7bac52cd0d5c3fb2cd3cacfe40a323032363031303030312cc0eeceb02c6c692e776569407374752e7375742e6564752e636e0a323032363031303030322ccdf5b7bc2c77616e672e66616e67407374752e7375742e6564752e636e0a323032363031303030332cd5d4c0da2c7a68616f2e6c6569407374752e7375742e6564752e636e0a',
      'hex',
    )
    await page.setInputFiles('#roster-file', { name: 'gbk.csv', mimeType: 'text/csv', buffer: gbk })
    await page.getByRole('button', { name: '检查名单' }).click()
    const report = page.locator('.import-report')
    await report.getByRole('heading', { name: '检查结果' }).waitFor()
    assert.match(await report.innerText(), /编码 (gbk|gb18030)/i)
    assert.match(await report.locator('.import-report__counts').innerText(), /名单行数\s+3\s+新建账号\s+1\s+更新\s+0\s+无变化\s+2/)

    await page.setInputFiles('#roster-file', { name: 'phones.csv', mimeType: 'text/csv', buffer: Buffer.from('学号,姓名,邮箱,手机\n1,甲,a@x.cn,138\n') })
    await page.getByRole('button', { name: '检查名单' }).click()
    await page.getByRole('alert').filter({ hasText: '名单文件无法导入：无法识别的列名：“手机”' }).waitFor()

    await page.setInputFiles('#roster-file', {
      name: 'roster.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from('PK\x03\x04 not really a workbook'),
    })
    await page.getByRole('button', { name: '检查名单' }).click()
    await page.getByRole('alert').filter({ hasText: '文件不是有效的 XLSX' }).waitFor()
    assert.equal(await report.count(), 0)
  })
})

test('a server that answers 415 to files: the browser reads the CSV and keeps the file’s row numbers', async () => {
  await withPage(browser, server, async (page) => {
    // Play an older server: every file body is refused as an unsupported media type.
    await page.route('**/imports?**', async (route) => {
      const type = route.request().headers()['content-type'] ?? ''
      if (type.startsWith('application/json')) return route.continue()
      return route.fulfill({
        status: 415,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'https://ohtalent.dev/problems/unsupported-media-type',
          title: 'Unsupported Media Type',
          status: 415,
          detail: 'send the body as application/json',
        }),
      })
    })
    await login(page, ORG_ADMIN)
    await page.goto(`${state.cohortPath}/import`)
    const csv = '学号,姓名,邮箱\n2026010001,李伟,li.wei@stu.sut.edu.cn\n\n2026010009,"赵, 磊",not-an-email\n'
    await page.setInputFiles('#roster-file', { name: 'old.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.getByRole('button', { name: '检查名单' }).click()
    const report = page.locator('.import-report')
    await report.getByText('已在浏览器中读取这个 CSV 文件（2 名学生）').waitFor()
    // The JSON's second student is the file's line 4.
    assert.match(await report.locator('tbody tr').first().innerText(), /^4\s+邮箱\s+邮箱格式不正确/)

    await page.setInputFiles('#roster-file', {
      name: 'roster.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from('PK\x03\x04'),
    })
    await page.getByRole('button', { name: '检查名单' }).click()
    await page.getByRole('alert').filter({ hasText: '服务器暂时不能直接读取 Excel 或 OneRoster 文件' }).waitFor()
  })
})

test('activation links are shown once, never stored, and activate the account', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ORG_ADMIN)
    await page.goto(state.cohortPath)
    await page.getByRole('button', { name: '生成激活链接' }).click()
    const dialog = page.getByRole('dialog', { name: '生成激活链接' })
    await dialog.getByText('之前收到的激活链接会立即失效').waitFor()
    await dialog.getByRole('button', { name: '生成', exact: true }).click()
    await page.getByText('已为 2 名学生生成激活链接').waitFor()
    const row = page.locator('.links-table tbody tr', { hasText: '王芳' })
    const link = await row.getByRole('textbox').inputValue()
    assert.match(link, /\/activate\?token=oha_/)
    state.pageLink = link
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))
    assert.ok(!stored.includes('oha_'), 'activation links are never kept in storage')

    // The CSV download makes fresh links, voiding the ones on the page.
    await page.getByRole('button', { name: '生成激活链接' }).click()
    await dialog.getByRole('radio', { name: /下载 CSV/ }).check()
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '生成', exact: true }).click()])
    assert.equal(download.suggestedFilename(), 'activation-links.csv')
    const csv = await readFile(await download.path(), 'utf8')
    assert.match(csv, /激活链接 activation_url/)
    const fresh = csv.split('\n').find((l) => l.includes('王芳'))?.split(',').pop()?.trim()
    assert.ok(fresh && fresh !== link, 'the CSV holds new links')
    state.link = fresh
  })

  await withPage(browser, server, async (page) => {
    // The link shown on the page was voided by the CSV's.
    await page.goto(local(state.pageLink))
    await page.getByLabel('设置密码').fill('my first password 1')
    await page.getByLabel('再次输入密码').fill('my first password 1')
    await page.getByRole('button', { name: '激活账号' }).click()
    await page.getByRole('heading', { level: 1, name: '激活链接无效' }).waitFor()
    await page.getByText('请联系学校的老师或教务').waitFor()
  })

  await withPage(browser, server, async (page) => {
    await page.goto(local(state.link))
    await page.getByRole('heading', { level: 1, name: '激活账号' }).waitFor()
    await page.getByLabel('邮箱').fill('wang.fang@stu.sut.edu.cn')
    await page.getByLabel('设置密码').fill('short')
    await page.getByLabel('再次输入密码').fill('short')
    await page.getByRole('button', { name: '激活账号' }).click()
    await page.getByText('至少需要 8 个字符').waitFor()
    await page.getByLabel('设置密码').fill('my first password 1')
    await page.getByLabel('再次输入密码').fill('my first password 2')
    await page.getByRole('button', { name: '激活账号' }).click()
    await page.getByText('两次输入的新密码不一致').waitFor()
    await page.getByLabel('再次输入密码').fill('my first password 1')
    await page.getByRole('button', { name: '激活账号' }).click()
    // Activated and signed in.
    await page.waitForURL('**/me/progress')
    await page.locator('.user-menu__button', { hasText: '王芳' }).waitFor()

    // The link works once.
    await page.goto(local(state.link))
    await page.getByLabel('设置密码').fill('another password 2')
    await page.getByLabel('再次输入密码').fill('another password 2')
    await page.getByRole('button', { name: '激活账号' }).click()
    await page.getByRole('heading', { level: 1, name: '激活链接无效' }).waitFor()
  })

  await withPage(browser, server, async (page) => {
    // Without an email the student signs in by hand afterwards.
    await page.goto('/activate')
    await page.getByText('链接不完整').waitFor()
  })
})

test('progress shows each student per track and exports CSV and Excel with the auth header', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ORG_ADMIN)
    await page.goto(`${state.cohortPath}/progress`)
    const table = page.locator('table.progress-table')
    await table.locator('thead').getByText(TRACK_TITLE).waitFor()
    const row = table.locator('tbody tr', { hasText: '2026010002' })
    assert.match(await row.innerText(), /王芳[\s\S]*0%[\s\S]*认证实验\s*0\/\d+[\s\S]*未开始/)
    await page.getByText(`${TRACK_TITLE}：0/2 名学生已满足认证条件`).waitFor()

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()])
    assert.equal(csv.suggestedFilename(), 'cohort-progress.csv')
    const text = await readFile(await csv.path(), 'utf8')
    assert.match(text, /学号 student_number/)
    assert.match(text, /2026010002,王芳/)
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()])
    assert.equal(xlsx.suggestedFilename(), 'cohort-progress.xlsx')
    const bytes = await readFile(await xlsx.path())
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX workbook is a ZIP')
    await page.getByText('已下载 cohort-progress.xlsx').waitFor()

    // The console's messages load with it, in either language.
    await page.getByRole('button', { name: '切换到英文界面' }).click()
    await page.getByRole('button', { name: 'Export Excel' }).waitFor()
    await page.getByRole('link', { name: 'Import roster' }).click()
    await page.getByRole('heading', { level: 2, name: 'Import a student roster' }).waitFor()
    await page.getByRole('button', { name: 'Switch to Chinese' }).click()
    await page.getByRole('heading', { level: 2, name: '导入学生名单' }).waitFor()
  })
})

test('API keys: the secret is shown once, works, and stops working when revoked', async () => {
  await withPage(browser, server, async (page, context) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseURL })
    await login(page, ORG_ADMIN)
    await page.goto(`/console/orgs/${orgId}/api-keys`)
    await page.getByText('还没有 API 密钥').waitFor()
    await page.getByRole('button', { name: '新建密钥' }).click()
    const form = page.locator('#create-key')
    await form.getByLabel('名称').fill('教务系统同步')
    await form.getByRole('checkbox', { name: /导出学习进度/ }).check()
    await form.getByRole('button', { name: '创建' }).click()
    const box = page.locator('.secret-box')
    await box.getByText('密钥只显示这一次').waitFor()
    const secret = await box.getByLabel('密钥').inputValue()
    assert.match(secret, /^ohtk_/)
    await box.getByRole('button', { name: '复制' }).click()
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret)

    // The key reads this organization's cohorts.
    const cohorts = await callApi(server, `/orgs/${orgId}/cohorts`, { token: secret })
    assert.equal(cohorts.status, 200)
    await page.reload()
    const row = page.locator('tbody tr', { hasText: '教务系统同步' })
    await row.getByText('roster:read').waitFor()
    await row.getByText('progress:read').waitFor()
    assert.doesNotMatch(await row.innerText(), /从未使用/, 'last use is listed')
    assert.equal(await page.locator('.secret-box').count(), 0, 'the secret is gone after a reload')
    assert.ok(!(await page.content()).includes(secret))

    await row.getByRole('button', { name: '撤销 教务系统同步' }).click()
    await row.getByRole('button', { name: '确定撤销' }).click()
    await page.getByRole('status').filter({ hasText: '已撤销“教务系统同步”' }).waitFor()
    await row.getByText(/已于 .* 撤销/).waitFor()
    assert.equal((await callApi(server, `/orgs/${orgId}/cohorts`, { token: secret })).status, 401)
  })
})

test('instructors see cohorts and progress but make no activation links; the console fits a phone', async () => {
  await withPage(
    browser,
    server,
    async (page) => {
      await login(page, INSTRUCTOR)
      await page.goto('/console/orgs')
      await page.getByRole('link', { name: '班级', exact: true }).click()
      await page.locator('tbody tr', { hasText: COHORT }).getByRole('link').click()
      await page.getByRole('heading', { level: 1, name: COHORT }).waitFor()
      await page.getByText('只有机构管理员可以生成激活链接').waitFor()
      assert.equal(await page.getByRole('button', { name: '生成激活链接' }).count(), 0)
      assert.equal(await page.getByRole('navigation', { name: '机构页面' }).count(), 0)
      assert.equal(await hasHorizontalScroll(page), false)
      await page.getByRole('link', { name: '学习进度' }).click()
      await page.locator('table.progress-table tbody tr').first().waitFor()
      assert.equal(await hasHorizontalScroll(page), false)
      // Org admin pages stay closed.
      await page.goto(`/console/orgs/${orgId}/api-keys`)
      await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor()
    },
    { viewport: { width: 375, height: 812 } },
  )
})
