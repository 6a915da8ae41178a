import type { DuplicatePage, DuplicateScanStatus, ImportRun, ImportRunList, MergeResult } from '@pid/shared'
import { download, request } from '../../../app/api/http'

const imp = (chamberId: number) => `/chambers/${chamberId}/imports`

export const importsApi = {
  list: (chamberId: number) => request<ImportRunList>(imp(chamberId), { query: { limit: 20 } }),
  get: (chamberId: number, id: number) => request<ImportRun>(`${imp(chamberId)}/${id}`),
  /** The file goes up as it is, text/csv: the server parses and checks it in the background. */
  upload: (chamberId: number, fileName: string, csv: string) =>
    request<ImportRun>(imp(chamberId), { method: 'POST', query: { fileName }, raw: { data: csv, contentType: 'text/csv' } }),
  errors: (chamberId: number, id: number) => download(`${imp(chamberId)}/${id}/errors.csv`),
}

export const duplicatesApi = {
  list: (chamberId: number, cursor?: string | null) =>
    request<DuplicatePage>(`/chambers/${chamberId}/firms/duplicates`, { query: { cursor, limit: 50 } }),
  /** Asks for a fresh scan; the answer says it is waiting, the list's `scan` says when it is done. */
  rescan: (chamberId: number) => request<DuplicateScanStatus>(`/chambers/${chamberId}/firms/duplicates/scan`, { method: 'POST' }),
  dismiss: (chamberId: number, aId: number, bId: number) =>
    request<void>(`/chambers/${chamberId}/firms/duplicates/dismissals`, { method: 'POST', body: { aId, bId } }),
  merge: (chamberId: number, firmId: number, intoFirmId: number) =>
    request<MergeResult>(`/chambers/${chamberId}/firms/${firmId}/merge`, { method: 'POST', body: { intoFirmId } }),
}
