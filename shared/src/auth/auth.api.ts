import { Type, type Static } from 'typebox'
import { Email, Id, Locale, Nullable, UserIdentity } from '../common.ts'
import { ROLES } from '../permissions.ts'

export const RoleName = Type.Enum(ROLES)

/** Argon2id makes long inputs expensive: bound them. */
export const Password = Type.String({ minLength: 12, maxLength: 128 })

export const LoginBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
)
export type LoginBody = Static<typeof LoginBody>

export const RoleAssignment = Type.Object({
  role: RoleName,
  chamberId: Nullable(Id),
  chamberName: Nullable(Type.String()),
  regionCode: Nullable(Type.String()),
})
export type RoleAssignment = Static<typeof RoleAssignment>

export const Me = Type.Object({
  ...UserIdentity,
  locale: Locale,
  roles: Type.Array(RoleAssignment),
  /** Token grants: role plus the chamber ids it reaches (absent = every chamber). */
  grants: Type.Array(Type.Object({
    role: RoleName, chambers: Type.Optional(Type.Array(Id)), region: Type.Optional(Type.String()),
  })),
})
export type Me = Static<typeof Me>

export const Session = Type.Object({
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: 'seconds until the access token expires' }),
  user: Me,
})
export type Session = Static<typeof Session>

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 128 }), newPassword: Password },
  { additionalProperties: false },
)
export type ChangePasswordBody = Static<typeof ChangePasswordBody>

export const AcceptInvitationBody = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 200 }), password: Password },
  { additionalProperties: false },
)
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>

export const UpdateMeBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })), locale: Type.Optional(Locale) },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateMeBody = Static<typeof UpdateMeBody>
