import { Type, type Static } from 'typebox'
import { Email, Id, Nullable, PatchBody, Text, Timestamp } from '../common.ts'
import { MENTOR_STATUSES, MentoringAreaSchema, MentoringLanguageSchema, MentoringModeSchema } from './vocab.ts'

/**
 * API contract of mentoring's mentors part: mentors' records (application and selection), the
 * account a mentor signs in with, the code of conduct as versioned text and its acceptance,
 * conflicts of interest; the mentor area's own profile.
 */
export const MentorStatusSchema = Type.Enum(MENTOR_STATUSES)

/**
 * The moves a mentor's record may make: selection (applied -> selected -> active, or rejected),
 * suspension and its end, retirement. Anything else is a 409 mentor_status_transition.
 */
export const MENTOR_TRANSITIONS: Record<(typeof MENTOR_STATUSES)[number], readonly (typeof MENTOR_STATUSES)[number][]> = {
  applied: ['selected', 'rejected'],
  selected: ['active', 'rejected'],
  active: ['suspended', 'retired'],
  suspended: ['active', 'retired'],
  retired: [],
  rejected: [],
}
/** The moves that need a reason. */
export const MENTOR_STATUSES_NEEDING_REASON = ['suspended', 'rejected'] as const

const AtecoSection = Type.String({ pattern: '^[A-U]$' })
/** A province's plate code (MI, BG, RM...). */
const Province = Type.String({ pattern: '^[A-Z]{2}$' })
const List = <T extends Parameters<typeof Type.Array>[0]>(item: T, max: number, min = 0) =>
  Type.Array(item, { uniqueItems: true, maxItems: max, minItems: min })

export const MentorParams = Type.Object({ chamberId: Id, mentorId: Id }, { additionalProperties: false })
export type MentorParams = Static<typeof MentorParams>
export const MentorConflictParams = Type.Object({ chamberId: Id, mentorId: Id, conflictId: Id }, { additionalProperties: false })
export const MyConflictParams = Type.Object({ conflictId: Id }, { additionalProperties: false })

/** The profile a mentor applies with (staff register it; the mentor edits it later, except the e-mail). */
const profileFields = {
  fullName: Text(200),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  bio: Type.Optional(Type.String({ maxLength: 4000 })),
  expertise: List(MentoringAreaSchema, 19),
  sectors: Type.Optional(List(AtecoSection, 21)),
  languages: List(MentoringLanguageSchema, 10, 1),
  provinces: Type.Optional(List(Province, 110)),
  modes: List(MentoringModeSchema, 2, 1),
  maxMentees: Type.Integer({ minimum: 1, maximum: 50 }),
  hoursPerMonth: Type.Integer({ minimum: 1, maximum: 200 }),
}
export const CreateMentorBody = Type.Object({ ...profileFields, email: Email }, { additionalProperties: false })
export type CreateMentorBody = Static<typeof CreateMentorBody>
export const UpdateMentorBody = PatchBody(CreateMentorBody, {})
export type UpdateMentorBody = Static<typeof UpdateMentorBody>
/** What the mentor changes of its own profile (not its e-mail, which staff keep, nor its status). */
export const UpdateMyMentorBody = PatchBody(Type.Object(profileFields), {})
export type UpdateMyMentorBody = Static<typeof UpdateMyMentorBody>

export const MentorStatusBody = Type.Object({
  status: MentorStatusSchema,
  /** Required when suspending or rejecting. */
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false })
export type MentorStatusBody = Static<typeof MentorStatusBody>

export const LinkMentorAccountBody = Type.Object({ email: Email }, { additionalProperties: false })
export type LinkMentorAccountBody = Static<typeof LinkMentorAccountBody>

export const MentorListQuery = Type.Object({
  status: Type.Optional(MentorStatusSchema),
  area: Type.Optional(MentoringAreaSchema),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 20 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
}, { additionalProperties: false })
export type MentorListQuery = Static<typeof MentorListQuery>

/** Accepted matches against the mentees the mentor takes at once. */
export const MentorLoad = Type.Object({ accepted: Type.Integer({ minimum: 0 }), max: Type.Integer({ minimum: 1 }) })

/** Where the mentor stands with the code of conduct. */
export const MentorCodeState = Type.Object({
  currentVersion: Nullable(Type.Integer()),
  acceptedVersion: Nullable(Type.Integer({ description: 'the latest version the mentor accepted' })),
  acceptedAt: Nullable(Timestamp),
  /** True when the current version is accepted (or none is published yet). */
  upToDate: Type.Boolean(),
})
export type MentorCodeState = Static<typeof MentorCodeState>

