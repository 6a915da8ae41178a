import type { ChangePasswordBody, LoginBody, Me, Session, UpdateMeBody } from '@pid/shared'
import { request } from './http'

/** The staff session's calls: what the auth store needs to sign in, stay signed in and sign out. */
export const sessionApi = {
  login: (body: LoginBody) => request<Session>('/auth/login', { method: 'POST', body, auth: false }),
  refresh: () => request<Session>('/auth/refresh', { method: 'POST', auth: false }),
  logout: () => request<void>('/auth/logout', { method: 'POST', auth: false }),
  me: () => request<Me>('/auth/me'),
  updateMe: (body: UpdateMeBody) => request<Me>('/auth/me', { method: 'PATCH', body }),
  changePassword: (body: ChangePasswordBody) => request<Session>('/auth/password', { method: 'POST', body }),
}
