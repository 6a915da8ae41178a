import type { ChamberUser, ChamberUserList, InviteBody, UpdateChamberUserBody } from '@pid/shared'
import { request } from '../../app/api/http'

export const usersApi = {
  list: (chamberId: number) => request<ChamberUserList>(`/chambers/${chamberId}/users`),
  invite: (chamberId: number, body: InviteBody) =>
    request<ChamberUser>(`/chambers/${chamberId}/invitations`, { method: 'POST', body }),
  update: (chamberId: number, userId: number, body: UpdateChamberUserBody) =>
    request<ChamberUser>(`/chambers/${chamberId}/users/${userId}`, { method: 'PATCH', body }),
}
