// Lab shapes the shipped courses do not have (yet): a code lab with two
// files, and an external lab graded by a build machine. The server serves a
// small course folder written here (OHT_COURSES_DIR); a "runner" is played
// through the runner API.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { ADMIN, DEMO_PASSWORD, launchBrowser, login, setEditorText, startServer, STUDENT, withPage, writeCourses } from './helpers.mjs'

const FILES = {
  'track.yaml': `slug: e2e-track
version: 1
title: {zh: 端到端测试课程, en: End-to-end Track}
summary: {zh: 只在浏览器测试里使用的课程。, en: A track used only by the browser tests.}
level: foundation
estimatedHours: 1
outcomes:
  - {zh: 会用两个文件写代码, en: Write code in two files}
modules: [basics]
certificate:
  labs: [two-files-lab, device-build-lab]
  threshold: 60
`,
  'basics/module.yaml': `slug: basics
title: {zh: 基础, en: Basics}
summary: {zh: 两个实验。, en: Two labs.}
lessons: [intro]
labs: [two-files-lab, device-build-lab]
`,
  'basics/lessons/intro.md': `---
slug: intro
title: {zh: 入门, en: Introduction}
minutes: 5
---
# 入门

本课时介绍两个实验。
`,
  'basics/labs/two-files-lab/lab.yaml': `slug: two-files-lab
kind: code
title: {zh: 两个文件的实验, en: Two-file lab}
maxScore: 100
passScore: 60
timeLimitMs: 2000
files: [main.ts, util.ts]
`,
  'basics/labs/two-files-lab/statement.md': '# 两个文件的实验\n\n在 `util.ts` 里实现 `double`，在 `main.ts` 里用它实现 `quadruple`。\n',
  'basics/labs/two-files-lab/starter/main.ts': "import { double } from './util';\n\nexport function quadruple(n: number): number {\n  return double(n);\n}\n",
  'basics/labs/two-files-lab/starter/util.ts': 'export function double(n: number): number {\n  return n;\n}\n',
  'basics/labs/two-files-lab/solution/main.ts': "import { double } from './util';\n\nexport function quadruple(n: number): number {\n  return double(double(n));\n}\n",
  'basics/labs/two-files-lab/solution/util.ts': 'export function double(n: number): number {\n  return n * 2;\n}\n',
  'basics/labs/two-files-lab/tests/public.test.ts': `import { describe, it, expect } from '@ohos/hypium';
import { quadruple } from './main';
import { double } from './util';

export default function publicTest() {
  describe('two files public', () => {
    it('doubles', 0, () => {
      expect(double(3)).assertEqual(6);
    });
    it('quadruples', 0, () => {
      expect(quadruple(3)).assertEqual(12);
    });
  });
}
`,
  'basics/labs/two-files-lab/tests/hidden.test.ts': `import { describe, it, expect } from '@ohos/hypium';
import { quadruple } from './main';

export default function hiddenTest() {
  describe('two files hidden', () => {
    it('quadruples zero and negatives', 0, () => {
      expect(quadruple(0)).assertEqual(0);
      expect(quadruple(-2)).assertEqual(-8);
    });
  });
}
`,
  'basics/labs/device-build-lab/lab.yaml': `slug: device-build-lab
kind: external
title: {zh: 真机构建实验, en: Device build lab}
maxScore: 100
passScore: 60
timeLimitMs: 60000
runner: hvigor
command: sh grader/grade.sh
files: [entry/src/main/ets/pages/Index.ets]
`,
  'basics/labs/device-build-lab/statement.md': '# 真机构建实验\n\n写一个显示 Hello 的页面。\n',
  'basics/labs/device-build-lab/starter/entry/src/main/ets/pages/Index.ets':
    "@Entry\n@Component\nstruct Index {\n  build() {\n    Text('Hello')\n  }\n}\n",
  'basics/labs/device-build-lab/grader/grade.sh': 'echo ok\n',
}

let courses
let server
let browser

before(async () => {
  courses = await writeCourses('e2e-track', FILES)
  server = await startServer({ OHT_COURSES_DIR: courses.dir })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
  await courses?.remove()
})

