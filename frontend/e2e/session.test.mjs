// Work in the lab editor survives an expired session and a failed
// submission. The server here gives short sessions (access tokens of 1 s,
// refresh tokens of 8 s, renewed on use), so a learner who stops making
// requests for longer than that really is signed out, as after a long pause.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, STUDENT, launchBrowser, login, savedDraft, setEditorText, startServer, withPage } from './helpers.mjs'

const LAB = 'modbus-rtu-lab'
const LAB_PATH = `/labs/${LAB}`
/** Longer than the refresh token lives. */
const IDLE_MS = 10_000

const WORK = `// 写到一半的 CRC：先把查表法的框架搭好
export function crc16Modbus(data: number[]): number {
  let crc = 0xffff;
  for (const b of data) {
    crc ^= b;
  }
  return crc;
}
`

let server
let browser

before(async () => {
  server = await startServer({ OHT_ACCESS_TTL: '1s', OHT_REFRESH_TTL: '8s' })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

async function openLab(page) {
  await login(page, STUDENT, DEMO_PASSWORD, `/login?redirect=${encodeURIComponent(LAB_PATH)}`)
  await page.waitForURL(`**${LAB_PATH}`)
  await page.locator('.lab-editor .cm-content').waitFor()
}

const editorText = (page) => page.locator('.lab-editor .cm-content').innerText()

test('an expired session sends the learner to log in and back, the editor content kept', async () => {
  await withPage(browser, server, async (page) => {
    await openLab(page)
    await setEditorText(page, WORK)
    // The learner thinks for a while: the session runs out meanwhile.
    await page.waitForTimeout(IDLE_MS)
    // Submitting at once after typing: nothing had been saved by the timer yet.
    await page.getByRole('button', { name: '提交评分', exact: true }).click()

    await page.waitForURL((url) => url.pathname === '/login')
    const url = new URL(page.url())
    assert.equal(url.searchParams.get('redirect'), LAB_PATH)
    assert.equal(url.searchParams.get('expired'), '1')
    await page.getByText('登录已过期，请重新登录。你在实验里写的代码已保存在本机，登录后会回到实验继续。').waitFor()
    assert.equal((await savedDraft(page, LAB))?.['main.ts'], WORK, 'the draft is in localStorage')

    await page.getByLabel('邮箱').fill(STUDENT)
    await page.getByLabel('密码').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: '登录', exact: true }).click()
    await page.waitForURL(`**${LAB_PATH}`)
    await page.getByText('已恢复你上次在本机编辑的草稿').waitFor()
    await page.locator('.lab-editor .cm-content', { hasText: '写到一半的 CRC' }).waitFor()
    assert.equal((await editorText(page)).replace(/\u00a0/g, ' ').trim(), WORK.trim())

    // Signed in again, the same code is graded.
    await page.getByRole('button', { name: '提交评分', exact: true }).click()
    await page.locator('.lab-result .result__score-value').waitFor()
    await page.locator('.lab-history .history-item').first().waitFor()
  })
})

test('a submission that fails on the way keeps the code, in the editor and after a reload', async () => {
  await withPage(browser, server, async (page) => {
    await openLab(page)
    await setEditorText(page, WORK)
    // The network drops the submission.
    await page.route('**/api/v1/labs/*/submissions', (route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue(),
    )
    await page.getByRole('button', { name: '提交评分', exact: true }).click()
    await page.locator('.lab-work [role="alert"]', { hasText: '无法连接服务器，请检查网络后重试。' }).waitFor()
    assert.equal((await editorText(page)).replace(/\u00a0/g, ' ').trim(), WORK.trim())
    assert.equal((await savedDraft(page, LAB))?.['main.ts'], WORK)

    await page.unroute('**/api/v1/labs/*/submissions')
    await page.reload()
    await page.locator('.lab-editor .cm-content', { hasText: '写到一半的 CRC' }).waitFor()
    await page.getByText('已恢复你上次在本机编辑的草稿').waitFor()
  })
})
