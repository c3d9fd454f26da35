// The whole journey in a real browser against a real server: a learner
// registers, reads a lesson, fails a code lab and sees why, fixes the code in
// the editor, passes, passes the quiz, earns the track's certificate, finds
// it in "my certificates" and follows its share link to the public page;
// someone else verifies it (pasted and by its link); a platform admin revokes
// it in the console; the public page and the verify page then say revoked.
//
// The server serves a one-module course written here (OHT_COURSES_DIR), so
// the certificate rule (a code lab and a quiz) is met through the UI alone.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import { ADMIN, callApi, launchBrowser, login, startServer, withPage, writeCourses } from './helpers.mjs'

const TRACK = 'e2e-journey'
const TRACK_TITLE = '鸿蒙入门小课'
const LESSON_TITLE = '温度换算与单元测试'
const LAB_TITLE = '摄氏度转华氏度'
const QUIZ_TITLE = '入门小测'

const FILES = {
  'track.yaml': `slug: ${TRACK}
version: 1
title: {zh: ${TRACK_TITLE}, en: A Short OpenHarmony Course}
summary: {zh: 一个课时、一个编程实验和一个测验。, en: 'One lesson, one coding lab and one quiz.'}
level: foundation
estimatedHours: 1
outcomes:
  - {zh: 会写并测试一个纯函数, en: Write and test a pure function}
modules: [basics]
certificate:
  labs: [celsius-lab, basics-quiz]
  threshold: 80
`,
  'basics/module.yaml': `slug: basics
title: {zh: 基础, en: Basics}
summary: {zh: 温度换算。, en: Converting temperatures.}
lessons: [units]
labs: [celsius-lab, basics-quiz]
`,
  'basics/lessons/units.md': `---
slug: units
title: {zh: ${LESSON_TITLE}, en: Temperatures and unit tests}
minutes: 5
---
# ${LESSON_TITLE}

华氏温度等于摄氏温度乘以 9/5 再加 32：F = C × 9 / 5 + 32。

OpenHarmony 的单元测试框架 Hypium 用 \`describe\`、\`it\` 和 \`expect\` 组织测试，
例如 \`expect(toFahrenheit(100)).assertEqual(212)\`。
`,
  'basics/labs/celsius-lab/lab.yaml': `slug: celsius-lab
kind: code
title: {zh: ${LAB_TITLE}, en: Celsius to Fahrenheit}
maxScore: 100
passScore: 60
timeLimitMs: 2000
files: [main.ts]
`,
  'basics/labs/celsius-lab/statement.md': `# ${LAB_TITLE}

实现 \`toFahrenheit(celsius)\`：把摄氏度换算成华氏度。
`,
  'basics/labs/celsius-lab/starter/main.ts': `/** 把摄氏度换算成华氏度。 */
export function toFahrenheit(celsius: number): number {
  // TODO: F = C × 9 / 5 + 32
  return celsius;
}
`,
  'basics/labs/celsius-lab/solution/main.ts': `/** 把摄氏度换算成华氏度。 */
export function toFahrenheit(celsius: number): number {
  return celsius * 9 / 5 + 32;
}
`,
  'basics/labs/celsius-lab/tests/public.test.ts': `import { describe, it, expect } from '@ohos/hypium';
import { toFahrenheit } from './main';

export default function publicTest() {
  describe('toFahrenheit', () => {
    it('returns a number', 0, () => {
      expect(typeof toFahrenheit(1)).assertEqual('number');
    });
    it('boiling point', 0, () => {
      expect(toFahrenheit(100)).assertEqual(212);
    });
    it('freezing point', 0, () => {
      expect(toFahrenheit(0)).assertEqual(32);
    });
  });
}
`,
  'basics/labs/celsius-lab/tests/hidden.test.ts': `import { describe, it, expect } from '@ohos/hypium';
import { toFahrenheit } from './main';

export default function hiddenTest() {
  describe('toFahrenheit hidden', () => {
    it('minus forty is the same on both scales', 0, () => {
      expect(toFahrenheit(-40)).assertEqual(-40);
    });
    it('body temperature', 0, () => {
      expect(toFahrenheit(37)).assertClose(98.6, 0.001);
    });
  });
}
`,
  'basics/labs/basics-quiz/statement.md': `# ${QUIZ_TITLE}

回答一道关于测试框架的题目。
`,
  'basics/labs/basics-quiz/lab.yaml': `slug: basics-quiz
kind: quiz
title: {zh: ${QUIZ_TITLE}, en: Basics quiz}
maxScore: 10
passScore: 10
questions:
  - id: q1
    type: single
    prompt: {zh: OpenHarmony 的单元测试框架叫什么？, en: "What is OpenHarmony's unit test framework called?"}
    options:
      - {id: a, zh: Hypium, en: Hypium}
      - {id: b, zh: JUnit, en: JUnit}
    answer: a
    points: 10
    explanation: {zh: Hypium 是 OpenHarmony 的测试框架。, en: "Hypium is OpenHarmony's test framework."}
`,
}

