// Accessibility and layout of the main screens (public, learner, console,
// the training edit forms and the goal dashboards): each is checked with axe-core
// (serious and critical violations fail) and photographed at 1280×800 and
// 375×812 into $OHT_SCREENSHOTS (default e2e/.artifacts, git-ignored).
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'
import {
  ADMIN,
  ORG_ADMIN,
  STUDENT,
  VIEWPORTS,
  apiToken,
  callApi,
  launchBrowser,
  login,
  oneRosterSample,
  orgIdByCode,
  saveScreenshot,
  startServer,
  withPage,
} from './helpers.mjs'

const ENTERPRISE_ADMIN = 'orgadmin@ljhs.demo.ohtalent.cn'

// Evaluated through the DevTools protocol: the app's CSP (script-src 'self')
// stays on and would refuse an injected <script>.
const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
/** Only these impacts fail the suite; moderate and minor ones are printed. */
const FAILING = new Set(['serious', 'critical'])

let server
let browser
let credentialId
let cohortPath
let consortiumId
let ljhs
let orderId
let sut
let eventId

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = await apiToken(server, ADMIN)
  const issued = await callApi(server, '/credentials', {
    token: admin,
    body: { email: STUDENT, track: 'industry-scenarios', evidence: '线下考试 2026-05-01，成绩 92 分' },
  })
  assert.equal(issued.status, 201, JSON.stringify(issued.body))
  credentialId = issued.body.id

  const orgAdmin = await apiToken(server, ORG_ADMIN)
  const orgId = await orgIdByCode(server, orgAdmin, 'SUT')
  const cohort = await callApi(server, `/orgs/${orgId}/cohorts`, {
    token: orgAdmin,
    body: { name: '2026 秋 无障碍检查班', term: '2026-autumn', tracks: ['industry-scenarios', 'app-foundation'] },
  })
  assert.equal(cohort.status, 201, JSON.stringify(cohort.body))
  const imported = await callApi(server, `/orgs/${orgId}/cohorts/${cohort.body.id}/imports`, {
    token: orgAdmin,
    body: {
      students: [
        { studentNumber: '2026010001', name: '李伟', email: 'li.wei@stu.sut.edu.cn' },
        { studentNumber: '2026010002', name: '王芳', email: 'wang.fang@stu.sut.edu.cn' },
      ],
    },
  })
  assert.equal(imported.status, 200, JSON.stringify(imported.body))
  cohortPath = `/console/orgs/${orgId}/cohorts/${cohort.body.id}`
  const consortiums = await callApi(server, '/consortiums', { token: orgAdmin })
  consortiumId = consortiums.body.items.find((c) => c.code === 'CQ-OH-ALLIANCE')?.id
  assert.ok(consortiumId, 'the demo consortium')

  // The demo's training order (LJHS) and salon (SUT), for their edit forms.
  sut = orgId
  const enterpriseAdmin = await apiToken(server, ENTERPRISE_ADMIN)
  ljhs = await orgIdByCode(server, admin, 'LJHS')
  orderId = (await callApi(server, `/orgs/${ljhs}/orders`, { token: enterpriseAdmin })).body.items[0]?.id
  eventId = (await callApi(server, `/orgs/${sut}/events`, { token: orgAdmin })).body.items[0]?.id
  assert.ok(orderId && eventId, 'the demo order and salon')
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** Runs axe on the page; answers the violations, printing the ones that do not fail. */
async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ')}`),
    }))
  })
  return violations
}

/**
 * Checks one screen at both viewports: `ready` waits until the screen is
 * rendered. Answers the serious and critical violations found.
 */
async function checkScreen(page, name, path, ready) {
  const failures = []
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height })
    await page.goto(path)
    await ready(page)
    // Let fonts and late layout settle before the checks and the picture.
    await page.evaluate(() => document.fonts?.ready)
    for (const v of await axe(page)) {
      const line = `${name} @${vp.name}: [${v.impact}] ${v.id} (${v.help})\n    ${v.nodes.join('\n    ')}`
      if (FAILING.has(v.impact)) failures.push(line)
      else console.log(`# axe (not failing) ${line}`)
    }
    await saveScreenshot(page, name, vp.name)
  }
  return failures
}

function report(failures) {
  assert.equal(failures.length, 0, `serious or critical accessibility violations:\n${failures.join('\n')}`)
}

