import { Type, type Static } from 'typebox'
import { Email, Id, Nullable, Text } from '../common.ts'
import { FIRM_PURPOSES } from '../firm-access/firm-access.api.ts'

/**
 * The public self-assessment: a firm starts it from a chamber's public page (or the national one,
 * routed by municipality) without a login. Nothing is stored until the address is verified by the
 * single-use link the start mails; the start answers the same 202 whatever the code.
 */

/** The version of the privacy notice and consent texts the public page shows (kept on each consent). */
export const PUBLIC_START_NOTICE_VERSION = 'autovalutazione-pubblica-2026-01'

/** Purposes the person may consent to on the page: service is required, the others optional. */
export const PUBLIC_START_OPTIONAL_CONSENTS = ['newsletter', 'events', 'profiling'] as const

export const PublicStartChamberParams = Type.Object({ chamberId: Id }, { additionalProperties: false })
export type PublicStartChamberParams = Static<typeof PublicStartChamberParams>

/** A chamber's public page: who it is (a merged or unknown chamber is a 404). */
export const PublicStartChamber = Type.Object({
  chamber: Type.Object({ id: Id, name: Type.String(), pidName: Type.String() }),
  noticeVersion: Type.String(),
})
export type PublicStartChamber = Static<typeof PublicStartChamber>

export const PublicMunicipalityQuery = Type.Object({
  q: Type.String({ minLength: 2, maxLength: 60, description: 'name prefix (accents optional)' }),
}, { additionalProperties: false })
export type PublicMunicipalityQuery = Static<typeof PublicMunicipalityQuery>

export const PublicMunicipality = Type.Object({
  istatCode: Type.String({ description: 'ISTAT code, 6 digits' }),
  name: Type.String(),
  provinceCode: Type.String(),
})
export const PublicMunicipalityList = Type.Object({ items: Type.Array(PublicMunicipality, { maxItems: 20 }) })
export type PublicMunicipalityList = Static<typeof PublicMunicipalityList>

/** An ALTCHA (v2) proof-of-work challenge, signed by the server (altcha-lib): the page solves it. */
export const PowChallenge = Type.Object({
  parameters: Type.Object({
    algorithm: Type.String({ maxLength: 20 }),
    nonce: Type.String({ maxLength: 128 }),
    salt: Type.String({ maxLength: 128 }),
    cost: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    keyLength: Type.Integer({ minimum: 1, maximum: 64 }),
    keyPrefix: Type.String({ maxLength: 128 }),
    keySignature: Type.Optional(Type.String({ maxLength: 128 })),
    expiresAt: Type.Optional(Type.Integer()),
  }, { additionalProperties: false }),
  signature: Type.String({ maxLength: 128 }),
}, { additionalProperties: false })
export type PowChallenge = Static<typeof PowChallenge>

export const PowSolution = Type.Object({
  counter: Type.Integer({ minimum: 0, maximum: 4_294_967_295 }),
  derivedKey: Type.String({ maxLength: 128, pattern: '^[0-9a-f]*$' }),
}, { additionalProperties: false })
export type PowSolution = Static<typeof PowSolution>

export const PublicStartBody = Type.Object({
  /** The chamber's page; without it (the national page) the municipality routes the request. */
  chamberId: Type.Optional(Id),
  municipalityCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$', description: "ISTAT code of the firm's municipality" })),
  /** Codice fiscale or partita IVA of the firm. */
  firmCode: Type.String({ minLength: 11, maxLength: 16 }),
  firmName: Text(200),
  firstName: Text(80),
  lastName: Text(80),
  email: Email,
  /** The service consent is required to start; the others are the person's choice. */
  consents: Type.Object({
    service: Type.Literal(true),
    newsletter: Type.Boolean(),
    events: Type.Boolean(),
    profiling: Type.Boolean(),
  }, { additionalProperties: false }),
  noticeVersion: Type.Literal(PUBLIC_START_NOTICE_VERSION),
  pow: Type.Object({ challenge: PowChallenge, solution: PowSolution }, { additionalProperties: false }),
}, { additionalProperties: false })
export type PublicStartBody = Static<typeof PublicStartBody>

/** The same answer whatever the code and whether the firm is known: a link went to the address. */
export const PublicStartAccepted = Type.Object({ status: Type.Literal('link_sent') })
export type PublicStartAccepted = Static<typeof PublicStartAccepted>

export const PublicVerifyBody = Type.Object({ token: Type.String({ minLength: 20, maxLength: 4000, pattern: '^[A-Za-z0-9_.-]+$' }) },
  { additionalProperties: false })
export type PublicVerifyBody = Static<typeof PublicVerifyBody>

/** The address is verified: a firm session (as a personal link's) and the personal link's token, to reopen it. */
export const PublicVerified = Type.Object({
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: 'seconds' }),
  firm: Type.Object({ id: Id, name: Type.String(), chamberId: Id }),
  purposes: Type.Array(Type.Enum(FIRM_PURPOSES)),
  linkToken: Type.String({ description: 'the personal link (also mailed): opens a new session on any device' }),
  linkExpiresAt: Nullable(Type.String({ format: 'date-time' })),
})
export type PublicVerified = Static<typeof PublicVerified>
