import type {
  Mailing, MailingAudience, MailingBody, MailingPage, MailingPreview, MailingRecipientPage, SendMailingBody, Unsubscription,
} from '@pid/shared'
import { request } from '../../../app/api/http'

const base = (chamberId: number) => `/chambers/${chamberId}/mailings`

export const mailingsApi = {
  list: (chamberId: number, cursor?: string | null) => request<MailingPage>(base(chamberId), { query: { cursor } }),
  get: (chamberId: number, id: number) => request<Mailing>(`${base(chamberId)}/${id}`),
  create: (chamberId: number, body: MailingBody) => request<Mailing>(base(chamberId), { method: 'POST', body }),
  update: (chamberId: number, id: number, body: MailingBody) => request<Mailing>(`${base(chamberId)}/${id}`, { method: 'PUT', body }),
  audience: (chamberId: number, id: number) => request<MailingAudience>(`${base(chamberId)}/${id}/audience`),
  preview: (chamberId: number, id: number, contactId?: number | null) =>
    request<MailingPreview>(`${base(chamberId)}/${id}/preview`, { query: { contactId: contactId ?? undefined } }),
  test: (chamberId: number, id: number, contactId?: number | null) =>
    request<{ to: string }>(`${base(chamberId)}/${id}/test`, { method: 'POST', body: contactId ? { contactId } : {} }),
  send: (chamberId: number, id: number, body: SendMailingBody) => request<Mailing>(`${base(chamberId)}/${id}/send`, { method: 'POST', body }),
  cancel: (chamberId: number, id: number) => request<Mailing>(`${base(chamberId)}/${id}/cancel`, { method: 'POST', body: {} }),
  recipients: (chamberId: number, id: number, cursor?: string | null) =>
    request<MailingRecipientPage>(`${base(chamberId)}/${id}/recipients`, { query: { cursor } }),
}

export const unsubscribeApi = {
  details: (token: string) => request<Unsubscription>(`/public/unsubscribe/${encodeURIComponent(token)}/details`),
  confirm: (token: string) => request<Unsubscription>(`/public/unsubscribe/${encodeURIComponent(token)}`, { method: 'POST', body: {} }),
}
