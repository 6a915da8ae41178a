import { hkdfSync, randomUUID } from 'node:crypto'
import { EncryptJWT, errors as joseErrors, jwtDecrypt } from 'jose'
import type { FastifyInstance } from 'fastify'
import { checkTaxCode, type PublicStartBody, type PublicVerified } from '@pid/shared'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, fieldProblem, HttpError, notFound } from '../../../core/errors.ts'
import { findFirmLink, FIRM_SESSION_TTL_SECONDS, insertFirmLink, signFirmSession } from '../../../core/auth/firm-access.ts'
import type { ConsentPurpose } from '../../crm/index.ts'
import { counterKey, type Counters } from './counters.ts'
import type { ProofOfWork } from './pow.ts'

/** The verification link's lifetime; its mail is forgotten then at the latest. */
export const VERIFY_TTL_SECONDS = 24 * 3600
const VERIFY_AUDIENCE = 'pid-public-start'
const LIMIT_WINDOW_MS = 3600_000
/** Days the personal link mailed after verification stays valid (as a staff-made one by default). */
const PERSONAL_LINK_DAYS = 30
export const SOURCE = 'public_self_assessment'

/** The request, carried encrypted in the verification link (nothing is stored before it comes back). */
interface StartClaims {
  sub: 'public-start'
  jti: string
  /** The chamber whose prospect an unknown firm becomes. */
  cid: number
  fc: string
  fn: string
  gn: string
  sn: string
  em: string
  cs: ConsentPurpose[]
  nv: string
}

/**
 * The public self-assessment. `start` checks the request, the proof of work and the limits, then
 * mails an encrypted, expiring link holding the request: it reads no firm, contact or consent, and
 * answers alike for every code. `verify` takes the link back once, enrols the firm and person with
 * the CRM (an unknown firm becomes the chamber's prospect), opens a personal link for the
 * assessment and a firm session, as a staff-made link would.
 */
export class PublicStartService {
  private readonly app: FastifyInstance
  private readonly counters: Counters
  readonly pow: ProofOfWork
  private readonly key: Uint8Array
  constructor(app: FastifyInstance, counters: Counters, pow: ProofOfWork) {
    this.app = app
    this.counters = counters
    this.pow = pow
    // The link holds the person's name and address: it is an encrypted JWT (JWE, AES-256-GCM, which
    // also authenticates it), so neither the mail's path nor a log of the page's address reads it.
    // A dedicated key, derived from the app's: no other token of the app opens with it.
    this.key = new Uint8Array(hkdfSync('sha256', app.config.jwtSecret, '', 'pid-public-start-link', 32))
  }

  private linkUrl = (token: string) => `${this.app.config.publicUrl}/autovalutazione/verifica?token=${encodeURIComponent(token)}`
  private personalUrl = (token: string) => `${this.app.config.publicUrl}/impresa/accesso?token=${encodeURIComponent(token)}`

  async chamberOf(body: Pick<PublicStartBody, 'chamberId' | 'municipalityCode'>): Promise<number> {
    if (body.chamberId !== undefined) {
      const chamber = await this.app.crm.publicChamber(this.app.db, body.chamberId)
      if (!chamber) throw notFound('chamber')
      return chamber.id
    }
    if (!body.municipalityCode) {
      throw badRequest('the municipality routes the request to its chamber', [fieldProblem('/municipalityCode', 'required', 'required on the national page')])
    }
    const chamberId = await this.app.crm.chamberOfMunicipality(this.app.db, body.municipalityCode)
    if (chamberId === null) throw badRequest('unknown municipality', [fieldProblem('/municipalityCode', 'unknown_municipality', 'no chamber covers this municipality')])
    return chamberId
  }