const h1 = (name) => (page) => page.getByRole('heading', { level: 1, name }).waitFor()

/** The goal chart loads as it nears the viewport: scroll to it and wait for ECharts' SVG. */
async function chartDrawn(page) {
  await page.locator('.goals-chart').scrollIntoViewIfNeeded()
  await page.locator('.goals-chart [data-chart="goals"] svg').waitFor()
}

test('public screens have no serious accessibility violations', async () => {
  await withPage(browser, server, async (page) => {
    const failures = []
    failures.push(
      ...(await checkScreen(page, 'home', '/', async (p) => {
        await h1('学鸿蒙、练实战、拿认证')(p)
        await chartDrawn(p)
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'catalog', '/tracks', async (p) => {
        await h1('课程目录')(p)
        await p.locator('.track-card').first().waitFor()
      })),
    )
    failures.push(...(await checkScreen(page, 'track', '/tracks/industry-scenarios', h1('行业场景开发'))))
    failures.push(
      ...(await checkScreen(page, 'lesson', '/tracks/industry-scenarios/lessons/modbus-frames', async (p) => {
        await h1('Modbus RTU 与 TCP 帧结构')(p)
        await p.locator('article .prose').waitFor()
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'lab', '/labs/modbus-rtu-lab', async (p) => {
        await p.locator('.lab-editor .cm-content').first().waitFor()
        await p.locator('.lab-statement .prose').waitFor()
      })),
    )
    failures.push(...(await checkScreen(page, 'login', '/login', h1('登录'))))
    failures.push(...(await checkScreen(page, 'register', '/register', h1('注册账号'))))
    failures.push(...(await checkScreen(page, 'activate', '/activate?token=oha_example', h1('激活账号'))))
    failures.push(
      ...(await checkScreen(page, 'certificate', `/c/${credentialId}`, async (p) => {
        await p.getByRole('heading', { level: 1, name: '能力认证证书' }).waitFor()
        await p.locator('.verdict').first().waitFor()
        await p.locator('svg[role="img"]').first().waitFor()
      })),
    )
    failures.push(...(await checkScreen(page, 'verify', '/verify', h1('证书核验'))))
    report(failures)
  })
})

test('the learner’s own pages have no serious accessibility violations', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, STUDENT)
    const failures = await checkScreen(page, 'my-progress', '/me/progress', async (p) => {
      await h1('我的学习')(p)
      await p.locator('.state--loading').waitFor({ state: 'detached' })
    })
    failures.push(
      ...(await checkScreen(page, 'my-certificates', '/me/credentials', async (p) => {
        await h1('我的证书')(p)
        await p.locator('.cred-item').first().waitFor()
      })),
    )
    failures.push(...(await checkScreen(page, 'account', '/me', h1('个人中心'))))
    failures.push(
      ...(await checkScreen(page, 'lab-results', '/labs/modbus-rtu-lab', async (p) => {
        await p.locator('.lab-editor .cm-content').first().waitFor()
        await p.getByRole('button', { name: '运行公开测试' }).click()
        await p.locator('.lab-result .test--fail').first().waitFor()
      })),
    )
    report(failures)
  })
})