export const MentorListItem = Type.Object({
  id: Id,
  chamberId: Id,
  fullName: Type.String(),
  email: Type.String(),
  status: MentorStatusSchema,
  expertise: Type.Array(Type.String()),
  modes: Type.Array(Type.String()),
  provinces: Type.Array(Type.String()),
  load: MentorLoad,
  codeAccepted: Type.Boolean(),
  conflicts: Type.Integer({ minimum: 0, description: 'conflicts of interest in force' }),
  linked: Type.Boolean({ description: 'the mentor signs in with an account' }),
})
export type MentorListItem = Static<typeof MentorListItem>
export const MentorList = Type.Object({ items: Type.Array(MentorListItem), nextCursor: Nullable(Type.String()) })
export type MentorList = Static<typeof MentorList>

export const ConflictFirm = Type.Object({ id: Id, name: Type.String(), town: Nullable(Type.String()) })
export type ConflictFirm = Static<typeof ConflictFirm>

export const MentorConflict = Type.Object({
  id: Id,
  label: Type.String(),
  firms: Type.Array(ConflictFirm),
  reason: Type.String(),
  declaredAt: Timestamp,
  /** Who declared it: the mentor itself, or staff (by name). */
  declaredByMentor: Type.Boolean(),
  declaredBy: Nullable(Type.String()),
  removedAt: Nullable(Timestamp),
})
export type MentorConflict = Static<typeof MentorConflict>

export const ConflictBody = Type.Object({
  label: Text(200),
  firmIds: Type.Array(Id, { minItems: 1, maxItems: 50, uniqueItems: true }),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false })
export type ConflictBody = Static<typeof ConflictBody>

export const MentorStatusChange = Type.Object({
  from: Nullable(MentorStatusSchema),
  to: MentorStatusSchema,
  reason: Nullable(Type.String()),
  at: Timestamp,
  by: Nullable(Type.String()),
})
export type MentorStatusChange = Static<typeof MentorStatusChange>

const mentorProfile = {
  id: Id,
  chamberId: Id,
  fullName: Type.String(),
  email: Type.String(),
  phone: Type.String(),
  bio: Type.String(),
  expertise: Type.Array(Type.String()),
  sectors: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  provinces: Type.Array(Type.String()),
  modes: Type.Array(Type.String()),
  maxMentees: Type.Integer(),
  hoursPerMonth: Type.Integer(),
  status: MentorStatusSchema,
  statusReason: Nullable(Type.String()),
  statusChangedAt: Timestamp,
  code: MentorCodeState,
  conflicts: Type.Array(MentorConflict),
  load: MentorLoad,
}

/** A mentor's record as staff see it: profile, status and its history, account, code, conflicts, load. */
export const Mentor = Type.Object({
  ...mentorProfile,
  statusChangedBy: Nullable(Type.String()),
  account: Nullable(Type.Object({ userId: Id, email: Type.String(), name: Type.String() })),
  history: Type.Array(MentorStatusChange),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Mentor = Static<typeof Mentor>

/** The mentor area's own record. */
export const MyMentor = Type.Object(mentorProfile)
export type MyMentor = Static<typeof MyMentor>

/** The code of conduct: the current version's text, and the versions published so far (newest first). */
export const CodeVersion = Type.Object({ version: Type.Integer({ minimum: 1 }), text: Type.String(), publishedAt: Timestamp, publishedBy: Nullable(Type.String()) })
export type CodeVersion = Static<typeof CodeVersion>
export const CodeOfConduct = Type.Object({
  current: Nullable(CodeVersion),
  history: Type.Array(Type.Object({ version: Type.Integer({ minimum: 1 }), publishedAt: Timestamp, publishedBy: Nullable(Type.String()) })),
})
export type CodeOfConduct = Static<typeof CodeOfConduct>
export const PublishCodeBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 20000 }) }, { additionalProperties: false })
export type PublishCodeBody = Static<typeof PublishCodeBody>
export const AcceptCodeBody = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }, { additionalProperties: false })
export type AcceptCodeBody = Static<typeof AcceptCodeBody>

/** The mentor area's firm search (to name a conflict of interest): firms of the mentor's chamber. */
export const MyFirmSearchQuery = Type.Object({ q: Type.String({ minLength: 2, maxLength: 100 }) }, { additionalProperties: false })
export const MyFirmSearch = Type.Object({ items: Type.Array(ConflictFirm) })
export type MyFirmSearch = Static<typeof MyFirmSearch>
