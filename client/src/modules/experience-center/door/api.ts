import type {
  CheckinBatchResult, CheckinBody, CheckinResult, DoorEntry, DoorList, EventCost, EventCostBody, EventCostList, EventFigures, PidFigures,
  RegionFigures, SurveyBody, SurveyView, WalkInBody,
} from '@pid/shared'
import { API_BASE, download, request } from '../../../app/api/http'

const event = (chamberId: number, eventId: number) => `/chambers/${chamberId}/experience/events/${eventId}`

/** The door's API: the list, check-ins (one or a queued batch), undo, walk-ins; results, costs, figures; the attendee's survey. */
export const doorApi = {
  list: (chamberId: number, eventId: number) => request<DoorList>(`${event(chamberId, eventId)}/door`),
  checkIn: (chamberId: number, eventId: number, body: CheckinBody) =>
    request<CheckinResult>(`${event(chamberId, eventId)}/door/checkins`, { method: 'POST', body }),
  checkInBatch: (chamberId: number, eventId: number, items: CheckinBody[]) =>
    request<CheckinBatchResult>(`${event(chamberId, eventId)}/door/checkins/batch`, { method: 'POST', body: { items } }),
  undo: (chamberId: number, eventId: number, registrationId: number) =>
    request<DoorEntry>(`${event(chamberId, eventId)}/door/registrations/${registrationId}/checkin`, { method: 'DELETE' }),
  walkIn: (chamberId: number, eventId: number, body: WalkInBody) =>
    request<CheckinResult>(`${event(chamberId, eventId)}/door/walk-ins`, { method: 'POST', body }),
  certificate: (chamberId: number, eventId: number, registrationId: number) =>
    download(`${event(chamberId, eventId)}/door/registrations/${registrationId}/certificate.pdf`),
  figures: (chamberId: number, eventId: number) => request<EventFigures>(`${event(chamberId, eventId)}/figures`),
  costs: (chamberId: number, eventId: number) => request<EventCostList>(`${event(chamberId, eventId)}/costs`),
  addCost: (chamberId: number, eventId: number, body: EventCostBody) =>
    request<EventCost>(`${event(chamberId, eventId)}/costs`, { method: 'POST', body }),
  pidFigures: (chamberId: number, year: number) => request<PidFigures>(`/chambers/${chamberId}/experience/figures`, { query: { year } }),
  regionFigures: (regionCode: string, year: number) => request<RegionFigures>(`/regions/${regionCode}/experience/figures`, { query: { year } }),
  survey: (token: string) => request<SurveyView>(`/public/experience/surveys/${token}`, { auth: false }),
  answer: (token: string, body: SurveyBody) => request<{ ok: true }>(`/public/experience/surveys/${token}`, { method: 'POST', body, auth: false }),
  /** The certificate by the personal link: a plain link (no token needed beyond the address). */
  publicCertificateUrl: (token: string) => `${API_BASE}/public/experience/certificates/${token}`,
}
