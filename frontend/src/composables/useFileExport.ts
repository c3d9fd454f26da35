import { ref, shallowRef } from 'vue'
import type { DownloadedFile } from '../api/types'
import { downloadBlob } from './useCredential'

export type ExportFormat = 'csv' | 'xlsx'

/**
 * Exports fetched with the auth header (so not a plain link) and saved from
 * a blob: which format is being fetched, the error if it failed, and the
 * name of the file last saved.
 */
export function useFileExport(fetchFile: (format: ExportFormat) => Promise<DownloadedFile>) {
  const exporting = ref<'' | ExportFormat>('')
  const error = shallowRef<unknown>(null)
  const exported = ref('')

  async function exportAs(format: ExportFormat): Promise<void> {
    exporting.value = format
    error.value = null
    exported.value = ''
    try {
      const file = await fetchFile(format)
      downloadBlob(file.filename, file.blob)
      exported.value = file.filename
    } catch (e) {
      error.value = e
    } finally {
      exporting.value = ''
    }
  }

  return { exporting, error, exported, exportAs }
}
