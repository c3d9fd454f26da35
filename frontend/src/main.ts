import { createApp } from 'vue'
import App from './App.vue'
import { configureClient } from './api/client'
import { vScrollableCode } from './directives/scrollableCode'
import { currentLocale, i18n, initLocale } from './i18n'
import { router } from './router'
import { onSignedOutElsewhere, sessionLost } from './stores/auth'
import './styles/main.css'

function leaveProtectedPage(): void {
  const route = router.currentRoute.value
  if (route.matched.some((r) => r.meta.requiresAuth || r.meta.signInToContinue)) {
    void router.replace({ name: 'login', query: { redirect: route.fullPath, expired: '1' } })
  }
}

configureClient({
  locale: currentLocale,
  onSessionLost: () => {
    sessionLost()
    leaveProtectedPage()
  },
})
onSignedOutElsewhere(leaveProtectedPage)

async function start(): Promise<void> {
  await initLocale()
  const app = createApp(App)
  app.use(i18n)
  app.use(router)
  // Global, so lesson and lab pages share it without a chunk of its own.
  app.directive('scrollable-code', vScrollableCode)
  await router.isReady()
  app.mount('#app')
}

void start()
