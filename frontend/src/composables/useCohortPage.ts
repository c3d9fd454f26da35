import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute } from 'vue-router'
import { api } from '../api/client'
import type { Cohort, Org } from '../api/types'
import { canAdminOrg, useAuth } from '../stores/auth'
import { useAsync } from './useAsync'
import { useFormat } from './useFormat'
import { useTitle } from './useTitle'

/** The org and cohort of a cohort page (/console/orgs/:orgId/cohorts/:cohortId/…). */
export function useCohortPage(titleKey: 'titles.cohort' | 'titles.cohortImport' | 'titles.cohortProgress') {
  const route = useRoute()
  const { t } = useI18n()
  const { loc } = useFormat()
  const { me } = useAuth()
  const orgId = computed(() => String(route.params.orgId ?? ''))
  const cohortId = computed(() => String(route.params.cohortId ?? ''))
  const key = computed(() => `${orgId.value}/${cohortId.value}`)

  const org = useAsync<Org>((signal) => api.orgs.get(orgId.value, signal), orgId)
  const cohort = useAsync<Cohort>((signal) => api.cohorts.get(orgId.value, cohortId.value, signal), key)
  const isOrgAdmin = computed(() => canAdminOrg(me.value, orgId.value))

  useTitle(() => (cohort.data.value ? `${t(titleKey)} · ${cohort.data.value.name}` : ''))

  const orgName = computed(() => (org.data.value ? loc(org.data.value.name) : ''))
  return { orgId, cohortId, org, cohort, orgName, isOrgAdmin }
}
