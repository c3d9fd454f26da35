// Salons and competitions end to end: a university's admin publishes a
// competition from the console's navigation and edits it (moves it, cuts
// the seats to one); a learner finds it on the public events page and
// registers, another sees it full, the learner cancels and registers
// again; an instructor checks the learner in (and has no edit controls);
// the admin records a result with an achievement credential, which the
// learner finds among their certificates. The edit form explains seats
// below the registrations (its own check and the server's) and a change
// to a cancelled event (409). Learners cannot open the org's event pages.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  ADMIN,
  INSTRUCTOR,
  ORG_ADMIN,
  STUDENT,
  STUDENT_NAME,
  apiToken,
  callApi,
  hasHorizontalScroll,
  login,
  orgIdByCode,
  serverAndBrowser,
  withPage,
} from './helpers.mjs'

const OTHER_STUDENT = 'student@yzvc.demo.ohtalent.cn'
const SCHOOL = '山城理工大学'
const TITLE = `开源鸿蒙开发者大赛 e2e ${Date.now().toString(36)}`
const HOUR = 3600_000
/** A link of the console's navigation to one of the school's pages (its name ends with the school's). */
const schoolLink = (nav, page) => nav.getByRole('link', { name: new RegExp(`^${page}\\s*:\\s*${SCHOOL}$`) })
// Times are typed and read in China time, whatever the machine's zone.
const CHINA = { timezoneId: 'Asia/Shanghai' }
const PHONE = { viewport: { width: 375, height: 812 } }

let sut
let eventId
const env = serverAndBrowser(async (server) => {
  sut = await orgIdByCode(server, await apiToken(server, ADMIN), 'SUT')
})

/** Runs `fn(page)` signed in as `email`, in China time; `options` add to the browser context's. */
function as(email, fn, options = {}) {
  return withPage(
    env.browser,
    env.server,
    async (page) => {
      await login(page, email)
      await fn(page)
    },
    { ...CHINA, ...options },
  )
}

/** The console's navigation, opened from its first page. */
async function consoleNav(page) {
  await page.goto('/console')
  return page.getByRole('navigation', { name: '管理后台导航' })
}

/** A datetime-local value in China time, `ms` from the epoch, to the minute. */
function chinaLocal(ms) {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 16)
}

/** A whole minute `hours` from now. */
function minuteIn(hours) {
  return Math.floor((Date.now() + hours * HOUR) / 60_000) * 60_000
}

/** The org's event as the API has it. */
async function eventNow(id = eventId) {
  const res = await callApi(env.server, `/orgs/${sut}/events/${id}`, { token: await apiToken(env.server, ORG_ADMIN) })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body
}

test('an org admin publishes a competition from the console navigation and edits it', async () => {
  await as(ORG_ADMIN, async (page) => {
    const nav = await consoleNav(page)
    await schoolLink(nav, '活动').click()
    await page.waitForURL(`**/console/orgs/${sut}/events`)
    await page.getByRole('heading', { name: '活动管理', level: 1 }).waitFor()
    // The org's tabs lead here too.
    await page.getByRole('navigation', { name: '机构页面' }).getByRole('link', { name: '活动' }).waitFor()

    await page.getByRole('button', { name: '发布活动' }).click()
    const form = page.locator('#create-event')
    await form.getByRole('radio', { name: '开发者大赛' }).check()
    await form.getByLabel('名称').fill(TITLE)
    await form.getByLabel('介绍').fill('ArkUI 组件挑战，现场编程 4 小时。')
    await form.getByLabel('地点').fill('重庆 两江新区 软件园 A 栋')
    // A start in the past is caught before sending.
    await form.getByLabel('开始时间').fill(chinaLocal(minuteIn(-2)))
    await form.getByLabel('结束时间').fill(chinaLocal(minuteIn(6)))
    await form.getByLabel('名额').fill('5')
    await form.getByRole('button', { name: '发布活动' }).click()
    await form.getByText('开始时间须晚于现在').waitFor()
    await form.getByLabel('开始时间').fill(chinaLocal(minuteIn(4)))
    await form.getByRole('button', { name: '发布活动' }).click()
    const done = page.getByRole('status').filter({ hasText: `活动“${TITLE}”已发布` })
    await done.waitFor()
    await done.getByRole('link', { name: '查看' }).click()
    await page.waitForURL(`**/console/orgs/${sut}/events/*`)
    eventId = new URL(page.url()).pathname.split('/').pop()
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    await page.getByText('0 / 5').waitFor()

    // Edit: the kind stays; the checks run before sending.
    await page.getByRole('link', { name: '修改活动' }).click()
    await page.waitForURL(`**/events/${eventId}/edit`)
    await page.getByRole('heading', { name: '修改活动', level: 1 }).waitFor()
    await page.getByText('活动发布后不能更改类型').waitFor()
    assert.equal(await page.getByRole('radio').count(), 0, 'no kind to choose when editing')
    assert.equal(await page.getByLabel('名称').inputValue(), TITLE)
    await page.getByLabel('名额').fill('0')
    await page.getByLabel('结束时间').fill(chinaLocal(minuteIn(3)))
    await page.getByRole('button', { name: '保存修改' }).click()
    await page.getByText('请填写 1 到 100000 之间的整数').waitFor()
    await page.getByText('结束时间须晚于开始时间').waitFor()
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'datetime-local', 'the first field to fix has the focus')

    // Move it an hour earlier and keep one seat.
    const start = minuteIn(2)
    const end = minuteIn(5)
    await page.getByLabel('开始时间').fill(chinaLocal(start))
    await page.getByLabel('结束时间').fill(chinaLocal(end))
    await page.getByLabel('名额').fill('1')
    await page.getByRole('button', { name: '保存修改' }).click()
    await page.waitForURL(`**/console/orgs/${sut}/events/${eventId}`)
    await page.getByRole('status').filter({ hasText: '已保存修改' }).waitFor()
    await page.getByText('0 / 1').waitFor()
    const saved = await eventNow()
    assert.equal(Date.parse(saved.startsAt), start)
    assert.equal(Date.parse(saved.endsAt), end)
    assert.equal(saved.capacity, 1)
    assert.equal(saved.kind, 'competition')
    assert.equal(saved.place, '重庆 两江新区 软件园 A 栋', 'unchanged fields stay')

    // Saving without a change sends nothing and says so.
    await page.getByRole('link', { name: '修改活动' }).click()
    await page.getByRole('button', { name: '保存修改' }).click()
    await page.getByRole('status').filter({ hasText: '没有需要保存的修改' }).waitFor()
  })
})