const NAME = '林晓雨'
const EMAIL = `journey-${Date.now()}@example.com`
const PASSWORD = 'harmony-journey-2026'

let courses
let server
let browser

before(async () => {
  courses = await writeCourses(TRACK, FILES)
  server = await startServer({ OHT_COURSES_DIR: courses.dir })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
  await courses?.remove()
})

/** What the learner's journey produced, for the later steps. */
const earned = { url: '', id: '', jwt: '' }

test('a learner registers, learns, fails and fixes a lab, and earns the certificate', async () => {
  await withPage(browser, server, async (page, context) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseURL })

    // Register from the home page; registering signs in and opens the catalog.
    await page.goto('/')
    await page.getByRole('link', { name: '免费注册' }).click()
    await page.getByRole('heading', { level: 1, name: '注册账号' }).waitFor()
    await page.getByLabel('姓名').fill(NAME)
    await page.getByLabel('邮箱').fill(EMAIL)
    await page.getByLabel('密码').fill(PASSWORD)
    await page.getByRole('button', { name: '注册', exact: true }).click()
    await page.waitForURL('**/tracks')
    await page.locator('.user-menu__button', { hasText: NAME }).waitFor()

    // Catalog → track → lesson, read and marked as done.
    await page.getByRole('link', { name: TRACK_TITLE }).click()
    await page.getByRole('heading', { level: 1, name: TRACK_TITLE }).waitFor()
    await page.getByRole('link', { name: LESSON_TITLE }).click()
    await page.getByRole('heading', { level: 1, name: LESSON_TITLE }).waitFor()
    assert.match(await page.locator('article .prose').innerText(), /F = C × 9 \/ 5 \+ 32/)
    await page.getByRole('button', { name: '标记为已学完' }).click()
    await page.getByText('已学完', { exact: true }).waitFor()

    // The lesson leads to the module's code lab.
    await page.locator('.lesson-labs').getByRole('link', { name: LAB_TITLE }).click()
    await page.getByRole('heading', { level: 1, name: LAB_TITLE }).waitFor()
    const editor = page.locator('.lab-editor .cm-content')
    await editor.filter({ hasText: 'return celsius;' }).waitFor()

    // A first attempt that forgets the offset: the failures say what was expected.
    await editor.locator('.cm-line', { hasText: 'return celsius;' }).click()
    await page.keyboard.press('End')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.insertText(' * 9 / 5')
    await editor.locator('.cm-line', { hasText: 'return celsius * 9 / 5;' }).waitFor()
    const submit = page.getByRole('button', { name: '提交评分', exact: true })
    await submit.click()
    const result = page.locator('.lab-result')
    await result.getByText('未通过', { exact: true }).waitFor()
    assert.equal(await result.locator('.result__score-value').innerText(), '20')
    await result.locator('.test--pass', { hasText: 'returns a number' }).waitFor()
    const boiling = result.locator('.test--fail', { hasText: 'boiling point' })
    assert.match(await boiling.innerText(), /期望值[\s\S]*212[\s\S]*实际值[\s\S]*180/)
    const freezing = result.locator('.test--fail', { hasText: 'freezing point' })
    assert.match(await freezing.innerText(), /期望值[\s\S]*32[\s\S]*实际值[\s\S]*0/)
    assert.equal(await result.locator('.test--fail').count(), 4, 'two public and two hidden tests fail')

    // Fix it in the editor and submit again.
    await editor.locator('.cm-line', { hasText: 'return celsius * 9 / 5;' }).click()
    await page.keyboard.press('End')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.insertText(' + 32')
    await submit.click()
    await result.getByText('全部测试通过').waitFor()
    assert.equal(await result.locator('.result__score-value').innerText(), '100')
    await result.getByText('已通过', { exact: true }).waitFor()
    assert.equal(await result.locator('.test--fail').count(), 0)
    await page.locator('.lab-header__best', { hasText: '100/100' }).waitFor()
    // Two submissions in the history, the newest first.
    const history = page.locator('.lab-history .history-item')
    await history.nth(1).waitFor()
    assert.match(await history.first().innerText(), /100\/100 分/)
    assert.match(await history.nth(1).innerText(), /20\/100 分/)
    // One of two certificate labs: no certificate yet.
    assert.equal(await page.locator('.lab-earned').count(), 0)

    // The quiz completes the certificate rule.
    await page.getByRole('link', { name: '返回课程' }).click()
    await page.getByRole('heading', { level: 1, name: TRACK_TITLE }).waitFor()
    await page.getByRole('link', { name: QUIZ_TITLE }).click()
    await page.getByRole('heading', { level: 1, name: QUIZ_TITLE }).waitFor()
    await page.getByLabel('Hypium').check()
    await page.getByRole('button', { name: '提交答案' }).click()
    await page.locator('.lab-result').getByText('已通过', { exact: true }).waitFor()
    const notice = page.locator('.lab-earned')
    await notice.getByText('恭喜，你获得了证书！').waitFor()
    await notice.getByText(`你已满足“${TRACK_TITLE}”的认证要求，证书已经颁发。`, { exact: false }).waitFor()
    await notice.getByRole('link', { name: '查看证书' }).waitFor()

    // "My certificates": the new certificate, valid, with its share link and files.
    await page.locator('.user-menu__button').click()
    await page.locator('.user-menu__panel').getByRole('link', { name: '我的证书' }).click()
    await page.getByRole('heading', { level: 1, name: '我的证书' }).waitFor()
    const item = page.locator('.cred-item', { hasText: TRACK_TITLE })
    await item.locator('.verdict-chip', { hasText: '有效' }).waitFor()
    earned.id = await item.getAttribute('data-credential')
    const [jwtFile] = await Promise.all([page.waitForEvent('download'), item.getByRole('button', { name: '下载 JWT' }).click()])
    earned.jwt = (await readFile(await jwtFile.path(), 'utf8')).trim()
    assert.equal(earned.jwt.split('.').length, 3, 'a VC-JWT')

    await item.getByRole('button', { name: `复制分享链接：${TRACK_TITLE}` }).click()
    await item.getByText('链接已复制').waitFor()
    earned.url = await page.evaluate(() => navigator.clipboard.readText())
    assert.equal(earned.url, `${server.baseURL}/c/${earned.id}`)

    // Following the share link: the public page shows it, valid.
    await page.goto(earned.url)
    const card = page.locator('article.certificate')
    await card.getByRole('heading', { level: 1, name: '能力认证证书' }).waitFor()
    assert.equal(await card.locator('.certificate__holder').innerText(), NAME)
    assert.equal(await card.locator('.certificate__track-zh').innerText(), TRACK_TITLE)
    const verdict = page.locator('.cert-check .verdict')
    await verdict.waitFor()
    assert.equal(await verdict.getAttribute('data-verdict'), 'valid')
    assert.equal(await verdict.locator('.verdict__label').innerText(), '有效')
  })
})

