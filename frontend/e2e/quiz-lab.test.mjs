// Quiz labs: answering, explanations in both languages, and the submit rate
// limit — in a real browser against a real server.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { launchBrowser, login, startServer, STUDENT, withPage } from './helpers.mjs'

const QUIZ_PATH = '/labs/industrial-control-quiz'

let server
let browser

before(async () => {
  // Three submissions a minute, so that the rate limit can be reached.
  server = await startServer({ OHT_SUBMIT_RATE: '3' })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** The fieldset of question n (1-based). */
function question(page, n) {
  return page.locator('.quiz-q').nth(n - 1)
}

async function openQuiz(page) {
  await login(page, STUDENT, undefined, `/login?redirect=${encodeURIComponent(QUIZ_PATH)}`)
  await page.waitForURL(`**${QUIZ_PATH}`)
  await page.getByRole('button', { name: '提交答案' }).waitFor()
}

test('wrong quiz answers are marked and explained, in Chinese and English', async () => {
  await withPage(browser, server, async (page) => {
    await openQuiz(page)
    await question(page, 1).getByRole('textbox').fill('0x03')
    await question(page, 2).getByRole('spinbutton').fill('7')
    await question(page, 3).getByLabel('高字节在前').check()
    await question(page, 4).getByLabel('报文末尾仍需附加 CRC-16').check()
    await question(page, 5).getByRole('spinbutton').fill('40001')
    await page.getByRole('button', { name: '提交答案' }).click()

    const q1 = question(page, 1)
    await q1.getByText('回答错误').waitFor()
    assert.match(await q1.innerText(), /解析：[\s\S]*0x83/)
    await q1.getByText('0/10 分').waitFor()
    for (const n of [2, 3, 4, 5]) await question(page, n).getByText('回答错误').waitFor()
    await question(page, 6).getByText('未作答').waitFor()
    assert.match(await question(page, 3).innerText(), /CRC 例外，低字节在前/)

    const result = page.locator('.lab-result')
    assert.equal(await result.locator('.result__score-value').innerText(), '0')
    await result.getByText('未通过', { exact: true }).waitFor()
    await page.locator('.lab-history .history-item').first().waitFor()

    await page.getByRole('button', { name: '切换到英文界面' }).click()
    await q1.getByText('Incorrect').waitFor()
    assert.match(await q1.innerText(), /Explanation:[\s\S]*An exception response sets the top bit/)
    await page.getByRole('button', { name: 'Submit answers' }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'Questions' }).waitFor()
  })
})

test('submitting too often shows how long to wait', async () => {
  await withPage(browser, server, async (page) => {
    await openQuiz(page)
    await question(page, 3).getByLabel('低字节在前').check()
    const submit = page.getByRole('button', { name: '提交答案' })
    const limited = page.getByText(/提交太频繁，请 \d+ 秒后再试。/)
    // The limit is 3 a minute and the first test used one: submit until refused.
    let status = 0
    for (let i = 0; i < 4 && status !== 429; i++) {
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/submissions') && r.request().method() === 'POST'),
        submit.click(),
      ])
      status = res.status()
      if (status !== 429) await question(page, 3).getByText('回答正确').waitFor()
    }
    assert.equal(status, 429, 'the server refuses the extra submission')
    await limited.waitFor()
    const seconds = Number((await limited.innerText()).match(/(\d+)/)?.[1])
    assert.ok(seconds > 0 && seconds <= 60, `waits ${seconds} s`)
    assert.equal(await submit.isDisabled(), true, 'the form waits too')
    // The correct answer of question 3 was graded before the limit hit.
    await question(page, 3).getByText('回答正确').waitFor()
  })
})
