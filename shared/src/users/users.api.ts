import { Type, type Static } from 'typebox'
import { Email, Id, Locale, Nullable, Text, Timestamp, UserIdentity } from '../common.ts'
import { RoleName } from '../auth/auth.api.ts'

export const UserStatus = Type.Union([Type.Literal('invited'), Type.Literal('active'), Type.Literal('disabled')])
export type UserStatus = Static<typeof UserStatus>

export const ChamberUser = Type.Object({
  ...UserIdentity,
  status: UserStatus,
  roles: Type.Array(RoleName, { description: 'roles held in this chamber' }),
  lastLoginAt: Nullable(Timestamp),
})
export type ChamberUser = Static<typeof ChamberUser>

export const ChamberUserList = Type.Object({ items: Type.Array(ChamberUser) })
export type ChamberUserList = Static<typeof ChamberUserList>

export const ChamberUserParams = Type.Object({ chamberId: Id, userId: Id }, { additionalProperties: false })

export const InviteBody = Type.Object(
  {
    email: Email,
    name: Text(120),
    role: RoleName,
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
)
export type InviteBody = Static<typeof InviteBody>

export const UpdateChamberUserBody = Type.Object(
  {
    roles: Type.Optional(Type.Array(RoleName, { maxItems: 9, uniqueItems: true })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateChamberUserBody = Static<typeof UpdateChamberUserBody>
