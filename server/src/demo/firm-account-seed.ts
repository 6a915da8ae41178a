import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Answers, QuestionnaireDefinition } from '@pid/shared'
import type { Db } from '../db/database.ts'
import { audit, systemContext } from '../core/audit.ts'
import type { JobQueue } from '../core/jobs.ts'
import { Mailer } from '../core/mail.ts'
import { CrmService } from '../modules/crm/crm.service.ts'
import { Webhooks } from '../modules/partner-api/webhooks/emitter.ts'
import { FirmFormService } from '../modules/assessment/firm-form.service.ts'
import { ReviewService } from '../modules/assessment/review.service.ts'

export const DEMO_FIRM_USER = 'impresa@pid.example'

/**
 * The demo's firm user acts for one Milano firm that has something to show: the first firm that
 * submitted a voucher application (and, seeded below, a scored self-assessment with its plan). A
 * newcomer signing in as the firm finds it on the home with its assessment and applications.
 */
export async function seedDemoFirmAccount(db: Db): Promise<void> {
  const user = await db.selectFrom('app_user').select('id').where('email', '=', DEMO_FIRM_USER).executeTakeFirstOrThrow()
  const milano = await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()
  const firm = await db.selectFrom('voucher_application').select(['firm_id', 'chamber_id'])
    .where('chamber_id', '=', milano.id).where('filed_by', '=', 'firm').where('protocol_number', 'is not', null)
    .orderBy('id').limit(1).executeTakeFirstOrThrow()
  const { id } = await db.insertInto('firm_user_account')
    .values({ user_id: user.id, firm_id: firm.firm_id, chamber_id: firm.chamber_id, created_by: null })
    .returning('id').executeTakeFirstOrThrow()
  await audit(db, systemContext('seed'), { chamberId: firm.chamber_id, action: 'firm_access.account_linked', entity: 'firm_user_account',
    entityId: id, after: { firmId: firm.firm_id, userId: user.id, email: DEMO_FIRM_USER } })
}

/**
 * The firm's home has something in each section: a person with consents, an event registration
 * (attended) and a request for help waiting in the staff's work queue.
 */
export async function seedDemoFirmHome(db: Db): Promise<void> {
  const link = await db.selectFrom('firm_user_account as a').innerJoin('app_user as u', 'u.id', 'a.user_id').select(['a.firm_id', 'a.chamber_id'])
    .where('u.email', '=', DEMO_FIRM_USER).orderBy('a.id').executeTakeFirst()
  if (!link) return
  const firmId = link.firm_id
  const chamberId = link.chamber_id
  let person = await db.selectFrom('contact').select('id').where('firm_id', '=', firmId).where('erased_at', 'is', null).orderBy('id').executeTakeFirst()
  person ??= await db.insertInto('contact').values({ firm_id: firmId, first_name: 'Irene', last_name: 'Impresa', job_title: 'Titolare',
    email: 'irene.impresa@example.it' }).returning('id').executeTakeFirstOrThrow()
  const held = await db.selectFrom('consent').select('purpose').where('contact_id', '=', person.id).where('withdrawn_at', 'is', null).execute()
  const missing = ['service', 'newsletter', 'events'].filter((p) => !held.some((h) => h.purpose === p))
  if (missing.length) {
    await db.insertInto('consent').values(missing.map((purpose) => ({ contact_id: person.id, purpose, granted_at: sql<Date>`now() - interval '60 days'`,
      source: 'demo', text_version: 'v1' }))).execute()
  }
  const event = await db.selectFrom('ec_event').select('id').where('chamber_id', '=', chamberId).where('status', '=', 'published')
    .where('seats_taken', '<', sql<number>`capacity`).orderBy('starts_at').executeTakeFirst()
  const registered = event && await db.selectFrom('ec_registration').select('id').where('event_id', '=', event.id).where('firm_id', '=', firmId).executeTakeFirst()
  if (event && !registered) {
    await db.updateTable('ec_event').set({ seats_taken: sql`seats_taken + 1` }).where('id', '=', event.id).execute()
    await db.insertInto('ec_registration').values({ event_id: event.id, chamber_id: chamberId, firm_id: firmId, contact_id: person.id, status: 'confirmed',
      token_hash: randomBytes(32).toString('hex'), source: 'staff' }).execute()
  }
  await db.insertInto('help_request').values({ chamber_id: chamberId, firm_id: firmId, topic: 'vouchers', channel: 'email', email: 'irene.impresa@example.it',
    message: 'Vorremmo capire quali spese possiamo rendicontare per il voucher.' }).execute()
}

