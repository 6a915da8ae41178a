import type {
  Campaign, CampaignFirmPage, CampaignFirmQuery, CampaignPage, CreateCampaignBody, FirmFilter, Segment, SegmentBody,
  SegmentFirmPage, SegmentList, SetOutcomeBody,
} from '@pid/shared'
import { request, type ClientQuery } from '../../../app/api/http'

const seg = (chamberId: number) => `/chambers/${chamberId}/segments`
const camp = (chamberId: number) => `/chambers/${chamberId}/campaigns`

export const segmentsApi = {
  list: (chamberId: number) => request<SegmentList>(seg(chamberId)),
  get: (chamberId: number, id: number) => request<Segment>(`${seg(chamberId)}/${id}`),
  create: (chamberId: number, body: SegmentBody) => request<Segment>(seg(chamberId), { method: 'POST', body }),
  update: (chamberId: number, id: number, body: SegmentBody) => request<Segment>(`${seg(chamberId)}/${id}`, { method: 'PUT', body }),
  remove: (chamberId: number, id: number) => request<void>(`${seg(chamberId)}/${id}`, { method: 'DELETE' }),
  preview: (chamberId: number, filter: FirmFilter) =>
    request<{ count: number }>(`${seg(chamberId)}/preview`, { method: 'POST', body: { filter } }),
  firms: (chamberId: number, id: number, cursor?: string | null) =>
    request<SegmentFirmPage>(`${seg(chamberId)}/${id}/firms`, { query: { cursor } }),
}

export const campaignsApi = {
  list: (chamberId: number, cursor?: string | null) =>
    request<CampaignPage>(camp(chamberId), { query: { cursor } }),
  get: (chamberId: number, id: number) => request<Campaign>(`${camp(chamberId)}/${id}`),
  create: (chamberId: number, body: CreateCampaignBody) => request<Campaign>(camp(chamberId), { method: 'POST', body }),
  firms: (chamberId: number, id: number, p: ClientQuery<CampaignFirmQuery>) =>
    request<CampaignFirmPage>(`${camp(chamberId)}/${id}/firms`, { query: { ...p } }),
  setOutcome: (chamberId: number, id: number, firmId: number, body: SetOutcomeBody) =>
    request<unknown>(`${camp(chamberId)}/${id}/firms/${firmId}/outcome`, { method: 'PUT', body }),
}
