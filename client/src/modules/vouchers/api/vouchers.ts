import type {
  ApplicationDocument, ApplicationListQuery, ApplicationPage, CallList, CallStatus, CreateApplicationBody,
  CreateCallBody, FirmCreateApplicationBody, FirmVoucherHome, PublicCall, PublicCallList, SubmissionReceipt,
  UpdateApplicationBody, UpdateCallBody, VoucherApplication, VoucherCall,
} from '@pid/shared'
import { download, request } from '../../../app/api/http'

const calls = (chamberId: number) => `/chambers/${chamberId}/vouchers/calls`
const apps = (chamberId: number) => `/chambers/${chamberId}/vouchers/applications`
const idempotency = (key: string) => ({ 'Idempotency-Key': key })

/** What an application form needs, whoever fills it in (the firm from its link, or a partner for it). */
export interface ApplicationFormApi {
  get(id: number): Promise<VoucherApplication>
  save(id: number, body: UpdateApplicationBody): Promise<VoucherApplication>
  upload(id: number, type: string, file: File, mediaType: string): Promise<ApplicationDocument>
  removeDocument(id: number, documentId: number): Promise<void>
  document(id: number, documentId: number): Promise<{ blob: Blob; fileName: string | null }>
  /** The same key on a retry answers with the first outcome instead of a second application. */
  submit(id: number, idempotencyKey: string): Promise<SubmissionReceipt>
  withdraw(id: number, reason?: string): Promise<VoucherApplication>
  receipt(id: number): Promise<{ blob: Blob; fileName: string | null }>
}

/** Staff: calls (bandi), their applications; partners file applications for their firms. */
export const vouchersApi = {
  calls: (chamberId: number, status?: CallStatus) => request<CallList>(calls(chamberId), { query: { status } }),
  call: (chamberId: number, id: number) => request<VoucherCall>(`${calls(chamberId)}/${id}`),
  createCall: (chamberId: number, body: CreateCallBody) => request<VoucherCall>(calls(chamberId), { method: 'POST', body }),
  updateCall: (chamberId: number, id: number, body: UpdateCallBody) => request<VoucherCall>(`${calls(chamberId)}/${id}`, { method: 'PATCH', body }),
  deleteCall: (chamberId: number, id: number) => request<void>(`${calls(chamberId)}/${id}`, { method: 'DELETE' }),
  publish: (chamberId: number, id: number) => request<VoucherCall>(`${calls(chamberId)}/${id}/publish`, { method: 'POST', body: {} }),
  applications: (chamberId: number, callId: number, query: ApplicationListQuery) =>
    request<ApplicationPage>(`${calls(chamberId)}/${callId}/applications`, { query: { ...query } }),
  application: (chamberId: number, id: number) => request<VoucherApplication>(`${apps(chamberId)}/${id}`),
  receipt: (chamberId: number, id: number) => download(`${apps(chamberId)}/${id}/receipt.pdf`),
  document: (chamberId: number, id: number, documentId: number) => download(`${apps(chamberId)}/${id}/documents/${documentId}`),
  /** A partner starts a firm's application (409 when the firm already has one on the call). */
  startFor: (chamberId: number, callId: number, body: CreateApplicationBody) =>
    request<VoucherApplication>(`${calls(chamberId)}/${callId}/applications`, { method: 'POST', body }),
}

/** The same form operations for a partner user acting for a firm in a chamber. */
export function partnerFormApi(chamberId: number): ApplicationFormApi {
  return {
    get: (id) => vouchersApi.application(chamberId, id),
    save: (id, body) => request<VoucherApplication>(`${apps(chamberId)}/${id}`, { method: 'PATCH', body }),
    upload: (id, type, file, mediaType) => request<ApplicationDocument>(`${apps(chamberId)}/${id}/documents`,
      { method: 'POST', query: { type, fileName: file.name }, raw: { data: file, contentType: mediaType } }),
    removeDocument: (id, documentId) => request<void>(`${apps(chamberId)}/${id}/documents/${documentId}`, { method: 'DELETE' }),
    document: (id, documentId) => vouchersApi.document(chamberId, id, documentId),
    submit: (id, key) => request<SubmissionReceipt>(`${apps(chamberId)}/${id}/submit`, { method: 'POST', body: {}, headers: idempotency(key) }),
    withdraw: (id, reason) => request<VoucherApplication>(`${apps(chamberId)}/${id}/withdraw`, { method: 'POST', body: reason ? { reason } : {} }),
    receipt: (id) => vouchersApi.receipt(chamberId, id),
  }
}

/** Anyone, without signing in: a call's public page and a chamber's published calls. */
export const publicVouchersApi = {
  call: (id: number) => request<PublicCall>(`/public/vouchers/calls/${id}`, { auth: false }),
  calls: (chamberId: number) => request<PublicCallList>(`/public/chambers/${chamberId}/vouchers/calls`, { auth: false }),
}

/** The firm's own pages, with its firm session's token (personal link with purpose 'vouchers'). */
export const firmVouchersApi = {
  home: (token: string) => request<FirmVoucherHome>('/firm/vouchers', { token }),
  call: (token: string, callId: number) => request<PublicCall>(`/firm/vouchers/calls/${callId}`, { token }),
  start: (token: string, callId: number, body: FirmCreateApplicationBody = {}) =>
    request<VoucherApplication>(`/firm/vouchers/calls/${callId}/applications`, { method: 'POST', body, token }),
}

export function firmFormApi(token: string): ApplicationFormApi {
  const app = (id: number) => `/firm/vouchers/applications/${id}`
  return {
    get: (id) => request<VoucherApplication>(app(id), { token }),
    save: (id, body) => request<VoucherApplication>(app(id), { method: 'PATCH', body, token }),
    upload: (id, type, file, mediaType) => request<ApplicationDocument>(`${app(id)}/documents`,
      { method: 'POST', query: { type, fileName: file.name }, raw: { data: file, contentType: mediaType }, token }),
    removeDocument: (id, documentId) => request<void>(`${app(id)}/documents/${documentId}`, { method: 'DELETE', token }),
    document: (id, documentId) => download(`${app(id)}/documents/${documentId}`, undefined, token),
    submit: (id, key) => request<SubmissionReceipt>(`${app(id)}/submit`, { method: 'POST', body: {}, headers: idempotency(key), token }),
    withdraw: (id, reason) => request<VoucherApplication>(`${app(id)}/withdraw`, { method: 'POST', body: reason ? { reason } : {}, token }),
    receipt: (id) => download(`${app(id)}/receipt.pdf`, undefined, token),
  }
}
