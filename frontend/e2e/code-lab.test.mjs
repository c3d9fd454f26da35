// The code lab workspace: CodeMirror, running and submitting to the real
// sandbox, diagnostics, history, progress — in a real browser.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  hasHorizontalScroll,
  launchBrowser,
  login,
  readRepoFile,
  savedDraft,
  setEditorText,
  startServer,
  STUDENT,
  withPage,
} from './helpers.mjs'

const LAB = 'modbus-rtu-lab'
const LAB_PATH = `/labs/${LAB}`
const LAB_DIR = 'courses/industry-scenarios/industrial-control/labs/modbus-rtu-lab'

let server
let browser
let solution

before(async () => {
  solution = await readRepoFile(`${LAB_DIR}/solution/main.ts`)
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** Signs in as the demo student and opens the lab with its editor ready. */
async function openLab(page) {
  await login(page, STUDENT, undefined, `/login?redirect=${encodeURIComponent(LAB_PATH)}`)
  await page.waitForURL(`**${LAB_PATH}`)
  await page.locator('.lab-editor .cm-content').waitFor()
}

test('a visitor reads the lab and signs in to run it, coming back to the lab', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto(LAB_PATH)
    await page.getByRole('heading', { level: 1, name: 'Modbus RTU 读保持寄存器报文' }).waitFor()
    await page.locator('.lab-statement .prose h2', { hasText: '规则' }).waitFor()
    // The starter is in the editor; the public tests can be read.
    await page.locator('.lab-editor .cm-content', { hasText: 'export function crc16Modbus' }).waitFor()
    await page.getByText('公开测试（只读）').click()
    await page.locator('.lab-tests .cm-content', { hasText: "describe('modbus-rtu public'" }).waitFor()
    assert.equal(await page.getByRole('button', { name: '提交评分', exact: true }).count(), 0)

    const signIn = page.getByRole('link', { name: '登录后运行和提交' })
    assert.equal(new URL(await signIn.getAttribute('href'), server.baseURL).searchParams.get('redirect'), LAB_PATH)
    await signIn.click()
    await page.getByLabel('邮箱').fill(STUDENT)
    await page.getByLabel('密码').fill('ohtalent-demo-2026')
    await page.getByRole('button', { name: '登录', exact: true }).click()
    await page.waitForURL(`**${LAB_PATH}`)
    await page.getByRole('button', { name: '运行公开测试' }).waitFor()
    await page.getByRole('button', { name: '提交评分', exact: true }).waitFor()
  })
})

test('submitting the starter code shows the failing tests', async () => {
  await withPage(browser, server, async (page) => {
    await openLab(page)
    await page.getByRole('button', { name: '提交评分', exact: true }).click()
    const result = page.locator('.lab-result')
    await result.locator('.result__score-value').waitFor()
    assert.equal(await result.locator('.result__score-value').innerText(), '0')
    await result.getByText('未通过', { exact: true }).waitFor()
    await result.getByText('运行完成', { exact: true }).waitFor()
    const failed = await result.locator('.test--fail').count()
    assert.ok(failed > 0, 'some tests fail')
    assert.equal(await result.locator('.test--pass').count(), 0)
    // Public failures explain themselves; hidden ones only say so.
    const first = result.locator('.test--fail').first()
    assert.match(await first.innerText(), /期望值[\s\S]*实际值/)
    assert.ok((await result.getByText('隐藏测试', { exact: true }).count()) > 0, 'hidden tests are labelled')
    await page.locator('.lab-history .history-item').first().waitFor()
  })
})

