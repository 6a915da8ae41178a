import type {
  CreatePartnerAgreementBody, CreateReferralBody, PartnerAgreement, PartnerAgreementList, PartnerListQuery, PartnerMember,
  PartnerMemberList, PartnerPage, Referral, ReferralDetail, ReferralFeedbackBody, ReferralList, ReferralListQuery, ReferralPage,
  ReferralResponseBody,
} from '@pid/shared'
import { request, type ClientQuery } from '../../../app/api/http'

const ch = (chamberId: number) => `/chambers/${chamberId}`

export const partnersApi = {
  list: (p: ClientQuery<PartnerListQuery>) => request<PartnerPage>('/partners', { query: { ...p } }),
  agreements: (chamberId: number) => request<PartnerAgreementList>(`${ch(chamberId)}/partner-agreements`),
  createAgreement: (chamberId: number, body: CreatePartnerAgreementBody) =>
    request<PartnerAgreement>(`${ch(chamberId)}/partner-agreements`, { method: 'POST', body }),
  members: (chamberId: number) => request<PartnerMemberList>(`${ch(chamberId)}/partner-members`),
  linkMember: (chamberId: number, userId: number, partnerId: number) =>
    request<PartnerMember>(`${ch(chamberId)}/partner-members/${userId}`, { method: 'PUT', body: { partnerId } }),
  unlinkMember: (chamberId: number, userId: number) =>
    request<void>(`${ch(chamberId)}/partner-members/${userId}`, { method: 'DELETE' }),
}

export const referralsApi = {
  list: (chamberId: number, p: ClientQuery<ReferralListQuery>) =>
    request<ReferralPage>(`${ch(chamberId)}/referrals`, { query: { ...p, overdue: p.overdue ? true : undefined } }),
  ofFirm: (chamberId: number, firmId: number) => request<ReferralList>(`${ch(chamberId)}/firms/${firmId}/referrals`),
  get: (chamberId: number, id: number) => request<ReferralDetail>(`${ch(chamberId)}/referrals/${id}`),
  create: (chamberId: number, firmId: number, body: CreateReferralBody) =>
    request<Referral>(`${ch(chamberId)}/firms/${firmId}/referrals`, { method: 'POST', body }),
  respond: (chamberId: number, id: number, body: ReferralResponseBody) =>
    request<Referral>(`${ch(chamberId)}/referrals/${id}/response`, { method: 'POST', body }),
  start: (chamberId: number, id: number) => request<Referral>(`${ch(chamberId)}/referrals/${id}/start`, { method: 'POST', body: {} }),
  feedback: (chamberId: number, id: number, body: ReferralFeedbackBody) =>
    request<Referral>(`${ch(chamberId)}/referrals/${id}/feedback`, { method: 'POST', body }),
  cancel: (chamberId: number, id: number, reason: string) =>
    request<Referral>(`${ch(chamberId)}/referrals/${id}/cancel`, { method: 'POST', body: { reason } }),
}
