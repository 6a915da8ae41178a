import type { CreateFirmLinkBody, CreatedFirmLink, FirmLink, FirmLinkList, FirmSession } from '@pid/shared'
import { request } from '../../app/api/http'

/** Staff side: personal links for a firm. Firm side: exchange a link's token for a firm session. */
export const firmLinksApi = {
  list: (chamberId: number, firmId: number) => request<FirmLinkList>(`/chambers/${chamberId}/firms/${firmId}/access-links`),
  create: (chamberId: number, firmId: number, body: CreateFirmLinkBody) =>
    request<CreatedFirmLink>(`/chambers/${chamberId}/firms/${firmId}/access-links`, { method: 'POST', body }),
  revoke: (chamberId: number, firmId: number, linkId: number) =>
    request<FirmLink>(`/chambers/${chamberId}/firms/${firmId}/access-links/${linkId}/revoke`, { method: 'POST', body: {} }),
  openSession: (token: string) => request<FirmSession>('/firm-access/session', { method: 'POST', body: { token }, auth: false }),
}