test('a learner registers, sees the event full, cancels and registers again', async () => {
  assert.ok(eventId, 'the event of the previous test')
  await as(STUDENT, async (page) => {
    await page.goto('/events')
    const card = page.locator('.event-cards li', { hasText: TITLE })
    await card.getByText('剩余 1 / 1 个名额').waitFor()
    await card.getByRole('link', { name: TITLE }).click()
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    await page.getByText('重庆 两江新区 软件园 A 栋').waitFor()
    await page.getByRole('button', { name: '报名', exact: true }).click()
    await page.getByRole('status').filter({ hasText: '已报名' }).waitFor()
    await page.getByText('剩余 0 / 1 个名额').waitFor()
    await page.getByRole('link', { name: '沙龙与大赛' }).first().click()
    await page.locator('.event-cards li', { hasText: TITLE }).getByText('名额已满').waitFor()
    await page.locator('.card', { hasText: '我的活动' }).getByRole('link', { name: TITLE }).waitFor()
  })
  // Someone else finds no seat.
  await as(OTHER_STUDENT, async (page) => {
    await page.goto(`/events/${eventId}`)
    const full = page.getByRole('button', { name: '名额已满' })
    await full.waitFor()
    assert.equal(await full.isDisabled(), true)
    assert.equal(await hasHorizontalScroll(page), false)
  }, PHONE)
  // The learner gives the seat back and takes it again.
  await as(STUDENT, async (page) => {
    await page.goto(`/events/${eventId}`)
    await page.getByRole('button', { name: '取消报名' }).click()
    await page.getByRole('button', { name: '确定' }).click()
    await page.getByText('剩余 1 / 1 个名额').waitFor()
    await page.getByRole('button', { name: '报名', exact: true }).click()
    await page.getByText('剩余 0 / 1 个名额').waitFor()
  })
  assert.equal((await eventNow()).registered, 1)
})

test('the edit form explains seats below the registrations and a cancelled event', async () => {
  const admin = await apiToken(env.server, ORG_ADMIN)
  const created = await callApi(env.server, `/orgs/${sut}/events`, {
    token: admin,
    body: {
      kind: 'salon',
      title: `鸿蒙技术沙龙 e2e ${Date.now().toString(36)}`,
      description: '分布式数据管理实践',
      place: '线上',
      startsAt: new Date(minuteIn(48)).toISOString(),
      endsAt: new Date(minuteIn(50)).toISOString(),
      capacity: 5,
    },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const salon = created.body.id
  const register = async (email) => {
    const res = await callApi(env.server, `/events/${salon}/registration`, { token: await apiToken(env.server, email), method: 'POST' })
    assert.equal(res.status, 201, JSON.stringify(res.body))
  }
  await register(STUDENT)
  await as(ORG_ADMIN, async (page) => {
    await page.goto(`/console/orgs/${sut}/events/${salon}/edit`)
    await page.getByText('已有 1 人报名').waitFor()
    // Its own check, from the registrations it loaded.
    await page.getByLabel('名额').fill('0')
    await page.getByRole('button', { name: '保存修改' }).click()
    await page.getByText('请填写 1 到 100000 之间的整数').waitFor()
    // Someone registers meanwhile: the server refuses one seat for two, by the field.
    await register(OTHER_STUDENT)
    await page.getByLabel('名额').fill('1')
    await page.getByRole('button', { name: '保存修改' }).click()
    await page.locator('.field', { hasText: '名额' }).getByText('不能少于已报名的 2 人').waitFor()
    await page.getByRole('alert').filter({ hasText: '提交的信息有误' }).waitFor()
    assert.equal((await eventNow(salon)).capacity, 5)
    assert.equal(await hasHorizontalScroll(page), false)

    // Cancelled meanwhile: the change is refused and the page says why.
    const cancelled = await callApi(env.server, `/orgs/${sut}/events/${salon}`, { token: admin, method: 'PATCH', body: { status: 'cancelled' } })
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body))
    await page.getByLabel('名额').fill('3')
    await page.getByRole('button', { name: '保存修改' }).click()
    const refused = page.getByRole('alert').filter({ hasText: '这个活动已取消，不能再修改' })
    await refused.waitFor()
    await refused.getByRole('button', { name: '重新加载' }).click()
    await page.getByText('这个活动已取消，不能再修改').waitFor()
    assert.equal(await page.getByRole('button', { name: '保存修改' }).count(), 0, 'no form for a cancelled event')
    await page.getByRole('link', { name: '返回活动' }).click()
    await page.waitForURL(`**/events/${salon}`)
    assert.equal(await page.getByRole('link', { name: '修改活动' }).count(), 0)
  }, PHONE)
})

