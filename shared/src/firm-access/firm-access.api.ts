import { Type, type Static } from 'typebox'
import { Email, Id, Nullable, Page, Timestamp } from '../common.ts'

/**
 * Firm access: firms never get a staff login. Staff (or a partner user related to the firm) create
 * an expiring single-firm link; the firm exchanges its token for a short-lived firm session that
 * reaches only that firm's forms, for the purposes the link names.
 */
/** 'profile': the firm's people, their consents and their events (its home's personal sections). */
export const FIRM_PURPOSES = ['assessment', 'vouchers', 'mentoring', 'profile'] as const
export type FirmPurpose = (typeof FIRM_PURPOSES)[number]

/** Bounds of a link's life, in days (default 30). */
export const FIRM_LINK_MAX_DAYS = 90
export const FIRM_LINK_DEFAULT_DAYS = 30

export const FirmLinkParams = Type.Object({ chamberId: Id, firmId: Id }, { additionalProperties: false })
export const FirmLinkItemParams = Type.Object({ chamberId: Id, firmId: Id, linkId: Id }, { additionalProperties: false })

export const CreateFirmLinkBody = Type.Object(
  {
    purposes: Type.Array(Type.Enum(FIRM_PURPOSES), { minItems: 1, maxItems: FIRM_PURPOSES.length, uniqueItems: true }),
    validDays: Type.Optional(Type.Integer({ minimum: 1, maximum: FIRM_LINK_MAX_DAYS, default: FIRM_LINK_DEFAULT_DAYS })),
    contactId: Type.Optional(Id),
  },
  { additionalProperties: false, description: 'contactId: mail the link to this contact of the firm' },
)
export type CreateFirmLinkBody = Static<typeof CreateFirmLinkBody>

export const FirmLink = Type.Object({
  id: Id,
  firmId: Id,
  purposes: Type.Array(Type.Enum(FIRM_PURPOSES)),
  expiresAt: Timestamp,
  createdAt: Timestamp,
  createdBy: Nullable(Type.Object({ id: Id, name: Type.String() })),
  revokedAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
  active: Type.Boolean(),
})
export type FirmLink = Static<typeof FirmLink>

export const CreatedFirmLink = Type.Object({
  ...FirmLink.properties,
  token: Type.String({ description: 'shown once: only its hash is stored' }),
  url: Type.String({ description: 'the personal link to hand to the firm' }),
  mailedTo: Nullable(Email),
})
export type CreatedFirmLink = Static<typeof CreatedFirmLink>

/** A firm's personal links, newest first, a keyset page (`cursor`, `limit`). */
export const FirmLinkList = Page(FirmLink)
export type FirmLinkList = Static<typeof FirmLinkList>

export const FirmSessionBody = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 200 }) },
  { additionalProperties: false },
)
export type FirmSessionBody = Static<typeof FirmSessionBody>

export const FirmSession = Type.Object({
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: 'seconds' }),
  firm: Type.Object({ id: Id, name: Type.String(), chamberId: Id }),
  purposes: Type.Array(Type.Enum(FIRM_PURPOSES)),
})
export type FirmSession = Static<typeof FirmSession>

export const FirmMe = Type.Object({
  firm: Type.Object({ id: Id, name: Type.String(), chamberId: Id }),
  purposes: Type.Array(Type.Enum(FIRM_PURPOSES)),
})
export type FirmMe = Static<typeof FirmMe>

/**
 * Firm accounts: a `firm_user` login that the chamber has linked to one or more firms. From its home
 * the account opens a firm session (the same as a personal link's) for any firm linked to it;
 * unlinking ends those sessions at once.
 */
export const FirmAccountParams = Type.Object({ chamberId: Id, firmId: Id, userId: Id }, { additionalProperties: false })

export const LinkFirmAccountBody = Type.Object(
  { userId: Type.Optional(Id), email: Type.Optional(Email) },
  { additionalProperties: false, description: 'the account to link: its user id or its e-mail address (exactly one)' },
)
export type LinkFirmAccountBody = Static<typeof LinkFirmAccountBody>

export const FirmAccount = Type.Object({
  userId: Id,
  firmId: Id,
  name: Type.String(),
  email: Type.String(),
  linkedAt: Timestamp,
  linkedBy: Nullable(Type.Object({ id: Id, name: Type.String() })),
  active: Type.Boolean({ description: 'false when the account is disabled or no longer holds the firm user role in the chamber' }),
})
export type FirmAccount = Static<typeof FirmAccount>

/** The firm_user accounts linked to a firm, by name: a keyset page (`cursor`, `limit`). */
export const FirmAccountList = Page(FirmAccount)
export type FirmAccountList = Static<typeof FirmAccountList>

/** A firm the signed-in account may act for. */
export const MyFirm = Type.Object({
  id: Id,
  name: Type.String(),
  chamberId: Id,
  /** Codice fiscale. */
  taxCode: Type.String(),
  town: Nullable(Type.String()),
  provinceCode: Type.String(),
})
export type MyFirm = Static<typeof MyFirm>

export const MyFirmList = Type.Object({ items: Type.Array(MyFirm) })
export type MyFirmList = Static<typeof MyFirmList>

export const AccountSessionBody = Type.Object({ firmId: Id }, { additionalProperties: false })
export type AccountSessionBody = Static<typeof AccountSessionBody>
