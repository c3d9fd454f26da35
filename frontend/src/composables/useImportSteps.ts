import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { uuid } from '../api/client'
import { IMPORT_MODES } from '../api/types'

/** dryRun: checked, ready to confirm; applied: imported; rejected: rows to fix, nothing written. */
export type ImportOutcome = 'dryRun' | 'rejected' | 'applied' | 'rejectedOnImport'

/** What the steps need of a report: the roster import's and the OneRoster bundle's. */
interface ImportReportLike {
  applied: boolean
  rejected: readonly unknown[]
}

/**
 * The two steps of an import: a dry run that reports every row, then the
 * real import of exactly what was checked. One Idempotency-Key per checked
 * roster, so a double click or a retry after a lost answer imports once;
 * checking again (or changing the roster) takes a new key. The report
 * goes in an ImportReportCard.
 */
export function useImportSteps<R extends ImportReportLike>() {
  const report = shallowRef<R | null>(null)
  const outcome = ref<ImportOutcome | null>(null)
  /** The server's error (a problem about the roster as a whole, the network …). */
  const error = shallowRef<unknown>(null)
  const checking = ref(false)
  const importing = ref(false)
  let key = uuid()

  function show(r: R, kind: ImportOutcome): void {
    report.value = r
    outcome.value = kind
  }

  /** Forgets the report: the roster or the options changed. */
  function clear(): void {
    report.value = null
    outcome.value = null
    error.value = null
    key = uuid()
  }

  /** The dry run: `run` answers its report, or null when it stopped short (a problem found here). */
  async function check(run: () => Promise<R | null>): Promise<void> {
    if (checking.value || importing.value) return
    clear()
    checking.value = true
    try {
      const r = await run()
      if (r) show(r, r.rejected.length ? 'rejected' : 'dryRun')
    } catch (e) {
      error.value = e
    } finally {
      checking.value = false
    }
  }

  /** The real import of what the dry run checked; answers whether it was written. */
  async function confirm(run: (idempotencyKey: string) => Promise<R>): Promise<boolean> {
    if (importing.value || outcome.value !== 'dryRun') return false
    importing.value = true
    error.value = null
    try {
      const r = await run(key)
      show(r, r.applied ? 'applied' : 'rejectedOnImport')
      return r.applied
    } catch (e) {
      // The same key goes with a retry: if the first attempt was written, the server answers its result.
      error.value = e
      return false
    } finally {
      importing.value = false
    }
  }

  return { report, outcome, error, checking, importing, check, confirm, clear }
}

/** The import modes as radio options with their explanations. */
export function useImportModeOptions() {
  const { t } = useI18n()
  return computed(() =>
    IMPORT_MODES.map((m) => ({ value: m, label: t(`enums.importMode.${m}`), description: t(`enums.importModeHelp.${m}`) })),
  )
}
