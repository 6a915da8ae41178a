import type {
  AgreementBody, CloseMatchBody, EngagementMatch, EngagementMatchListQuery, EngagementMatchPage, FeedbackBody, FirmAgreementAcceptBody,
  FirmFeedbackBody, FirmMentoringHome, MentoringFeedback, MentoringSession, MentoringSessionList, MyMatchList, SessionBody,
} from '@pid/shared'
import { download, request } from '../../../app/api/http'

const staff = (chamberId: number) => `/chambers/${chamberId}/mentoring/matches`

/** What a pair's page does, whoever looks at it (staff of the chamber, or the pair's mentor in its area). */
export interface PairApi {
  get: (matchId: number) => Promise<EngagementMatch>
  saveAgreement: (matchId: number, body: AgreementBody) => Promise<EngagementMatch>
  close: (matchId: number, body: CloseMatchBody) => Promise<EngagementMatch>
  acceptAgreement?: (matchId: number) => Promise<EngagementMatch>
  logSession?: (matchId: number, body: SessionBody) => Promise<MentoringSession>
  feedback?: (matchId: number, body: FeedbackBody) => Promise<MentoringFeedback>
}

/** Staff: the chamber's pairs. */
export const pairsApi = {
  list: (chamberId: number, q: EngagementMatchListQuery) =>
    request<EngagementMatchPage>(staff(chamberId), { query: { status: q.status, mentorId: q.mentorId, cursor: q.cursor, limit: q.limit } }),
  sessions: (chamberId: number, matchId: number) => request<MentoringSessionList>(`${staff(chamberId)}/${matchId}/sessions`),
  /** The pairs with the list's filters as CSV or XLSX (never the confidential notes). */
  exportPairs: (chamberId: number, q: { status?: 'accepted' | 'closed'; mentorId?: number }, format: 'csv' | 'xlsx') =>
    download(`${staff(chamberId)}/export`, { status: q.status, mentorId: q.mentorId, format }),
}

export const staffPairApi = (chamberId: number): PairApi => ({
  get: (id) => request<EngagementMatch>(`${staff(chamberId)}/${id}`),
  saveAgreement: (id, body) => request<EngagementMatch>(`${staff(chamberId)}/${id}/agreement`, { method: 'PUT', body }),
  close: (id, body) => request<EngagementMatch>(`${staff(chamberId)}/${id}/close`, { method: 'POST', body }),
})

const me = '/mentoring/me/matches'
/** The mentor's area: its own pairs. */
export const myPairsApi = { list: () => request<MyMatchList>(me) }
export const mentorPairApi: PairApi = {
  get: (id) => request<EngagementMatch>(`${me}/${id}`),
  saveAgreement: (id, body) => request<EngagementMatch>(`${me}/${id}/agreement`, { method: 'PUT', body }),
  acceptAgreement: (id) => request<EngagementMatch>(`${me}/${id}/agreement/accept`, { method: 'POST', body: {} }),
  logSession: (id, body) => request<MentoringSession>(`${me}/${id}/sessions`, { method: 'POST', body }),
  close: (id, body) => request<EngagementMatch>(`${me}/${id}/close`, { method: 'POST', body }),
  feedback: (id, body) => request<MentoringFeedback>(`${me}/${id}/feedback`, { method: 'POST', body }),
}

/** The firm's page (firm session token). */
export const firmMentoringApi = {
  home: (token: string) => request<FirmMentoringHome>('/firm/mentoring', { token }),
  accept: (token: string, body: FirmAgreementAcceptBody) => request<FirmMentoringHome>('/firm/mentoring/agreement/accept', { method: 'POST', body, token }),
  feedback: (token: string, body: FirmFeedbackBody) => request<MentoringFeedback>('/firm/mentoring/feedback', { method: 'POST', body, token }),
}
