import type {
  Consent, Contact, ContactList, CreateContactBody, EraseContactBody, GrantConsentBody, PersonalDataExport, UpdateContactBody,
} from '@pid/shared'
import { request } from '../../../app/api/http'

const contact = (chamberId: number, contactId: number) => `/chambers/${chamberId}/contacts/${contactId}`

export const contactsApi = {
  list: (chamberId: number, firmId: number) => request<ContactList>(`/chambers/${chamberId}/firms/${firmId}/contacts`),
  create: (chamberId: number, firmId: number, body: CreateContactBody) =>
    request<Contact>(`/chambers/${chamberId}/firms/${firmId}/contacts`, { method: 'POST', body }),
  update: (chamberId: number, contactId: number, body: UpdateContactBody) =>
    request<Contact>(contact(chamberId, contactId), { method: 'PATCH', body }),
  // Consents answer with the one consent, not the whole contact.
  grantConsent: (chamberId: number, contactId: number, body: GrantConsentBody) =>
    request<Consent>(`${contact(chamberId, contactId)}/consents`, { method: 'POST', body }),
  withdrawConsent: (chamberId: number, contactId: number, consentId: number) =>
    request<Consent>(`${contact(chamberId, contactId)}/consents/${consentId}/withdraw`, { method: 'POST' }),
  exportData: (chamberId: number, contactId: number) => request<PersonalDataExport>(`${contact(chamberId, contactId)}/personal-data`),
  erase: (chamberId: number, contactId: number, body: EraseContactBody) =>
    request<Contact>(`${contact(chamberId, contactId)}/erase`, { method: 'POST', body }),
}
