import type {
  ConsentPurpose, CreateHelpRequestBody, FirmAssessmentState, FirmEventList, FirmHelpRequestList, FirmMentoringHome, FirmMentoringRequestList,
  FirmOwnContact, FirmOwnContactList, FirmOwnProfile, FirmPlan, FirmVoucherHome, HelpRequest,
  CreateFirmLinkBody, CreatedFirmLink, FirmAccount, FirmAccountList, FirmLink, FirmLinkList, FirmSession, LinkFirmAccountBody, MyFirmList,
} from '@pid/shared'
import { download, request } from '../../app/api/http'

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

/**
 * The firm's home: each section asks its own module's firm route with the firm session's token
 * (a section the session's purposes do not open is not asked for).
 */
export const firmHomeApi = {
  profile: (token: string) => request<FirmOwnProfile>('/firm/profile', { token }),
  contacts: (token: string) => request<FirmOwnContactList>('/firm/contacts', { token }),
  setConsent: (token: string, contactId: number, purpose: ConsentPurpose, granted: boolean) =>
    request<FirmOwnContact>(`/firm/contacts/${contactId}/consents/${purpose}`, { method: 'PUT', body: { granted }, token }),
  helpRequests: (token: string) => request<FirmHelpRequestList>('/firm/help-requests', { token }),
  askHelp: (token: string, body: CreateHelpRequestBody) => request<HelpRequest>('/firm/help-requests', { method: 'POST', body, token }),
  assessments: (token: string) => request<FirmAssessmentState>('/firm/assessment', { token }),
  plan: (token: string) => request<FirmPlan>('/firm/assessment/plan', { token }),
  reportPdf: (token: string, assessmentId: number, lang: string) => download(`/firm/assessments/${assessmentId}/report.pdf`, { lang }, token),
  vouchers: (token: string) => request<FirmVoucherHome>('/firm/vouchers', { token }),
  events: (token: string) => request<FirmEventList>('/firm/events', { token }),
  mentoring: (token: string) => request<FirmMentoringHome>('/firm/mentoring', { token }),
  mentoringRequests: (token: string) => request<FirmMentoringRequestList>('/firm/mentoring/requests', { token }),
}
