import type {
  CodeOfConduct, CodeVersion, ConflictBody, CreateMentorBody, Mentor, MentorList, MentorListQuery, MentorStatusBody, MyFirmSearch, MyMentor,
  UpdateMentorBody, UpdateMyMentorBody,
} from '@pid/shared'
import { request } from '../../../app/api/http'

const base = (chamberId: number) => `/chambers/${chamberId}/mentoring/mentors`

/** Mentors' records (staff), the code of conduct, and the mentor area's own profile. */
export const mentorsApi = {
  list: (chamberId: number, q: MentorListQuery) => request<MentorList>(base(chamberId), { query: { ...q } }),
  get: (chamberId: number, id: number) => request<Mentor>(`${base(chamberId)}/${id}`),
  create: (chamberId: number, body: CreateMentorBody) => request<Mentor>(base(chamberId), { method: 'POST', body }),
  update: (chamberId: number, id: number, body: UpdateMentorBody) => request<Mentor>(`${base(chamberId)}/${id}`, { method: 'PATCH', body }),
  setStatus: (chamberId: number, id: number, body: MentorStatusBody) =>
    request<Mentor>(`${base(chamberId)}/${id}/status`, { method: 'POST', body }),
  linkAccount: (chamberId: number, id: number, email: string) =>
    request<Mentor>(`${base(chamberId)}/${id}/account`, { method: 'POST', body: { email } }),
  declareConflict: (chamberId: number, id: number, body: ConflictBody) =>
    request<Mentor>(`${base(chamberId)}/${id}/conflicts`, { method: 'POST', body }),
  removeConflict: (chamberId: number, id: number, conflictId: number) =>
    request<Mentor>(`${base(chamberId)}/${id}/conflicts/${conflictId}`, { method: 'DELETE' }),
  code: () => request<CodeOfConduct>('/mentoring/code-of-conduct'),
  publishCode: (text: string) => request<CodeVersion>('/mentoring/code-of-conduct', { method: 'POST', body: { text } }),
}

export const myMentorApi = {
  get: () => request<MyMentor>('/mentoring/me'),
  update: (body: UpdateMyMentorBody) => request<MyMentor>('/mentoring/me', { method: 'PATCH', body }),
  acceptCode: (version: number) => request<MyMentor>('/mentoring/me/code-of-conduct/accept', { method: 'POST', body: { version } }),
  declareConflict: (body: ConflictBody) => request<MyMentor>('/mentoring/me/conflicts', { method: 'POST', body }),
  removeConflict: (conflictId: number) => request<MyMentor>(`/mentoring/me/conflicts/${conflictId}`, { method: 'DELETE' }),
  firms: (q: string) => request<MyFirmSearch>('/mentoring/me/firms', { query: { q } }),
}