/** Checks the verify page in a fresh context (someone else) by the pasted JWT and by the link. */
async function verifyElsewhere(expected, label) {
  await withPage(browser, server, async (page) => {
    await page.goto('/verify')
    await page.getByRole('heading', { level: 1, name: '证书核验' }).waitFor()
    const result = page.locator('.verify-result')

    await page.getByLabel('证书内容').fill(earned.jwt)
    await page.getByRole('button', { name: '核验', exact: true }).click()
    const pasted = result.locator(`.verdict[data-verdict="${expected}"]`)
    await pasted.waitFor()
    assert.equal(await pasted.locator('.verdict__label').innerText(), label)
    await result.locator('.cred-summary', { hasText: NAME }).waitFor()

    await page.getByRole('radio', { name: '输入证书编号或链接' }).check()
    await page.getByRole('textbox', { name: '证书编号或链接' }).fill(earned.url)
    await page.getByRole('button', { name: '核验', exact: true }).click()
    await page.waitForURL(`**/verify?id=${earned.id}`)
    const byLink = result.locator(`.verdict[data-verdict="${expected}"]`)
    await byLink.waitFor()
    assert.equal(await byLink.locator('.verdict__label').innerText(), label)
  })
}

test('someone else verifies the certificate on the verify page', async () => {
  assert.ok(earned.jwt, 'the journey earned a certificate')
  await verifyElsewhere('valid', '有效')
})

test('a platform admin revokes it; the public page and the verify page say revoked', async () => {
  assert.ok(earned.id, 'the journey earned a certificate')
  await withPage(browser, server, async (page) => {
    await login(page, ADMIN)
    await page.goto('/console/credentials')
    await page.getByRole('heading', { level: 1, name: '证书管理' }).waitFor()
    await page.getByRole('textbox', { name: '证书编号或链接' }).fill(earned.url)
    await page.getByRole('button', { name: '查找', exact: true }).click()
    const manage = page.locator('.cred-admin__manage')
    await manage.getByRole('heading', { level: 2, name: `${NAME} · ${TRACK_TITLE}` }).waitFor()
    await manage.getByRole('radio', { name: '撤销' }).check()
    await manage.getByLabel('原因').fill('证书信息有误，经核实撤销')
    await manage.getByRole('button', { name: '撤销证书' }).click()
    await page.getByRole('dialog', { name: '请确认' }).getByRole('button', { name: '确定撤销' }).click()
    await manage.getByText('证书已撤销。').waitFor()
  })

  // The public page, opened by anyone.
  await withPage(browser, server, async (page) => {
    await page.goto(earned.url)
    const verdict = page.locator('.cert-check .verdict')
    await verdict.waitFor()
    assert.equal(await verdict.getAttribute('data-verdict'), 'revoked')
    assert.equal(await verdict.locator('.verdict__label').innerText(), '已撤销')
    await page.locator('.certificate__stamp', { hasText: '已撤销' }).waitFor()
  })
  await verifyElsewhere('revoked', '已撤销')

  // The learner's own list agrees.
  const token = (await callApi(server, '/auth/login', { body: { email: EMAIL, password: PASSWORD } })).body.accessToken
  const mine = await callApi(server, '/me/credentials', { token })
  assert.equal(mine.body.items.find((c) => c.id === earned.id)?.status, 'revoked')
})
