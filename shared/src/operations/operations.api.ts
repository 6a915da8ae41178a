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
  /** What the mail carries beside its text, drawn when it is sent (a QR code): kind and file name. */
  attachments: Type.Array(Type.Object({ kind: Type.Literal('qr'), filename: Type.String() })),
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

/**
 * What waits for the signed-in user in a chamber: one count per kind of work its roles do there,
 * each with the SPA page that lists it. Kinds: referrals past their due date, referrals due within a
 * week, the intervention-plan tasks assigned to the user, voucher applications without their admissibility checklist, voucher reports to verify,
 * self-assessments to review, register imports finished or failed in the last week, mail held, mentors' expense claims to decide.
 */
export const WORK_KINDS = ['referrals_overdue', 'referrals_due_soon', 'plan_tasks', 'applications_to_check', 'reports_to_verify',
  'assessments_to_review', 'help_requests', 'imports_finished', 'imports_failed', 'mail_held',
  // Mentoring:
  'mentor_expenses_to_approve'] as const
export type WorkKind = (typeof WORK_KINDS)[number]
export const WorkItem = Type.Object({
  kind: Type.Enum(WORK_KINDS),
  count: Type.Integer({ minimum: 0 }),
  /** The SPA route that lists this work (its name), with its query. */
  route: Type.String(),
  query: Type.Record(Type.String(), Type.String()),
})
export type WorkItem = Static<typeof WorkItem>
export const WorkList = Type.Object({ items: Type.Array(WorkItem) })
export type WorkList = Static<typeof WorkList>
