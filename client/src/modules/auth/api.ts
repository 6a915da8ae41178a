import type { AcceptInvitationBody } from '@pid/shared'
import { request } from '../../app/api/http'

/** The calls of the auth pages that are not the session's own (those are in app/api/session.ts). */
export const authApi = {
  acceptInvitation: (body: AcceptInvitationBody) =>
    request<void>('/auth/invitations/accept', { method: 'POST', body, auth: false }),
}
