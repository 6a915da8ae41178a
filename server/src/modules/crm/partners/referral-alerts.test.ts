import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { api, refer, referralWorld, type ReferralWorld } from './referral-fixtures.ts'
import { REMINDER_QUEUE, runReminders } from './referral-reminders.ts'

/** Who hears about a referral's turns: the referrer when the partner declines or reports, both sides when it is late. */
let ctx: TestContext
let w: ReferralWorld
const PROMOTER = 'promotore@pid.example'
beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  w = await referralWorld(ctx)
})
afterAll(async () => { await ctx.close() })

const mailsTo = (to: string, since: number) => ctx.db.selectFrom('mail_outbox').select(['subject', 'text_body'])
  .where('to_address', '=', to).where('id', '>', since).orderBy('id').execute()
const lastMailId = async () => Number((await ctx.db.selectFrom('mail_outbox').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0)
const remind = () => runReminders(ctx.db, ctx.app.mailer, ctx.config.publicUrl, ctx.app.webhooks)

describe('alerts to the referrer', () => {
  it('mails the staff member who referred the firm when the partner declines, with the note', async () => {
    const firm = await makeFirm(ctx.db, { name: 'Officina Declinata Srl' })
    const referral = await refer(ctx, w, firm.id, w.orgA)
    const since = await lastMailId()
    await ctx.http().post(api(`/chambers/${w.milano}/referrals/${referral.id}/response`)).set(w.partner)
      .send({ accept: false, note: 'Non lavoriamo nel settore' }).expect(200)
    const mails = await mailsTo(PROMOTER, since)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toBe(`Segnalazione n. ${referral.id} rifiutata da Organizzazione A di prova: Officina Declinata Srl`)
    expect(mails[0]!.text_body).toContain('Nota del partner: Non lavoriamo nel settore')
    expect(mails[0]!.text_body).toContain(`/imprese/${firm.id}`)
  })

  it('mails the referrer when the feedback sheet arrives; accepting alone mails nobody', async () => {
    const referral = await refer(ctx, w, (await makeFirm(ctx.db)).id, w.orgA)
    const since = await lastMailId()
    await ctx.http().post(api(`/chambers/${w.milano}/referrals/${referral.id}/response`)).set(w.partner).send({ accept: true }).expect(200)
    expect(await mailsTo(PROMOTER, since)).toHaveLength(0)
    await ctx.http().post(api(`/chambers/${w.milano}/referrals/${referral.id}/feedback`)).set(w.partner)
      .send({ outcome: 'solved', servicesDelivered: ['Sito web'], followUp: 'Proporre il voucher' }).expect(200)
    const mails = await mailsTo(PROMOTER, since)
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining('Scheda di feedback di Organizzazione A di prova')])
    expect(mails[0]!.text_body).toContain('Proporre il voucher')
  })
})

describe('the daily reminder of overdue referrals', () => {
  it('reminds partner and referrer once a week while the referral stays open and late, never a closed one', async () => {
    const late = await refer(ctx, w, (await makeFirm(ctx.db, { name: 'Panificio in Ritardo Snc' })).id, w.orgA)
    const closed = await refer(ctx, w, (await makeFirm(ctx.db)).id, w.orgA)
    await ctx.http().post(api(`/chambers/${w.milano}/referrals/${closed.id}/cancel`)).set(w.promoter).send({ reason: 'non serve più' }).expect(200)
    const onTime = await refer(ctx, w, (await makeFirm(ctx.db)).id, w.orgA)
    await ctx.db.updateTable('referral').set({ due_on: sql<string>`current_date - 5` }).where('id', 'in', [late.id, closed.id]).execute()

    const since = await lastMailId()
    expect(await remind()).toBeGreaterThanOrEqual(1)
    const toPartner = (await mailsTo(w.orgAEmail, since)).filter((m) => m.subject.includes('Promemoria'))
    expect(toPartner.map((m) => m.subject)).toEqual([`Promemoria: segnalazione n. ${late.id} scaduta (Panificio in Ritardo Snc)`])
    expect(toPartner[0]!.text_body).toContain('(5 giorni fa)')
    const toReferrer = await mailsTo(PROMOTER, since)
    expect(toReferrer.map((m) => m.subject)).toEqual([`Segnalazione n. ${late.id} scaduta da 5 giorni: Panificio in Ritardo Snc`])
    const reminded = await ctx.db.selectFrom('referral').select(['id', 'reminded_at']).where('id', 'in', [late.id, closed.id, onTime.id]).execute()
    expect(reminded.filter((r) => r.reminded_at !== null).map((r) => r.id)).toEqual([late.id])

    // The next day: nothing again for a week.
    const again = await lastMailId()
    await remind()
    expect(await mailsTo(w.orgAEmail, again)).toHaveLength(0)
    // A week later it is still open: reminded again.
    await ctx.db.updateTable('referral').set({ reminded_at: sql<Date>`now() - interval '8 days'` }).where('id', '=', late.id).execute()
    await remind()
    expect((await mailsTo(w.orgAEmail, again)).map((m) => m.subject)).toEqual([expect.stringContaining(`n. ${late.id} scaduta`)])
    const audit = await ctx.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'crm.referral.reminded').execute()
    expect(audit.map((a) => a.entity_id)).toEqual([String(late.id), String(late.id)])
  })

  it('runs daily at 08:00 Rome time, on one schedule', async () => {
    await remind()
    const schedules = await ctx.app.jobs.boss.getSchedules(REMINDER_QUEUE)
    expect(schedules.map((s) => [s.cron, s.timezone])).toEqual([['0 8 * * *', 'Europe/Rome']])
  })
})