  async start(body: PublicStartBody): Promise<void> {
    const code = checkTaxCode(body.firmCode)
    if (!code.ok) throw badRequest('invalid firm code', [fieldProblem('/firmCode', 'invalid_firm_code', code.reason)])
    const chamberId = await this.chamberOf(body)
    if (!(await this.pow.accept(body.pow.challenge, body.pow.solution))) {
      throw new HttpError(400, 'public_start_challenge_failed', 'the proof of work is not valid, has expired or was already used: ask for a new challenge')
    }
    const email = body.email.trim().toLowerCase()
    const limits = this.app.config.publicStart
    const secret = this.app.config.jwtSecret
    const [byEmail, byCode] = await Promise.all([
      this.counters.hit(counterKey(secret, 'email', email), LIMIT_WINDOW_MS),
      this.counters.hit(counterKey(secret, 'code', code.value), LIMIT_WINDOW_MS),
    ])
    if (byEmail > limits.emailMax || byCode > limits.codeMax) {
      throw new HttpError(429, 'rate_limited', 'too many requests for this address or firm: retry in an hour', undefined, { headers: { 'retry-after': '3600' } })
    }
    const claims: StartClaims = {
      sub: 'public-start', jti: randomUUID(), cid: chamberId, fc: code.value, fn: body.firmName.trim(), gn: body.firstName.trim(),
      sn: body.lastName.trim(), em: body.email.trim(), nv: body.noticeVersion,
      cs: ['service', ...(['newsletter', 'events', 'profiling'] as const).filter((p) => body.consents[p])],
    }
    const token = await new EncryptJWT({ ...claims }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setAudience(VERIFY_AUDIENCE).setIssuedAt().setExpirationTime(`${VERIFY_TTL_SECONDS}s`).encrypt(this.key)
    await this.app.mailer.queue(this.app.db, {
      chamberId, to: claims.em, forgetAt: new Date(Date.now() + VERIFY_TTL_SECONDS * 1000),
      subject: 'Conferma il tuo indirizzo per l\'autovalutazione digitale',
      text: `Gentile ${claims.gn} ${claims.sn},\n\nper iniziare l'autovalutazione digitale di ${claims.fn} conferma il tuo indirizzo con questo link, valido 24 ore e utilizzabile una sola volta:\n\n${this.linkUrl(token)}\n\nSe non hai chiesto tu l'autovalutazione, ignora questo messaggio: nessun dato è stato registrato.\n\nPunto Impresa Digitale`,
    })
  }

  async verify(token: string, ctx: AuditContext): Promise<PublicVerified> {
    let claims: StartClaims
    try {
      const opened = await jwtDecrypt(token, this.key, { audience: VERIFY_AUDIENCE, keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] })
      claims = opened.payload as unknown as StartClaims
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) {
        throw new HttpError(410, 'public_start_link_expired', 'this verification link has expired: start again from the public page')
      }
      throw new HttpError(400, 'public_start_link_invalid', 'this is not a valid verification link')
    }
    if (claims.sub !== 'public-start' || typeof claims.jti !== 'string' || !Number.isSafeInteger(claims.cid)) {
      throw new HttpError(400, 'public_start_link_invalid', 'this is not a valid verification link')
    }
    const exp = (claims as unknown as { exp: number }).exp
    return this.app.db.transaction().execute(async (tx) => {
      const enrolled = await this.app.crm.enrolFirmPerson(tx, ctx, {
        chamberId: claims.cid, firmCode: claims.fc, firmName: claims.fn,
        person: { firstName: claims.gn, lastName: claims.sn, email: claims.em },
        consents: claims.cs, consentTextVersion: claims.nv, source: SOURCE,
      })
      // Single use: the second verification finds the id (waiting for the first to commit) and is refused, undoing its enrolment.
      const used = await tx.insertInto('public_start_used_link')
        .values({ link_id: claims.jti, firm_id: enrolled.firmId, expires_at: new Date(exp * 1000) })
        .onConflict((oc) => oc.column('link_id').doNothing()).returning('link_id').executeTakeFirst()
      if (!used) throw new HttpError(409, 'public_start_link_used', 'this verification link has already been used: open the personal link we mailed you')
      const firm = (await this.app.crm.firmProfile(tx, enrolled.firmId))!
      const link = await insertFirmLink(tx, { firmId: firm.id, chamberId: firm.chamberId, purposes: ['assessment'], validDays: PERSONAL_LINK_DAYS, createdBy: null })
      const stored = (await findFirmLink(tx, firm.id, link.id))!
      await this.app.mailer.queue(tx, {
        chamberId: firm.chamberId, to: claims.em,
        subject: `Il tuo accesso personale al Punto Impresa Digitale - ${firm.name}`,
        text: `Gentile ${claims.gn} ${claims.sn},\n\nil tuo indirizzo è confermato. Per l'autovalutazione digitale di ${firm.name} usi questo link personale, valido ${PERSONAL_LINK_DAYS} giorni, anche da un altro dispositivo:\n\n${this.personalUrl(link.token)}\n\nNon inoltrarlo: dà accesso ai dati della sua impresa.\n\nPunto Impresa Digitale`,
      })
      await this.app.crm.recordEvent(tx, ctx, { firmId: firm.id, type: 'assessment', sourceModule: 'assessment', contactId: enrolled.contactId,
        summary: 'Autovalutazione avviata dal sito pubblico (indirizzo email verificato)',
        details: { source: SOURCE, firmCreated: enrolled.firmCreated, consents: claims.cs, noticeVersion: claims.nv, linkId: link.id } })
      await audit(tx, ctx, { chamberId: firm.chamberId, action: 'firm_access.link_created', entity: 'firm_access_link', entityId: link.id,
        after: { firmId: firm.id, purposes: ['assessment'], validDays: PERSONAL_LINK_DAYS, mailedTo: claims.em, source: SOURCE } })
      await audit(tx, ctx, { chamberId: firm.chamberId, action: 'assessment.public_start.verified', entity: 'firm', entityId: firm.id,
        after: { contactId: enrolled.contactId, firmCreated: enrolled.firmCreated, consents: claims.cs } })
      const session = { id: link.id, firmId: firm.id, chamberId: firm.chamberId, purposes: ['assessment' as const] }
      return {
        accessToken: signFirmSession(this.app, session), expiresIn: FIRM_SESSION_TTL_SECONDS,
        firm: { id: firm.id, name: firm.name, chamberId: firm.chamberId }, purposes: session.purposes,
        linkToken: link.token, linkExpiresAt: stored.expiresAt,
      }
    })
  }

  /** Used link ids are needed only until their link would have expired. */
  async pruneUsedLinks(): Promise<number> {
    const r = await this.app.db.deleteFrom('public_start_used_link').where('expires_at', '<', new Date()).executeTakeFirst()
    return Number(r.numDeletedRows)
  }
}
