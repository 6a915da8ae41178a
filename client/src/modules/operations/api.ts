import type { AuditPage, MailPage, PageQuery } from '@pid/shared'
import { request, type ClientQuery } from '../../app/api/http'

export const operationsApi = {
  audit: (chamberId: number, p: ClientQuery<PageQuery> = {}) =>
    request<AuditPage>(`/chambers/${chamberId}/audit`, { query: { cursor: p.cursor, limit: p.limit } }),
  mail: (chamberId: number, p: ClientQuery<PageQuery> = {}) =>
    request<MailPage>(`/chambers/${chamberId}/mail`, { query: { cursor: p.cursor, limit: p.limit } }),
}
