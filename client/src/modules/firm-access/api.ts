import type {
  CreateFirmLinkBody, CreatedFirmLink, FirmAccount, FirmAccountList, FirmLink, FirmLinkList, FirmSession, LinkFirmAccountBody, MyFirmList,
} from '@pid/shared'
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

/**
 * Firm accounts. Staff side: the firm_user logins linked to a firm. The account's side: the firms
 * it acts for, and a firm session for one of them (the same session a personal link opens).
 */
export const firmAccountsApi = {
  list: (chamberId: number, firmId: number) => request<FirmAccountList>(`/chambers/${chamberId}/firms/${firmId}/accounts`),
  link: (chamberId: number, firmId: number, body: LinkFirmAccountBody) =>
    request<FirmAccount>(`/chambers/${chamberId}/firms/${firmId}/accounts`, { method: 'POST', body }),
  unlink: (chamberId: number, firmId: number, userId: number) =>
    request<void>(`/chambers/${chamberId}/firms/${firmId}/accounts/${userId}`, { method: 'DELETE' }),
  myFirms: () => request<MyFirmList>('/firm-access/my-firms'),
  openSession: (firmId: number) => request<FirmSession>('/firm-access/account-session', { method: 'POST', body: { firmId } }),
}