/** Middle-of-the-road answers (a firm on its way, not a leader): each question's middle option. */
function middleAnswers(def: QuestionnaireDefinition): Answers {
  const answers: Answers = {}
  for (const q of def.questions) {
    const options = [...(q.options ?? [])].sort((x, y) => y.points - x.points)
    if (q.kind === 'multi') answers[q.id] = options.slice(0, Math.max(1, Math.floor(options.length / 2))).map((o) => o.key)
    else if (options.length) answers[q.id] = options[Math.floor(options.length / 2)]!.key
    else if (q.kind === 'scale') answers[q.id] = 3
    else if (q.kind === 'number') answers[q.id] = 4
    else answers[q.id] = 'Vendere online e gestire gli ordini in un solo posto'
  }
  return answers
}

/**
 * The demo firm filled in its self-assessment a month ago (through the firm's own form service:
 * draft, answers, scored submission on its timeline) and a coordinator agreed two plan items with it,
 * so its home shows a report, a PDF and a plan.
 */
export async function seedDemoFirmAssessment(db: Db, jobs: JobQueue): Promise<void> {
  const link = await db.selectFrom('firm_user_account as a').innerJoin('app_user as u', 'u.id', 'a.user_id').select(['a.firm_id', 'a.chamber_id', 'a.user_id'])
    .where('u.email', '=', DEMO_FIRM_USER).orderBy('a.id').executeTakeFirst()
  if (!link) return
  const ctx = systemContext('seed')
  const webhooks: Webhooks = new Webhooks({ crm: () => crm, jobs })
  const crm: CrmService = new CrmService(db, { mailer: new Mailer(null, 'demo'), publicUrl: '', webhooks })
  const form = new FirmFormService({ db, crm, webhooks })
  const firm = { firmId: link.firm_id, chamberId: link.chamber_id, linkId: null, accountUserId: link.user_id, purposes: ['assessment' as const] }
  const { assessment } = await form.start(firm, ctx)
  const state = await form.state(firm)
  await form.save(firm, assessment.id, { answers: middleAnswers(state.questionnaire.definition) })
  await form.submit(firm, assessment.id, ctx)
  await db.updateTable('assessment').set({ created_at: sql`now() - interval '31 days'`, submitted_at: sql`now() - interval '30 days'` })
    .where('id', '=', assessment.id).execute()
  const coordinator = await db.selectFrom('app_user as u').innerJoin('role_assignment as r', 'r.user_id', 'u.id').select('u.id')
    .where('r.chamber_id', '=', link.chamber_id).where('r.role', '=', 'digital_coordinator').orderBy('u.id').executeTakeFirstOrThrow()
  const review = new ReviewService({ db, crm })
  const access = { chamberId: link.chamber_id, partnerId: null, personalData: true }
  const staff = { ...ctx, actorId: coordinator.id }
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
  await review.addPlanItem(access, assessment.id, { kind: 'training', title: 'Corso sul commercio elettronico per le piccole imprese', dueOn: inDays(45) }, staff)
  await review.addPlanItem(access, assessment.id, { kind: 'voucher', title: 'Voucher per il nuovo gestionale degli ordini', dueOn: inDays(90) }, staff)
}
