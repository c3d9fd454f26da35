import { nextTick } from 'vue'
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { loadConsoleMessages, loadTrainingMessages } from './i18n'
import type { MessageSchema } from './i18n/zh-CN'
import { authReady, canAdminOrg, canHireForOrg, canStaffOrg, canUseConsole, useAuth } from './stores/auth'
import HomeView from './views/HomeView.vue'

type TitleKey = `titles.${keyof MessageSchema['titles'] & string}`

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title. */
    title?: TitleKey
    /** Only for signed-in users; others are sent to the login page. */
    requiresAuth?: boolean
    /**
     * Open to visitors, but signed-in users work here (the lab): when their
     * session ends they are sent to log in and brought back, their work kept.
     */
    signInToContinue?: boolean
    /** Login and register: signed-in users are sent on. */
    guestOnly?: boolean
    /** Console: platform admins, org admins and instructors. */
    console?: boolean
    /** Only platform admins. */
    platformAdmin?: boolean
    /** Only admins of the :orgId in the path (or platform admins). */
    orgAdmin?: boolean
    /** Only admins and instructors of the :orgId in the path (or platform admins). */
    orgStaff?: boolean
    /** Only admins and enterprise verifiers of the :orgId in the path (or platform admins). */
    orgHr?: boolean
    /** Needs the messages of order-based training (training.*.ts). */
    training?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView, meta: { title: 'titles.home' } },
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { title: 'titles.login', guestOnly: true } },
  { path: '/register', name: 'register', component: () => import('./views/RegisterView.vue'), meta: { title: 'titles.register', guestOnly: true } },
  // Imported students open the link their school gave them: /activate?token=oha_…
  { path: '/activate', name: 'activate', component: () => import('./views/ActivateView.vue'), meta: { title: 'titles.activate' } },
  { path: '/logout', name: 'logout', component: () => import('./views/LogoutView.vue'), meta: { title: 'titles.logout' } },
  { path: '/me', name: 'me', component: () => import('./views/MeView.vue'), meta: { title: 'titles.me', requiresAuth: true } },
  {
    path: '/me/progress',
    name: 'my-learning',
    component: () => import('./views/MyLearningView.vue'),
    meta: { title: 'titles.myLearning', requiresAuth: true },
  },
  {
    path: '/me/credentials',
    name: 'my-credentials',
    component: () => import('./views/MyCredentialsView.vue'),
    meta: { title: 'titles.myCredentials', requiresAuth: true },
  },
  {
    path: '/me/consents',
    name: 'my-consents',
    component: () => import('./views/training/ConsentView.vue'),
    meta: { title: 'titles.consents', requiresAuth: true, training: true },
  },
  { path: '/events', name: 'events', component: () => import('./views/training/EventsView.vue'), meta: { title: 'titles.events', training: true } },
  { path: '/events/:id', name: 'event', component: () => import('./views/training/EventView.vue'), meta: { title: 'titles.event', training: true } },
  // The public certificate page: a credential's URL is <public URL>/c/<id>.
  { path: '/c/:id', name: 'certificate', component: () => import('./views/CertificateView.vue'), meta: { title: 'titles.certificate' } },
  { path: '/verify', name: 'verify', component: () => import('./views/VerifyView.vue'), meta: { title: 'titles.verify' } },
  { path: '/tracks', name: 'catalog', component: () => import('./views/CatalogView.vue'), meta: { title: 'titles.catalog' } },
  { path: '/tracks/:slug', name: 'track', component: () => import('./views/TrackView.vue'), meta: { title: 'titles.track' } },
  {
    path: '/tracks/:slug/lessons/:lesson',
    name: 'lesson',
    component: () => import('./views/LessonView.vue'),
    meta: { title: 'titles.lesson' },
  },
  {
    path: '/labs/:lab',
    name: 'lab',
    component: () => import('./views/LabView.vue'),
    // The editor's content is kept in localStorage (useLabDraft) across the sign-in.
    meta: { title: 'titles.lab', signInToContinue: true },
  },
  {
    path: '/console',
    component: () => import('./views/console/ConsoleLayout.vue'),
    meta: { requiresAuth: true, console: true },
    children: [
      { path: '', name: 'console', redirect: { name: 'console-orgs' } },
      { path: 'orgs', name: 'console-orgs', component: () => import('./views/console/OrgsView.vue'), meta: { title: 'titles.orgs' } },
      {
        path: 'orgs/new',
        name: 'console-org-new',
        component: () => import('./views/console/OrgFormView.vue'),
        meta: { title: 'titles.orgNew', platformAdmin: true },
      },
      {
        path: 'orgs/:orgId',
        name: 'console-org',
        component: () => import('./views/console/OrgFormView.vue'),
        meta: { title: 'titles.org', orgAdmin: true },
      },
      {
        path: 'orgs/:orgId/members',
        name: 'console-org-members',
        component: () => import('./views/console/OrgMembersView.vue'),
        meta: { title: 'titles.members', orgAdmin: true },
      },
      {
        path: 'orgs/:orgId/api-keys',
        name: 'console-org-api-keys',
        component: () => import('./views/console/ApiKeysView.vue'),
        meta: { title: 'titles.apiKeys', orgAdmin: true },
      },
      // The security audit log: an org's part for its admins, all of it
      // (or one org's) for platform admins; one view serves both.
      {
        path: 'orgs/:orgId/audit',
        name: 'console-org-audit',
        component: () => import('./views/console/AuditView.vue'),
        meta: { title: 'titles.orgAudit', orgAdmin: true },
      },
      {
        path: 'audit',
        name: 'console-audit',
        component: () => import('./views/console/AuditView.vue'),
        meta: { title: 'titles.audit', platformAdmin: true },
      },
      {
        path: 'orgs/:orgId/dashboard',
        name: 'console-org-dashboard',
        component: () => import('./views/console/StatsView.vue'),
        meta: { title: 'titles.orgDashboard', orgAdmin: true },
      },
      // Order-based training: an enterprise's orders and hires, a school's
      // partner orders, an org's events. Reading is for the roles the API
      // lets read (orgHr, orgStaff); changing orders and events is for org
      // admins (orgAdmin), as PATCH is.
      {
        path: 'orgs/:orgId/orders',
        name: 'console-orders',
        component: () => import('./views/training/OrdersView.vue'),
        meta: { title: 'titles.orders', orgHr: true, training: true },
      },
      {
        path: 'orgs/:orgId/orders/:orderId',
        name: 'console-order',
        component: () => import('./views/training/OrderView.vue'),
        meta: { title: 'titles.order', orgHr: true, training: true },
      },
      {
        path: 'orgs/:orgId/orders/:orderId/edit',
        name: 'console-order-edit',
        component: () => import('./views/training/OrderEditView.vue'),
        meta: { title: 'titles.orderEdit', orgAdmin: true, training: true },
      },
      {
        path: 'orgs/:orgId/placements',
        name: 'console-placements',
        component: () => import('./views/training/PlacementsView.vue'),
        meta: { title: 'titles.placements', orgHr: true, training: true },
      },
      {
        path: 'orgs/:orgId/partner-orders',
        name: 'console-partner-orders',
        component: () => import('./views/training/PartnerOrdersView.vue'),
        meta: { title: 'titles.partnerOrders', orgStaff: true, training: true },
      },
      {
        path: 'orgs/:orgId/partner-orders/:orderId',
        name: 'console-partner-order',
        component: () => import('./views/training/PartnerOrderView.vue'),
        meta: { title: 'titles.partnerOrder', orgStaff: true, training: true },
      },
      {
        path: 'orgs/:orgId/events',
        name: 'console-org-events',
        component: () => import('./views/training/OrgEventsView.vue'),
        meta: { title: 'titles.orgEvents', orgStaff: true, training: true },
      },
      {
        path: 'orgs/:orgId/events/:eventId',
        name: 'console-org-event',
        component: () => import('./views/training/OrgEventView.vue'),
        meta: { title: 'titles.orgEvent', orgStaff: true, training: true },
      },
      {
        path: 'orgs/:orgId/events/:eventId/edit',
        name: 'console-org-event-edit',
        component: () => import('./views/training/OrgEventEditView.vue'),
        meta: { title: 'titles.orgEventEdit', orgAdmin: true, training: true },
      },
      {
        path: 'orgs/:orgId/cohorts',
        name: 'console-cohorts',
        component: () => import('./views/console/CohortsView.vue'),
        meta: { title: 'titles.cohorts', orgStaff: true },
      },
      // Classes of a OneRoster bundle become (or update) the org's cohorts.
      {
        path: 'orgs/:orgId/oneroster-import',
        name: 'console-oneroster-import',
        component: () => import('./views/console/OneRosterImportView.vue'),
        meta: { title: 'titles.oneRosterImport', orgStaff: true },
      },
      {
        path: 'orgs/:orgId/cohorts/:cohortId',
        name: 'console-cohort',
        component: () => import('./views/console/CohortMembersView.vue'),
        meta: { title: 'titles.cohort', orgStaff: true },
      },
      {
        path: 'orgs/:orgId/cohorts/:cohortId/import',
        name: 'console-cohort-import',
        component: () => import('./views/console/CohortImportView.vue'),
        meta: { title: 'titles.cohortImport', orgStaff: true },
      },
      {
        path: 'orgs/:orgId/cohorts/:cohortId/progress',
        name: 'console-cohort-progress',
        component: () => import('./views/console/CohortProgressView.vue'),
        meta: { title: 'titles.cohortProgress', orgStaff: true },
      },
      {
        path: 'consortiums',
        name: 'console-consortiums',
        component: () => import('./views/console/ConsortiumsView.vue'),
        meta: { title: 'titles.consortiums', platformAdmin: true },
      },
      {
        path: 'consortiums/new',
        name: 'console-consortium-new',
        component: () => import('./views/console/ConsortiumCreateView.vue'),
        meta: { title: 'titles.consortiumNew', platformAdmin: true },
      },
      {
        path: 'consortiums/:id',
        name: 'console-consortium',
        component: () => import('./views/console/ConsortiumView.vue'),
        meta: { title: 'titles.consortium', platformAdmin: true },
      },
      // Platform admins and the admins of the consortium's member orgs (the
      // API decides and answers 403 to others): no platformAdmin guard.
      {
        path: 'consortiums/:id/dashboard',
        name: 'console-consortium-dashboard',
        component: () => import('./views/console/StatsView.vue'),
        meta: { title: 'titles.consortiumDashboard' },
      },
      {
        path: 'credentials',
        name: 'console-credentials',
        component: () => import('./views/console/CredentialsView.vue'),
        meta: { title: 'titles.credentialsAdmin', platformAdmin: true },
      },
    ],
  },
  { path: '/forbidden', name: 'forbidden', component: () => import('./views/ForbiddenView.vue'), meta: { title: 'titles.forbidden' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { title: 'titles.notFound' } },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior(to, from, saved) {
    if (saved) return saved
    if (to.hash) return { el: to.hash }
    if (to.path === from.path) return false
    return { top: 0 }
  },
})

