import type {
  BookMentoringSlotBody, CreateMentoringDayBody, CreateMentoringRequestBody, CreateMentoringSlotBody, FirmCreateMentoringRequestBody,
  FirmMentoringRequest, FirmMentoringRequestList, FirmMentoringSlotList, MentoringDay, MentoringDayList, MentoringRequest, MentoringRequestListQuery,
  MentoringRequestPage, MentoringSuggestionList, MentorOptionList, MentorProposal, MentorProposalList,
} from '@pid/shared'
import { request, type ClientQuery } from '../../../app/api/http'

const base = (chamberId: number) => `/chambers/${chamberId}/mentoring`

/** Staff: requests, suggestions, proposals and speed-mentoring days. */
export const matchingApi = {
  list: (chamberId: number, q: ClientQuery<MentoringRequestListQuery>) =>
    request<MentoringRequestPage>(`${base(chamberId)}/requests`, { query: { ...q } }),
  create: (chamberId: number, body: CreateMentoringRequestBody) =>
    request<MentoringRequest>(`${base(chamberId)}/requests`, { method: 'POST', body }),
  one: (chamberId: number, id: number) => request<MentoringRequest>(`${base(chamberId)}/requests/${id}`),
  withdraw: (chamberId: number, id: number) => request<MentoringRequest>(`${base(chamberId)}/requests/${id}/withdraw`, { method: 'POST', body: {} }),
  suggestions: (chamberId: number, id: number) => request<MentoringSuggestionList>(`${base(chamberId)}/requests/${id}/suggestions`),
  propose: (chamberId: number, id: number, mentorId: number) =>
    request<MentoringRequest>(`${base(chamberId)}/requests/${id}/proposals`, { method: 'POST', body: { mentorId } }),
  withdrawProposal: (chamberId: number, id: number, matchId: number) =>
    request<MentoringRequest>(`${base(chamberId)}/requests/${id}/proposals/${matchId}/withdraw`, { method: 'POST', body: {} }),
  days: (chamberId: number) => request<MentoringDayList>(`${base(chamberId)}/days`),
  createDay: (chamberId: number, body: CreateMentoringDayBody) => request<MentoringDay>(`${base(chamberId)}/days`, { method: 'POST', body }),
  addSlot: (chamberId: number, dayId: number, body: CreateMentoringSlotBody) =>
    request<MentoringDay>(`${base(chamberId)}/days/${dayId}/slots`, { method: 'POST', body }),
  book: (chamberId: number, dayId: number, slotId: number, body: BookMentoringSlotBody) =>
    request<MentoringDay>(`${base(chamberId)}/days/${dayId}/slots/${slotId}/book`, { method: 'POST', body }),
  cancelBooking: (chamberId: number, dayId: number, slotId: number) =>
    request<MentoringDay>(`${base(chamberId)}/days/${dayId}/slots/${slotId}/cancel`, { method: 'POST', body: {} }),
  mentorOptions: (chamberId: number) => request<MentorOptionList>(`${base(chamberId)}/mentor-options`),
}

/** The mentor's area: its proposals and its answers. */
export const mentorProposalsApi = {
  list: () => request<MentorProposalList>('/mentoring/me/proposals'),
  accept: (matchId: number) => request<MentorProposal>(`/mentoring/me/proposals/${matchId}/accept`, { method: 'POST', body: {} }),
  decline: (matchId: number, reason: string) =>
    request<MentorProposal>(`/mentoring/me/proposals/${matchId}/decline`, { method: 'POST', body: { reason } }),
}

/** The firm's own calls, with its firm session's token (personal link with purpose 'mentoring'). */
export const firmMatchingApi = {
  requests: (token: string) => request<FirmMentoringRequestList>('/firm/mentoring/requests', { token }),
  ask: (token: string, body: FirmCreateMentoringRequestBody) =>
    request<FirmMentoringRequest>('/firm/mentoring/requests', { method: 'POST', body, token }),
  withdraw: (token: string, requestId: number) =>
    request<FirmMentoringRequestList>(`/firm/mentoring/requests/${requestId}/withdraw`, { method: 'POST', body: {}, token }),
  slots: (token: string) => request<FirmMentoringSlotList>('/firm/mentoring/slots', { token }),
  book: (token: string, slotId: number, topic?: string) =>
    request<FirmMentoringSlotList>(`/firm/mentoring/slots/${slotId}/book`, { method: 'POST', body: topic ? { topic } : {}, token }),
  cancel: (token: string, slotId: number) =>
    request<FirmMentoringSlotList>(`/firm/mentoring/slots/${slotId}/cancel`, { method: 'POST', body: {}, token }),
}
