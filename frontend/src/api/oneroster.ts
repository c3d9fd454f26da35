// The org-wide OneRoster 1.2 bundle import (POST /orgs/{orgId}/oneroster-imports).
// Kept apart from client.ts so the learner's first load does not carry it.
import { importReport } from './client'
import type { OneRosterImportOptions, OneRosterImportReport } from './types'

/**
 * Maps a bundle (a ZIP) onto the org's cohorts, one per class, in one
 * transaction: every class or none. Answers the report for 200 and for a
 * 422 with rejected rows; a bundle that cannot be used as a whole (missing
 * files, a bad manifest) throws its problem.
 */
export function importOneRoster(orgId: string, bundle: Blob, opts: OneRosterImportOptions): Promise<OneRosterImportReport> {
  return importReport<OneRosterImportReport>(`/orgs/${encodeURIComponent(orgId)}/oneroster-imports`, {
    raw: { data: bundle, contentType: 'application/zip' },
    query: { dryRun: opts.dryRun, mode: opts.mode },
    idempotencyKey: opts.idempotencyKey,
  })
}
