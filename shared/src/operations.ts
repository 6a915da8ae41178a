import { Type, type Static } from 'typebox'
import { Id, Page, PageQuery, Timestamp } from './common.ts'

export const AuditEntry = Type.Object({
  id: Id,
  at: Timestamp,
  actorId: Type.Union([Id, Type.Null()]),
  actorEmail: Type.Union([Type.String(), Type.Null()]),
  chamberId: Type.Union([Id, Type.Null()]),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
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
  sentAt: Type.Union([Timestamp, Type.Null()]),
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