async function api(path, { token, body } = {}) {
  const res = await fetch(`${server.baseURL}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

test('a two-file code lab has a tab per file, and diagnostics open the right one', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, STUDENT, undefined, '/login?redirect=/labs/two-files-lab')
    await page.waitForURL('**/labs/two-files-lab')
    const tabs = page.getByRole('tab')
    await tabs.first().waitFor()
    assert.deepEqual(await tabs.allInnerTexts(), ['main.ts', 'util.ts'])
    assert.equal(await page.getByRole('tab', { selected: true }).innerText(), 'main.ts')

    // Arrow keys move between tabs.
    await page.getByRole('tab', { name: 'main.ts' }).focus()
    await page.keyboard.press('ArrowRight')
    assert.equal(await page.getByRole('tab', { selected: true }).innerText(), 'util.ts')
    await page.locator('.lab-editor .cm-content', { hasText: 'export function double' }).waitFor()

    // A syntax error in util.ts: its diagnostic brings util.ts back from main.ts.
    await setEditorText(page, 'export function double(n: number): number {\n  return n * ;\n}\n')
    await page.getByRole('tab', { name: 'main.ts' }).click()
    await page.getByRole('button', { name: '运行公开测试' }).click()
    const diag = page.locator('.lab-result .diag').first()
    await diag.waitFor()
    assert.match(await diag.innerText(), /^util\.ts:2:\d+/)
    await diag.click()
    assert.equal(await page.getByRole('tab', { selected: true }).innerText(), 'util.ts')
    assert.equal(await page.locator('.lab-editor .cm-activeLine').textContent(), '  return n * ;')

    // Fix both files and submit.
    await setEditorText(page, 'export function double(n: number): number {\n  return n * 2;\n}\n')
    await page.getByRole('tab', { name: 'main.ts' }).click()
    await setEditorText(page, "import { double } from './util';\n\nexport function quadruple(n: number): number {\n  return double(double(n));\n}\n")
    await page.getByRole('button', { name: '提交评分', exact: true }).click()
    const result = page.locator('.lab-result')
    await result.getByText('全部测试通过').waitFor()
    assert.equal(await result.locator('.result__score-value').innerText(), '100')
  })
})

test('an external lab is queued for a build machine and shows its result when graded', async () => {
  const admin = await api('/auth/login', { body: { email: ADMIN, password: DEMO_PASSWORD } })
  const runner = await api('/admin/runners', { token: admin.body.accessToken, body: { name: 'e2e-runner', kinds: ['hvigor'] } })
  assert.equal(runner.status, 201)

  await withPage(browser, server, async (page) => {
    await login(page, STUDENT, undefined, '/login?redirect=/labs/device-build-lab')
    await page.waitForURL('**/labs/device-build-lab')
    await page.getByText('由构建机评分').waitFor()
    await page.locator('.lab-editor .cm-content', { hasText: "Text('Hello')" }).waitFor()
    // Only a build machine can grade it: no practice runs.
    assert.equal(await page.getByRole('button', { name: '运行公开测试' }).count(), 0)

    const submit = page.getByRole('button', { name: '提交评分', exact: true })
    await submit.click()
    await page.locator('.lab-result .result__pending', { hasText: '等待构建机评分' }).waitFor()
    await page.locator('.lab-history .history-item', { hasText: '排队中' }).waitFor()
    assert.equal(await submit.isEnabled(), true, 'the learner may go on while it waits')

    // The build machine takes the job and reports.
    const job = await api('/runner/claim', { token: runner.body.token, body: {} })
    assert.equal(job.status, 200)
    assert.equal(job.body.files['entry/src/main/ets/pages/Index.ets'].includes("Text('Hello')"), true)
    const done = await api(`/runner/jobs/${job.body.id}/result`, {
      token: runner.body.token,
      body: {
        score: 80,
        tests: [
          { name: 'hvigor build', passed: true },
          { name: 'UI test: greeting', passed: false, message: 'expected "Hello, OpenHarmony"' },
        ],
        output: 'BUILD SUCCESSFUL',
      },
    })
    assert.equal(done.status, 200)

    // The page polls and shows the grade without a reload.
    const result = page.locator('.lab-result')
    await result.locator('.result__score-value', { hasText: '80' }).waitFor({ timeout: 20_000 })
    await result.getByText('已通过', { exact: true }).waitFor()
    await result.getByText('expected "Hello, OpenHarmony"').waitFor()
    await result.getByText('BUILD SUCCESSFUL').waitFor()
    await page.locator('.lab-history .history-item', { hasText: '80/100 分' }).waitFor()
  })
})
