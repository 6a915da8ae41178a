import { Type, type Static } from 'typebox'
import { Id, Nullable, Page, PageQuery, Timestamp } from '../common.ts'

export const AuditEntry = Type.Object({
  id: Id,
  at: Timestamp,
  actorId: Nullable(Id),
  actorEmail: Nullable(Type.String()),
  chamberId: Nullable(Id),
  action: Type.String(),
  entity: Type.String(),
  entityId: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Nullable(Type.String()),
})
export type AuditEntry = Static<typeof AuditEntry>
export const AuditPage = Page(AuditEntry)
export type AuditPage = Static<typeof AuditPage>

export const MailStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('sent'),
  Type.Literal('held'),
  Type.Literal('failed'),
])

export const MailMessage = Type.Object({
  id: Id,
  createdAt: Timestamp,
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  status: MailStatus,
  sentAt: Nullable(Timestamp),
})
export type MailMessage = Static<typeof MailMessage>
export const MailPage = Page(MailMessage)
export type MailPage = Static<typeof MailPage>

export const NetworkAuditQuery = Type.Object(
  {
    ...PageQuery.properties,
    chamberId: Type.Optional(Id),
    actorId: Type.Optional(Id),
    action: Type.Optional(Type.String({ maxLength: 80 })),
  },
  { additionalProperties: false },
)
export type NetworkAuditQuery = Static<typeof NetworkAuditQuery>
