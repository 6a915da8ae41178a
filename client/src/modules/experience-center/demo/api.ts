import type {
  CreateDemoBookingBody, CreateEquipmentBody, DemoBooking, DemoCalendar, DemoCalendarQuery, DemoEventOptionList, Equipment, EquipmentList,
  UpdateEquipmentBody,
} from '@pid/shared'
import { download, request } from '../../../app/api/http'

const base = (chamberId: number) => `/chambers/${chamberId}/experience/demo`

/** The demo area's API: equipment and photos, the calendar, bookings. */
export const demoApi = {
  equipment: (chamberId: number) => request<EquipmentList>(`${base(chamberId)}/equipment`),
  createEquipment: (chamberId: number, body: CreateEquipmentBody) =>
    request<Equipment>(`${base(chamberId)}/equipment`, { method: 'POST', body }),
  updateEquipment: (chamberId: number, id: number, body: UpdateEquipmentBody) =>
    request<Equipment>(`${base(chamberId)}/equipment/${id}`, { method: 'PATCH', body }),
  addPhoto: (chamberId: number, id: number, file: File) =>
    request<Equipment>(`${base(chamberId)}/equipment/${id}/photos`, {
      method: 'POST', query: { fileName: file.name }, raw: { data: file, contentType: file.type || 'application/octet-stream' },
    }),
  photo: (chamberId: number, id: number, photoId: number) => download(`${base(chamberId)}/equipment/${id}/photos/${photoId}`),
  removePhoto: (chamberId: number, id: number, photoId: number) =>
    request<Equipment>(`${base(chamberId)}/equipment/${id}/photos/${photoId}`, { method: 'DELETE' }),
  calendar: (chamberId: number, q: DemoCalendarQuery) =>
    request<DemoCalendar>(`${base(chamberId)}/calendar`, { query: { ...q } }),
  eventOptions: (chamberId: number) => request<DemoEventOptionList>(`${base(chamberId)}/event-options`),
  book: (chamberId: number, body: CreateDemoBookingBody) => request<DemoBooking>(`${base(chamberId)}/bookings`, { method: 'POST', body }),
  cancel: (chamberId: number, bookingId: number) =>
    request<DemoBooking>(`${base(chamberId)}/bookings/${bookingId}/cancel`, { method: 'POST', body: {} }),
  markHeld: (chamberId: number, bookingId: number) =>
    request<DemoBooking>(`${base(chamberId)}/bookings/${bookingId}/held`, { method: 'POST', body: {} }),
}
