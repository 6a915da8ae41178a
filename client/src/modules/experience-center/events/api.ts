import type {
  EventBody, EventList, EventListQuery, EventPatch, PersonalRegistration, PublicEvent, PublicEventList, PublicRegistrationBody,
  RegistrationList, RegistrationOutcome, StaffEvent,
} from '@pid/shared'
import { API_BASE, request } from '../../../app/api/http'

const events = (chamberId: number) => `/chambers/${chamberId}/experience/events`

/** The staff's events API: calendar, editor, registrations. */
export const eventsApi = {
  list: (chamberId: number, query: Partial<EventListQuery>) => request<EventList>(events(chamberId), { query: { ...query } }),
  get: (chamberId: number, id: number) => request<StaffEvent>(`${events(chamberId)}/${id}`),
  create: (chamberId: number, body: EventBody) => request<StaffEvent>(events(chamberId), { method: 'POST', body }),
  update: (chamberId: number, id: number, body: EventPatch) => request<StaffEvent>(`${events(chamberId)}/${id}`, { method: 'PATCH', body }),
  publish: (chamberId: number, id: number) => request<StaffEvent>(`${events(chamberId)}/${id}/publish`, { method: 'POST', body: {} }),
  cancel: (chamberId: number, id: number) => request<StaffEvent>(`${events(chamberId)}/${id}/cancel`, { method: 'POST', body: {} }),
  registrations: (chamberId: number, id: number) => request<RegistrationList>(`${events(chamberId)}/${id}/registrations`),
  cancelRegistration: (chamberId: number, id: number, registrationId: number) =>
    request<void>(`${events(chamberId)}/${id}/registrations/${registrationId}/cancel`, { method: 'POST', body: {} }),
}

/** What anyone reads and does, without signing in. */
export const publicEventsApi = {
  calendar: (chamberId: number) => request<PublicEventList>(`/public/chambers/${chamberId}/experience/events`, { auth: false }),
  feedUrl: (chamberId: number) => `${API_BASE}/public/chambers/${chamberId}/experience/events.ics`,
  event: (id: number) => request<PublicEvent>(`/public/experience/events/${id}`, { auth: false }),
  icsUrl: (id: number) => `${API_BASE}/public/experience/events/${id}/calendar.ics`,
  register: (id: number, body: PublicRegistrationBody) =>
    request<RegistrationOutcome>(`/public/experience/events/${id}/registrations`, { method: 'POST', body, auth: false }),
  personal: (token: string) => request<PersonalRegistration>(`/public/experience/registrations/${token}`, { auth: false }),
  cancel: (token: string) => request<PersonalRegistration>(`/public/experience/registrations/${token}/cancel`, { method: 'POST', body: {}, auth: false }),
  confirm: (token: string) => request<PersonalRegistration>(`/public/experience/registrations/${token}/confirm`, { method: 'POST', body: {}, auth: false }),
}