test('console screens have no serious accessibility violations', async () => {
  await withPage(browser, server, async (page) => {
    await login(page, ADMIN)
    const failures = await checkScreen(page, 'console-orgs', '/console/orgs', async (p) => {
      await h1('机构管理')(p)
      await p.locator('tbody tr').first().waitFor()
    })
    failures.push(
      ...(await checkScreen(page, 'console-consortiums', '/console/consortiums', async (p) => {
        await h1('产教联盟')(p)
        await p.locator('tbody tr, .card').first().waitFor()
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'console-consortium', `/console/consortiums/${consortiumId}`, async (p) => {
        await h1('重庆开源鸿蒙产教融合联合体')(p)
        await p.locator('.member-orgs li').first().waitFor()
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'console-consortium-dashboard', `/console/consortiums/${consortiumId}/dashboard`, async (p) => {
        await h1('重庆开源鸿蒙产教融合联合体')(p)
        await chartDrawn(p)
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'console-credentials', `/console/credentials?id=${credentialId}`, async (p) => {
        await h1('证书管理')(p)
        await p.locator('.cred-admin__manage tr[data-action="issue"]').first().waitFor()
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'console-audit', '/console/audit', async (p) => {
        await h1('审计日志')(p)
        await p.locator('.audit__table tbody tr[data-action="credential.issued"]').first().waitFor()
      })),
    )
    report(failures)
  })
  await withPage(browser, server, async (page) => {
    await login(page, ORG_ADMIN)
    const orgPath = cohortPath.replace(/\/cohorts\/[^/]+$/, '')
    const failures = []
    failures.push(...(await checkScreen(page, 'console-org', orgPath, h1('山城理工大学'))))
    failures.push(
      ...(await checkScreen(page, 'console-org-members', `${orgPath}/members`, async (p) => {
        await h1('山城理工大学')(p)
        await p.locator('tbody tr').first().waitFor()
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'console-org-dashboard', `${orgPath}/dashboard`, async (p) => {
        await h1('山城理工大学')(p)
        await chartDrawn(p)
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'console-cohorts', `${orgPath}/cohorts`, async (p) => {
        await p.locator('tbody tr').first().waitFor()
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'console-cohort', cohortPath, async (p) => {
        await h1('2026 秋 无障碍检查班')(p)
        await p.locator('tbody tr').nth(1).waitFor()
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'console-cohort-import', `${cohortPath}/import`, async (p) => {
        await p.getByRole('radio', { name: '粘贴表格' }).check()
        await p.getByLabel('表格内容').fill('学号\t姓名\t邮箱\n2026010003\t赵磊\tzhao\n')
        await p.getByRole('button', { name: '检查名单' }).click()
        await p.locator('.import-report tbody tr').first().waitFor()
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'console-cohort-progress', `${cohortPath}/progress`, async (p) => {
        await p.locator('table.progress-table tbody tr').first().waitFor()
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'console-org-audit', `${orgPath}/audit`, async (p) => {
        await h1('山城理工大学')(p)
        await p.locator('.audit__table tbody tr[data-action="roster.imported"]').first().waitFor()
      })),
    )
    const bundle = await oneRosterSample()
    failures.push(
      ...(await checkScreen(page, 'console-oneroster-import', `${orgPath}/oneroster-import`, async (p) => {
        await p.setInputFiles('#oneroster-file', { name: 'sis-export.zip', mimeType: 'application/zip', buffer: bundle })
        await p.getByRole('button', { name: '预览导入结果' }).click()
        await p.locator('.oneroster-classes tbody tr').nth(2).waitFor()
      })),
    )
    failures.push(
      ...(await checkScreen(page, 'console-api-keys', `${orgPath}/api-keys`, async (p) => {
        await p.getByText('还没有 API 密钥').waitFor()
        await p.getByRole('button', { name: '新建密钥' }).click()
      })),
    )
    report(failures)
  })
})

test('the training edit forms have no serious accessibility violations, errors shown', async () => {
  const failures = []
  /** The form, then its checks' messages beside the fields (the state people fix things in). */
  const withErrors = (heading, field) => async (p) => {
    await h1(heading)(p)
    await p.getByLabel(field).fill('0')
    await p.getByRole('button', { name: '保存修改' }).click()
    await p.locator('.field__error').first().waitFor()
  }
  await withPage(browser, server, async (page) => {
    await login(page, ENTERPRISE_ADMIN)
    failures.push(...(await checkScreen(page, 'training-order-edit', `/console/orgs/${ljhs}/orders/${orderId}/edit`, withErrors('修改订单', '需求人数'))))
  })
  await withPage(browser, server, async (page) => {
    await login(page, ORG_ADMIN)
    failures.push(
      ...(await checkScreen(page, 'training-org-events', `/console/orgs/${sut}/events`, async (p) => {
        await h1('活动管理')(p)
        await p.locator('tbody tr').first().waitFor()
        await p.getByRole('button', { name: '发布活动' }).click()
      })),
    )
    failures.push(...(await checkScreen(page, 'training-org-event', `/console/orgs/${sut}/events/${eventId}`, async (p) => {
      await p.getByRole('link', { name: '修改活动' }).waitFor()
    })))
    failures.push(...(await checkScreen(page, 'training-event-edit', `/console/orgs/${sut}/events/${eventId}/edit`, withErrors('修改活动', '名额'))))
  })
  report(failures)
})
