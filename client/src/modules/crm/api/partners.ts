import type {
  CreatePartnerAgreementBody, CreateReferralBody, Partner, PartnerAgreement, PartnerKind, PartnerMember, Referral,
  ReferralDetail, ReferralFeedbackBody, ReferralResponseBody, ReferralStatus,
} from '@pid/shared'
import { request } from '../../../app/api/http'

interface PageOf<T> {
  items: T[]
  nextCursor: string | null
}

export interface PartnerListParams {
  kind?: PartnerKind | null
  competence?: string | null
  q?: string | null
  cursor?: string | null
}

export interface ReferralListParams {
  status?: ReferralStatus | null
  partnerId?: number | null
  overdue?: boolean
  cursor?: string | null
}

const ch = (chamberId: number) => `/chambers/${chamberId}`

export const partnersApi = {
  list: (p: PartnerListParams) => request<PageOf<Partner>>('/partners', { query: { ...p } }),
  agreements: (chamberId: number) => request<{ items: PartnerAgreement[] }>(`${ch(chamberId)}/partner-agreements`),
  createAgreement: (chamberId: number, body: CreatePartnerAgreementBody) =>
    request<PartnerAgreement>(`${ch(chamberId)}/partner-agreements`, { method: 'POST', body }),
  members: (chamberId: number) => request<{ items: PartnerMember[] }>(`${ch(chamberId)}/partner-members`),
  linkMember: (chamberId: number, userId: number, partnerId: number) =>
    request<PartnerMember>(`${ch(chamberId)}/partner-members/${userId}`, { method: 'PUT', body: { partnerId } }),
  unlinkMember: (chamberId: number, userId: number) =>
    request<void>(`${ch(chamberId)}/partner-members/${userId}`, { method: 'DELETE' }),
}

export const referralsApi = {
  list: (chamberId: number, p: ReferralListParams) =>
    request<PageOf<Referral>>(`${ch(chamberId)}/referrals`, { query: { ...p, overdue: p.overdue ? true : undefined } }),
  ofFirm: (chamberId: number, firmId: number) => request<{ items: Referral[] }>(`${ch(chamberId)}/firms/${firmId}/referrals`),
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
