// Credentials: the public certificate page, the verify page, "my
// certificates" and the admin console — in a real browser against a real
// server. The platform admin issues the credential through the API first.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import {
  ADMIN,
  DEMO_PASSWORD,
  STUDENT,
  STUDENT_NAME,
  hasHorizontalScroll,
  launchBrowser,
  login,
  startServer,
  withPage,
} from './helpers.mjs'

const TRACK = 'industry-scenarios'
const TRACK_TITLE = '行业场景开发'
const OTHER_STUDENT = 'student@yzvc.demo.ohtalent.cn'
const OTHER_STUDENT_NAME = '陈思雨'

let server
let browser
/** The credential issued in before(): the View the API answered. */
let cred

async function api(path, { token, body } = {}) {
  const res = await fetch(`${server.baseURL}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const signIn = await api('/auth/login', { body: { email: ADMIN, password: DEMO_PASSWORD } })
  assert.equal(signIn.status, 200)
  const issued = await api('/credentials', {
    token: signIn.body.accessToken,
    body: { email: STUDENT, track: TRACK, evidence: '线下考试 2026-05-01，成绩 92 分' },
  })
  assert.equal(issued.status, 201, JSON.stringify(issued.body))
  cred = issued.body
  assert.ok(cred.jwt.split('.').length === 3, 'the credential carries its VC-JWT')
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** The same VC-JWT with the holder's name changed in the payload: the signature no longer fits. */
function tamper(jwt) {
  const [header, payload, signature] = jwt.split('.')
  const claims = Buffer.from(payload, 'base64url').toString('utf8')
  assert.ok(claims.includes(STUDENT_NAME))
  const forged = Buffer.from(claims.replace(STUDENT_NAME, '李小明'), 'utf8').toString('base64url')
  return [header, forged, signature].join('.')
}

test('the certificate page shows the certificate, a valid live check and a QR code', async () => {
  await withPage(browser, server, async (page, context) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseURL })
    await page.goto(`/c/${cred.id}`)
    const card = page.locator('article.certificate')
    await card.getByRole('heading', { level: 1, name: '能力认证证书' }).waitFor()
    await card.getByText('Certificate of Achievement').waitFor()
    assert.equal(await card.locator('.certificate__holder').innerText(), STUDENT_NAME)
    assert.equal(await card.locator('.certificate__track-zh').innerText(), TRACK_TITLE)
    await card.getByText('Industry Scenarios').waitFor()
    await card.getByText('专项级').waitFor()
    await card.getByText('长期有效').waitFor()
    assert.equal(await card.locator('.certificate__id').innerText(), cred.id)
    assert.match(await page.title(), new RegExp(`${STUDENT_NAME} · ${TRACK_TITLE}`))

    // The live check (POST /verify with the id) says valid.
    const verdict = page.locator('.cert-check .verdict')
    await verdict.waitFor()
    assert.equal(await verdict.getAttribute('data-verdict'), 'valid')
    assert.equal(await verdict.locator('.verdict__label').innerText(), '有效')
    await verdict.getByText('签名、密钥、签发机构、格式和日期均核验通过').waitFor()
    assert.equal(await card.locator('.certificate__stamp').count(), 0)

    // The QR code of the page URL is drawn (its encoder is loaded on demand).
    const qr = card.getByRole('img', { name: `证书页面的二维码，扫码打开：${cred.url}` })
    await qr.waitFor()
    const d = await qr.locator('path').getAttribute('d')
    assert.ok(d && d.length > 200, 'the QR code has modules')

    // Copy link, download the JWT and the JSON.
    await page.getByRole('button', { name: '复制链接' }).click()
    await page.getByText('链接已复制').waitFor()
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), cred.url)

    const [jwtDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 JWT' }).click()])
    assert.equal(jwtDownload.suggestedFilename(), `ohtalent-credential-${cred.id}.jwt`)
    assert.equal((await readFile(await jwtDownload.path(), 'utf8')).trim(), cred.jwt)
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 JSON' }).click()])
    assert.equal(jsonDownload.suggestedFilename(), `ohtalent-credential-${cred.id}.json`)
    const doc = JSON.parse(await readFile(await jsonDownload.path(), 'utf8'))
    assert.equal(doc.id, cred.url)
    assert.ok(doc.type.includes('OpenBadgeCredential'))

    // Verifying on one's own: the JWKS link and the command line.
    const tools = page.locator('.cert-tools')
    assert.equal(await tools.getByRole('link', { name: '签名公钥（JWKS）' }).getAttribute('href'), `${server.baseURL}/.well-known/jwks.json`)
    assert.match(await tools.innerText(), new RegExp(`ohtalent verify ohtalent-credential-${cred.id}\\.jwt --jwks ${server.baseURL}/\\.well-known/jwks\\.json`))

    // Printed, only the certificate remains.
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('.site-header').isVisible(), false)
    assert.equal(await page.locator('.cert-side').isVisible(), false)
    assert.equal(await card.isVisible(), true)
    await page.emulateMedia({ media: 'screen' })

    // In English the page's own text changes; the certificate stays bilingual.
    await page.getByRole('button', { name: '切换到英文界面' }).click()
    await page.getByRole('heading', { level: 2, name: 'Live verification' }).waitFor()
    assert.equal(await verdict.locator('.verdict__label').innerText(), 'Valid')
    await card.getByRole('heading', { level: 1, name: '能力认证证书' }).waitFor()
  })
})

test('the home page counts certified developers toward both goals', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/')
    const goal = page.locator('.goal-card')
    await goal.locator('.goal-card__count').waitFor()
    assert.ok(Number((await goal.locator('.goal-card__count').innerText()).replace(/\D/g, '')) >= 1)
    // The goal dashboard below the hero shows each goal's progress.
    await page.getByRole('progressbar', { name: '2027 目标（20,000 名）的完成度' }).waitFor()
    await page.getByRole('progressbar', { name: '2030 目标（50,000 名）的完成度' }).waitFor()
  })
})

test('the verify page: a pasted JWT is valid, a tampered one is tampered', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/')
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '证书核验' }).click()
    await page.getByRole('heading', { level: 1, name: '证书核验' }).waitFor()

    const result = page.locator('.verify-result')
    const content = page.getByLabel('证书内容')
    await content.fill(cred.jwt)
    await page.getByLabel('核验持证人邮箱').fill(STUDENT)
    await page.getByRole('button', { name: '核验', exact: true }).click()
    await result.locator('.verdict[data-verdict="valid"]').waitFor()
    await result.getByText('邮箱与持证人一致').waitFor()
    await result.locator('.cred-summary', { hasText: STUDENT_NAME }).waitFor()
    await result.getByRole('link', { name: '打开证书页面' }).waitFor()

    // Someone else's email does not match.
    await page.getByLabel('核验持证人邮箱').fill('someone@example.com')
    await page.getByRole('button', { name: '核验', exact: true }).click()
    await result.getByText('邮箱与持证人不一致').waitFor()

    // The name changed in the payload: the signature gives it away.
    await page.getByLabel('核验持证人邮箱').fill('')
    await content.fill(tamper(cred.jwt))
    await page.getByRole('button', { name: '核验', exact: true }).click()
    const tampered = result.locator('.verdict[data-verdict="tampered"]')
    await tampered.waitFor()
    assert.equal(await tampered.locator('.verdict__label').innerText(), '已被篡改')
    await tampered.getByText('签名与内容不符：证书在签发后被改动过').waitFor()
    assert.equal(await result.locator('.cred-summary').count(), 0)

    // Not JSON at all: the form says so before asking the server.
    await content.fill('{"id": ')
    await page.getByRole('button', { name: '核验', exact: true }).click()
    await page.getByText('这段内容看起来是 JSON，但格式不正确。').waitFor()

    // An uploaded JSON file fills the box and verifies.
    await page.getByLabel('上传证书文件').setInputFiles({
      name: 'credential.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(cred.document, null, 2)),
    })
    await page.getByText('已读取文件 credential.json').waitFor()
    await page.getByRole('button', { name: '核验', exact: true }).click()
    await result.locator('.verdict[data-verdict="valid"]').waitFor()

    // By the certificate page's link.
    await page.getByRole('radio', { name: '输入证书编号或链接' }).check()
    await page.getByRole('textbox', { name: '证书编号或链接' }).fill(cred.url)
    await page.getByRole('button', { name: '核验', exact: true }).click()
    await page.waitForURL(`**/verify?id=${cred.id}`)
    await result.locator('.verdict[data-verdict="valid"]').waitFor()
    await page.getByRole('textbox', { name: '证书编号或链接' }).fill('no-such-credential')
    await page.getByRole('button', { name: '核验', exact: true }).click()
    await result.locator('.verdict[data-verdict="unknown_issuer"]').waitFor()
    await result.getByText('本平台没有签发过这个编号的证书').waitFor()
  })
})

test('my certificates lists the credential for the student', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, STUDENT)
    await page.locator('.user-menu__button').click()
    await page.getByRole('link', { name: '我的证书' }).click()
    await page.waitForURL('**/me/credentials')
    await page.getByRole('heading', { level: 1, name: '我的证书' }).waitFor()
    const item = page.locator(`.cred-item[data-credential="${cred.id}"]`)
    await item.getByRole('link', { name: TRACK_TITLE }).waitFor()
    await item.locator('.verdict-chip', { hasText: '有效' }).waitFor()
    await item.getByRole('button', { name: '显示二维码' }).click()
    await item.getByRole('img', { name: `证书页面的二维码，扫码打开：${cred.url}` }).waitFor()
    await item.getByRole('link', { name: '查看证书' }).click()
    await page.waitForURL(`**/c/${cred.id}`)
    await page.locator('.cert-check .verdict[data-verdict="valid"]').waitFor()
  })
})

test('the credential pages fit a 360 px wide screen', async () => {
  await withPage(
    browser,
    server,
    async (page) => {
      await login(page, STUDENT)
      for (const [path, ready] of [
        [`/c/${cred.id}`, '.cert-check .verdict'],
        [`/verify?id=${cred.id}`, '.verify-result .verdict'],
        ['/me/credentials', '.cred-item'],
        ['/', '.goal-card__count'],
      ]) {
        await page.goto(path)
        await page.locator(ready).first().waitFor()
        await page.waitForLoadState('networkidle')
        assert.equal(await hasHorizontalScroll(page), false, `${path} at 360 px`)
      }
    },
    { viewport: { width: 360, height: 740 } },
  )
})

test('the admin issues by hand and revokes; the certificate page then shows revoked', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ADMIN)
    await page.goto('/console')
    await page.getByRole('navigation', { name: '管理后台导航' }).getByRole('link', { name: '证书管理' }).click()
    await page.waitForURL('**/console/credentials')
    await page.getByRole('heading', { level: 1, name: '证书管理' }).waitFor()

    // Issue by hand to another student.
    const issueForm = page.locator('form', { has: page.getByRole('button', { name: '颁发证书' }) })
    await issueForm.getByLabel('学员邮箱').fill(OTHER_STUDENT)
    await issueForm.getByLabel('认证课程').selectOption(TRACK)
    await issueForm.getByLabel('认证依据').fill('2026 年春季线下考试，85 分')
    await issueForm.getByRole('button', { name: '颁发证书' }).click()
    await page.getByText(`已为 ${OTHER_STUDENT_NAME} 颁发证书。`).waitFor()
    const manage = page.locator('.cred-admin__manage')
    await manage.getByRole('heading', { level: 2, name: `${OTHER_STUDENT_NAME} · ${TRACK_TITLE}` }).waitFor()
    await manage.locator('tr[data-action="issue"]', { hasText: '2026 年春季线下考试，85 分' }).waitFor()
    // Once per person and track version.
    await issueForm.getByLabel('学员邮箱').fill(OTHER_STUDENT)
    await issueForm.getByLabel('认证依据').fill('again')
    await issueForm.getByRole('button', { name: '颁发证书' }).click()
    await issueForm.getByText('此人在这门课程（当前版本）已经有证书了').waitFor()

    // Find the student's credential and revoke it.
    await page.getByRole('textbox', { name: '证书编号或链接' }).fill(cred.url)
    await page.getByRole('button', { name: '查找', exact: true }).click()
    await page.waitForURL(`**/console/credentials?id=${cred.id}`)
    await manage.getByRole('heading', { level: 2, name: `${STUDENT_NAME} · ${TRACK_TITLE}` }).waitFor()
    await manage.getByRole('radio', { name: '撤销' }).check()
    await manage.getByRole('button', { name: '撤销证书' }).click()
    await manage.getByText('请填写此项').waitFor() // a reason is required
    await manage.getByLabel('原因').fill('考试作弊，经核实撤销')
    await manage.getByRole('button', { name: '撤销证书' }).click()
    const dialog = page.getByRole('dialog', { name: '请确认' })
    await dialog.getByText('确定撤销这张证书吗？撤销是最终的，不能恢复。').waitFor()
    await dialog.getByRole('button', { name: '确定撤销' }).click()
    await manage.getByText('证书已撤销。').waitFor()
    assert.equal(await dialog.isVisible(), false)
    await manage.locator('.verdict-chip', { hasText: '已撤销' }).waitFor()
    await manage.getByText('这张证书已被撤销。撤销是最终的，不能恢复。').waitFor()
    await manage.locator('tr[data-action="revoke"]', { hasText: '考试作弊，经核实撤销' }).waitFor()

    await page.goto(`/c/${cred.id}`)
    const verdict = page.locator('.cert-check .verdict')
    await verdict.waitFor()
    assert.equal(await verdict.getAttribute('data-verdict'), 'revoked')
    assert.equal(await verdict.locator('.verdict__label').innerText(), '已撤销')
    await verdict.getByText('已被颁发机构撤销').waitFor()
    await page.locator('.certificate__stamp', { hasText: '已撤销' }).waitFor()
  })

  // The API agrees.
  const check = await api('/verify', { body: { credential: cred.jwt } })
  assert.equal(check.body.verdict, 'revoked')
})