/** Only same-site paths are accepted as post-login destinations. */
export function safeRedirect(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : fallback
}

router.beforeEach(async (to) => {
  await authReady()
  const { me } = useAuth()
  const user = me.value
  if (to.meta.guestOnly && user) return safeRedirect(to.query.redirect, '/')
  if (to.matched.some((r) => r.meta.requiresAuth) && !user) {
    return { name: 'login', query: { redirect: to.fullPath } }
  }
  if (to.matched.some((r) => r.meta.console) && !canUseConsole(user)) return { name: 'forbidden' }
  if (to.meta.platformAdmin && !user?.platformAdmin) return { name: 'forbidden' }
  if (to.meta.orgAdmin && !canAdminOrg(user, String(to.params.orgId ?? ''))) return { name: 'forbidden' }
  if (to.meta.orgStaff && !canStaffOrg(user, String(to.params.orgId ?? ''))) return { name: 'forbidden' }
  if (to.meta.orgHr && !canHireForOrg(user, String(to.params.orgId ?? ''))) return { name: 'forbidden' }
  // The console's messages come with its first page.
  if (to.matched.some((r) => r.meta.console)) await loadConsoleMessages()
  // The console's org tabs and consortium page show training too.
  if (to.matched.some((r) => r.meta.training || r.meta.console)) await loadTrainingMessages()
  return true
})

// Move focus to the main region after navigating, so keyboard and screen
// reader users start at the new page's content.
router.afterEach((to, from, failure) => {
  if (failure || !from.matched.length || to.path === from.path) return
  void nextTick(() => {
    const main = document.getElementById('main')
    const heading = main?.querySelector<HTMLElement>('h1')
    if (heading) {
      heading.setAttribute('tabindex', '-1')
      heading.focus({ preventScroll: true })
    } else {
      main?.focus({ preventScroll: true })
    }
  })
})
