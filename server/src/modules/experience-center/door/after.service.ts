import type { FastifyInstance } from 'fastify'
import type { SurveyBody, SurveyView } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { conflict, notFound } from '../../../core/errors.ts'
import { registrationTokenHash } from '../events/registration-token.ts'
import { renderCertificate } from './certificate.ts'
import { toEntry, registrationColumns } from './entries.ts'

async function byToken(db: DbOrTx, token: string) {
  const reg = await db.selectFrom('ec_registration').select(registrationColumns)
    .where('token_hash', '=', registrationTokenHash(token)).executeTakeFirst()
  if (!reg) throw notFound('registration')
  return reg
}

const notAttended = () => conflict('only those who attended the event have this', 'door_not_attended')

/** The certificate of an attendee, by registration (staff: the event of the path's chamber) or by the personal token. */
export async function certificatePdf(app: FastifyInstance, where: { token: string } | { chamberId: number; eventId: number; registrationId: number })
  : Promise<{ pdf: Buffer; fileName: string }> {
  const reg = 'token' in where ? await byToken(app.db, where.token)
    : await app.db.selectFrom('ec_registration').select(registrationColumns).where('id', '=', where.registrationId)
      .where('event_id', '=', where.eventId).where('chamber_id', '=', where.chamberId).executeTakeFirst()
  if (!reg) throw notFound('registration')
  if (!reg.checked_in_at) throw notAttended()
  const event = await app.db.selectFrom('ec_event as e').innerJoin('chamber as c', 'c.id', 'e.chamber_id')
    .select(['e.id', 'e.kind', 'e.title', 'e.starts_at', 'e.ends_at', 'e.venue', 'e.address', 'c.name as chamber_name'])
    .where('e.id', '=', reg.event_id).executeTakeFirstOrThrow()
  const entry = await toEntry(app, app.db, reg)
  const pdf = await renderCertificate({
    chamberName: event.chamber_name, personName: entry.personName, firmName: entry.firmName, firmTaxCode: entry.firmTaxCode,
    event: { id: event.id, kind: event.kind, title: event.title, startsAt: event.starts_at, endsAt: event.ends_at, venue: event.venue, address: event.address },
    checkedInAt: reg.checked_in_at, registrationId: reg.id,
  })
  return { pdf, fileName: `attestato-${event.id}-${reg.id}.pdf` }
}

export async function surveyView(app: FastifyInstance, token: string): Promise<SurveyView> {
  const reg = await byToken(app.db, token)
  const event = await app.db.selectFrom('ec_event as e').innerJoin('chamber as c', 'c.id', 'e.chamber_id')
    .select(['e.title', 'e.starts_at', 'c.name as chamber_name']).where('e.id', '=', reg.event_id).executeTakeFirstOrThrow()
  const answer = await app.db.selectFrom('ec_feedback').select('registration_id').where('registration_id', '=', reg.id).executeTakeFirst()
  return { eventTitle: event.title, startsAt: event.starts_at.toISOString(), chamberName: event.chamber_name,
    attended: reg.checked_in_at !== null, answered: answer !== undefined }
}

/** One answer per attendee: the primary key (registration_id) refuses a second, even sent twice at once (409). */
export async function answerSurvey(app: FastifyInstance, ctx: AuditContext, token: string, b: SurveyBody): Promise<void> {
  await app.db.transaction().execute(async (tx) => {
    const reg = await byToken(tx, token)
    if (!reg.checked_in_at) throw notAttended()
    const comment = b.comment?.trim() || null
    const inserted = await tx.insertInto('ec_feedback').values({
      registration_id: reg.id, event_id: reg.event_id, overall: b.overall, usefulness: b.usefulness ?? null,
      would_recommend: b.wouldRecommend ?? null, comment,
    }).onConflict((oc) => oc.column('registration_id').doNothing()).returning('registration_id').executeTakeFirst()
    if (!inserted) throw conflict('the survey was already answered', 'door_feedback_given')
    await audit(tx, ctx, { chamberId: reg.chamber_id, action: 'experience.door.feedback', entity: 'ec_feedback', entityId: reg.id,
      after: { eventId: reg.event_id, overall: b.overall } })
  })
}