test('an instructor checks the learner in and cannot change the event', async () => {
  await as(INSTRUCTOR, async (page) => {
    const nav = await consoleNav(page)
    // The instructor's pages of the school, and only those.
    await schoolLink(nav, '活动').waitFor()
    const links = await nav.getByRole('link').evaluateAll((els) => els.map((e) => e.textContent.trim()))
    assert.deepEqual(links, ['机构', `班级: ${SCHOOL}`, `合作订单: ${SCHOOL}`, `活动: ${SCHOOL}`])
    await schoolLink(nav, '活动').click()
    await page.getByText('只有机构管理员可以发布、修改和取消活动').waitFor()
    assert.equal(await page.getByRole('button', { name: '发布活动' }).count(), 0)
    await page.getByRole('link', { name: TITLE }).click()
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    assert.equal(await page.getByRole('link', { name: '修改活动' }).count(), 0)
    assert.equal(await page.getByRole('button', { name: '取消活动' }).count(), 0)
    const row = page.locator('tbody tr', { hasText: STUDENT_NAME })
    await row.getByRole('button', { name: `签到 ${STUDENT_NAME}` }).click()
    await page.getByRole('status').filter({ hasText: `${STUDENT_NAME} 已签到` }).waitFor()
    await row.getByText('已签到').waitFor()
    await page.getByText('只有机构管理员可以记录成绩').waitFor()
    // The edit page is for org admins.
    await page.goto(`/console/orgs/${sut}/events/${eventId}/edit`)
    await page.getByRole('heading', { name: '无权访问', level: 1 }).waitFor()
  })
})

test('the admin records the result and the learner finds the award credential', async () => {
  await as(ORG_ADMIN, async (page) => {
    await page.goto(`/console/orgs/${sut}/events/${eventId}`)
    const row = page.locator('tbody tr', { hasText: STUDENT_NAME })
    await row.getByLabel('名次').fill('1')
    await row.getByLabel('奖项').fill('一等奖')
    await row.getByLabel('颁发成就证书').check()
    await row.getByRole('button', { name: '保存成绩' }).click()
    await page.getByRole('status').filter({ hasText: `已保存 ${STUDENT_NAME} 的成绩` }).waitFor()
    await row.getByRole('link', { name: '证书已颁发' }).waitFor()
  })
  await as(STUDENT, async (page) => {
    await page.goto(`/events/${eventId}`)
    await page.getByText('成绩：一等奖').waitFor()
    await page.getByText('第 1 名').waitFor()
    await page.getByRole('link', { name: '查看获奖证书' }).waitFor()
    await page.goto('/me/credentials')
    const item = page.locator('.cred-item', { hasText: TITLE })
    await item.getByText('大赛获奖').waitFor()
    assert.doesNotMatch(await item.innerText(), /enums\./, 'the level is in words')
    await item.getByRole('link', { name: '查看证书' }).click()
    await page.getByRole('heading', { level: 1, name: '能力认证证书' }).waitFor()
    await page.locator('.verdict').first().waitFor()
  })
})

test('learners cannot open the org’s event pages', async () => {
  await as(STUDENT, async (page) => {
    for (const path of [`/console/orgs/${sut}/events`, `/console/orgs/${sut}/events/${eventId}`, `/console/orgs/${sut}/events/${eventId}/edit`]) {
      await page.goto(path)
      await page.getByRole('heading', { name: '无权访问', level: 1 }).waitFor()
    }
  })
  const res = await callApi(env.server, `/orgs/${sut}/events/${eventId}`, { token: await apiToken(env.server, STUDENT) })
  assert.equal(res.status, 403)
})