test('a syntax error shows a diagnostic that moves the cursor (run with Ctrl+Enter)', async () => {
  await withPage(browser, server, async (page) => {
    await openLab(page)
    await setEditorText(page, 'export function crc16Modbus( {\n  return 1\n}\n')
    // Ctrl+Enter inside the editor runs the public tests.
    await page.keyboard.press('Control+Enter')
    const result = page.locator('.lab-result')
    await result.getByText('编译错误', { exact: true }).first().waitFor()
    await result.getByText('公开测试', { exact: true }).first().waitFor()
    const diag = result.locator('.diag').first()
    await diag.waitFor()
    const where = await diag.locator('.diag__where').innerText()
    assert.match(where, /^main\.ts:2:\d+$/)

    // Move the cursor away, then let the diagnostic bring it back.
    await page.locator('.lab-editor .cm-line').first().click()
    await diag.click()
    const cursor = await page.evaluate(() => ({
      focused: document.activeElement?.classList.contains('cm-content') ?? false,
      line: document.querySelector('.lab-editor .cm-activeLine')?.textContent ?? null,
    }))
    assert.equal(cursor.focused, true, 'the editor has the focus')
    assert.equal(cursor.line, '  return 1', 'the cursor is on the line of the error')
    // A practice run never scores.
    assert.equal(await result.locator('.result__score').count(), 0)
  })
})

test('the reference solution scores 100 with every test passed', async () => {
  await withPage(browser, server, async (page) => {
    await openLab(page)
    await setEditorText(page, solution)
    await page.getByRole('button', { name: '提交评分', exact: true }).click()
    const result = page.locator('.lab-result')
    await result.getByText('全部测试通过').waitFor()
    assert.equal(await result.locator('.result__score-value').innerText(), '100')
    await result.getByText('已通过', { exact: true }).waitFor()
    assert.equal(await result.locator('.test--fail').count(), 0)
    const passed = await result.locator('.test--pass').count()
    assert.ok(passed >= 10, `every test listed (${passed})`)
    assert.match(await result.locator('.result__tests-count').innerText(), new RegExp(`${passed}/${passed}`))
    // The header shows the new best score; the draft is the solution.
    await page.locator('.lab-header__best', { hasText: '100/100' }).waitFor()
    assert.equal((await savedDraft(page, LAB))?.['main.ts'], solution)
  })
})

test('history restores an earlier version; progress pages show the best score', async () => {
  await withPage(browser, server, async (page) => {
    await openLab(page)
    const items = page.locator('.lab-history .history-item')
    await items.first().waitFor()
    assert.ok((await items.count()) >= 3, 'earlier submissions are listed')

    // Start over from the starter, then restore the graded 100-point version.
    await page.getByRole('button', { name: '恢复初始代码' }).click()
    await page.getByRole('button', { name: '确定恢复' }).click()
    await page.getByText('已恢复初始代码。').waitFor()
    assert.equal(await savedDraft(page, LAB), null)

    await items.filter({ hasText: '100/100 分' }).first().click()
    await page.getByRole('button', { name: '把这个版本恢复到编辑器' }).click()
    await page.getByText('已把这次提交的代码恢复到编辑器。').waitFor()
    assert.equal((await savedDraft(page, LAB))?.['main.ts'], solution)

    await page.goto('/tracks/industry-scenarios')
    await page.locator(`.lab-best[data-lab="${LAB}"]`, { hasText: '100/100' }).waitFor()

    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的学习' }).click()
    await page.waitForURL('**/me/progress')
    const row = page.locator(`tr[data-lab="${LAB}"]`)
    await row.waitFor()
    const text = await row.innerText()
    assert.match(text, /100\/100/)
    assert.match(text, /已通过/)
  })
})

test('a 360 px wide lab page has no horizontal scroll', async () => {
  await withPage(
    browser,
    server,
    async (page) => {
      await openLab(page)
      assert.equal(await hasHorizontalScroll(page), false, 'lab page before running')
      // Long test names, expected/actual values and the history must fit too.
      assert.equal(await savedDraft(page, LAB), null)
      assert.match(await page.locator('.lab-editor .cm-content').innerText(), /TODO/)
      await page.getByRole('button', { name: '运行公开测试' }).click()
      await page.locator('.lab-result .test--fail').first().waitFor()
      await page.getByText('公开测试（只读）').click()
      await page.locator('.lab-tests .cm-content').waitFor()
      assert.equal(await hasHorizontalScroll(page), false, 'lab page with results')

      for (const path of ['/tracks/industry-scenarios', '/me/progress', '/labs/industrial-control-quiz']) {
        await page.goto(path)
        await page.locator('h1').first().waitFor()
        await page.waitForLoadState('networkidle')
        assert.equal(await hasHorizontalScroll(page), false, `${path} at 360 px`)
      }
    },
    { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
  )
})
