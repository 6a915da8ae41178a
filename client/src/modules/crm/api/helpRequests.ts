import type { HelpRequestPage, HelpStatus, StaffHelpRequest } from '@pid/shared'
import { request } from '../../../app/api/http'

/** Staff: the firms' requests for help. */
export const helpRequestsApi = {
  list: (chamberId: number, status?: HelpStatus, cursor?: string) =>
    request<HelpRequestPage>(`/chambers/${chamberId}/help-requests`, { query: { ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } }),
  take: (chamberId: number, id: number) => request<StaffHelpRequest>(`/chambers/${chamberId}/help-requests/${id}/take`, { method: 'POST', body: {} }),
  close: (chamberId: number, id: number, outcome: string) =>
    request<StaffHelpRequest>(`/chambers/${chamberId}/help-requests/${id}/close`, { method: 'POST', body: { outcome } }),
}
