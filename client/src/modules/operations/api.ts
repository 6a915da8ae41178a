import type { AuditPage, MailPage } from '@pid/shared'
import { request } from '../../app/api/http'

export interface PageParams {
  cursor?: string | null
  limit?: number
}

export const operationsApi = {
  audit: (chamberId: number, p: PageParams = {}) =>
    request<AuditPage>(`/chambers/${chamberId}/audit`, { query: { cursor: p.cursor, limit: p.limit } }),
  mail: (chamberId: number, p: PageParams = {}) =>
    request<MailPage>(`/chambers/${chamberId}/mail`, { query: { cursor: p.cursor, limit: p.limit } }),
}
