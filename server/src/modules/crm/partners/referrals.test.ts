import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { count, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { makeAgreement, makeFirm, makePartner } from '../../../../test/crm-factories.ts'
import { api, dueInAMonth, refer, referralWorld, type ReferralWorld } from './referral-fixtures.ts'

/** Referrals end to end: creation (timeline, stage, mail), the partner's answers, feedback, overdue, paging. */
let ctx: TestContext
let w: ReferralWorld
beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  w = await referralWorld(ctx)
})
afterAll(async () => { await ctx.close() })

const referralCount = async () => Number((await ctx.db.selectFrom('referral').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

describe('referring a firm', () => {
  it('records the referral, the timeline touch (firm committed), the Italian mail to the partner and the audit together', async () => {
    const firm = await makeFirm(ctx.db)
    const referral = await refer(ctx, w, firm.id, w.orgA, 'Formazione sulla sicurezza informatica')
    expect(referral).toMatchObject({ status: 'sent', firmId: firm.id, partnerId: w.orgA, overdue: false, daysOverdue: 0 })

    const event = await ctx.db.selectFrom('timeline_event').selectAll().where('firm_id', '=', firm.id).where('type', '=', 'referral').executeTakeFirstOrThrow()
    expect(event).toMatchObject({ partner_id: w.orgA, details: expect.objectContaining({ referralId: referral.id }) })
    const stored = await ctx.db.selectFrom('firm').select('stage').where('id', '=', firm.id).executeTakeFirstOrThrow()
    expect(stored.stage).toBe(4) // committed

    const mail = (await ctx.http().get(api(`/chambers/${w.milano}/mail`)).set(w.leader).expect(200)).body.items[0]
    expect(mail).toMatchObject({ to: w.orgAEmail, status: 'held' })
    expect(mail.subject).toContain('Nuova segnalazione')
    expect(mail.text).toContain('Formazione sulla sicurezza informatica')
    expect(mail.text).toContain(`segnalazione n. ${referral.id}`)
    const audit = await ctx.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'crm.referral.created').execute()
    expect(audit.map((a) => a.entity_id)).toContain(String(referral.id))
  })

  it('sends no mail to a partner without an address', async () => {
    const before = await count(ctx.db, 'mail_outbox')
    await refer(ctx, w, (await makeFirm(ctx.db)).id, w.orgB)
    expect(await count(ctx.db, 'mail_outbox')).toBe(before)
  })

  it('refuses a partner without an agreement in force, a past due date, a too long need, and writes nothing', async () => {
    const firm = await makeFirm(ctx.db)
    const ended = await makePartner(ctx.db)
    await makeAgreement(ctx.db, ended, w.milano, '2024-01-31')
    const bergamoOnly = await makePartner(ctx.db)
    await makeAgreement(ctx.db, bergamoOnly, w.bergamo)
    const before = { referrals: await referralCount(), audit: await count(ctx.db, 'audit_log'), mail: await count(ctx.db, 'mail_outbox') }
    const url = api(`/chambers/${w.milano}/firms/${firm.id}/referrals`)
    for (const partnerId of [ended, bergamoOnly, 999999]) {
      const res = await ctx.http().post(url).set(w.promoter).send({ partnerId, need: 'Cloud', dueOn: dueInAMonth() }).expect(400)
      expect(res.body.errors).toEqual([{ path: '/partnerId', message: 'no agreement in force with this chamber' }])
    }
    const past = await ctx.http().post(url).set(w.promoter).send({ partnerId: w.orgA, need: 'Cloud', dueOn: '2020-01-01' }).expect(400)
    expect(past.body.errors[0].path).toBe('/dueOn')
    const long = await ctx.http().post(url).set(w.promoter).send({ partnerId: w.orgA, need: 'x'.repeat(2001), dueOn: dueInAMonth() }).expect(400)
    expect(long.body.errors[0].path).toBe('/need')
    expect({ referrals: await referralCount(), audit: await count(ctx.db, 'audit_log'), mail: await count(ctx.db, 'mail_outbox') }).toEqual(before)
  })

  it('finds no firm of another chamber under Milano', async () => {
    const firm = await makeFirm(ctx.db, { province_code: 'BG' })
    await ctx.http().post(api(`/chambers/${w.milano}/firms/${firm.id}/referrals`)).set(w.promoter)
      .send({ partnerId: w.orgA, need: 'Cloud', dueOn: dueInAMonth() }).expect(404)
  })
})

describe("the partner's answers", () => {
  const answer = (id: number, body: object) => ctx.http().post(api(`/chambers/${w.milano}/referrals/${id}/response`)).set(w.partner).send(body)

  it('answers once: a second answer is 409, and of two concurrent answers one wins', async () => {
    const referral = await refer(ctx, w, (await makeFirm(ctx.db)).id, w.orgA)
    const accepted = await answer(referral.id, { accept: true, note: 'Presa in carico' }).expect(200)
    expect(accepted.body).toMatchObject({ status: 'accepted', respondedAt: expect.any(String) })
    expect((await answer(referral.id, { accept: false }).expect(409)).body.code).toBe('conflict')

    const raced = await refer(ctx, w, (await makeFirm(ctx.db)).id, w.orgA)
    const results = await Promise.all([answer(raced.id, { accept: true }), answer(raced.id, { accept: false })])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const steps = await ctx.db.selectFrom('referral_step').select('to_status').where('referral_id', '=', raced.id).execute()
    expect(steps).toHaveLength(2)
  })

  it('starts, sends the feedback sheet once; the sheet lands on the timeline; a completed referral cannot be cancelled', async () => {
    const firm = await makeFirm(ctx.db)
    const referral = await refer(ctx, w, firm.id, w.orgA)
    const base = api(`/chambers/${w.milano}/referrals/${referral.id}`)
    await ctx.http().post(`${base}/start`).set(w.partner).expect(409) // not accepted yet
    await answer(referral.id, { accept: true }).expect(200)
    expect((await ctx.http().post(`${base}/start`).set(w.partner).expect(200)).body.status).toBe('in_progress')
    const sheet = { outcome: 'partially_solved', servicesDelivered: ['Analisi del sito', 'Formazione e-commerce'], followUp: 'Valutare il voucher digitale', notes: 'Impresa molto collaborativa' }
    const done = await ctx.http().post(`${base}/feedback`).set(w.partner).send(sheet).expect(200)
    expect(done.body).toMatchObject({ status: 'completed', completedAt: expect.any(String), feedback: { ...sheet, submittedAt: expect.any(String) } })
    await ctx.http().post(`${base}/feedback`).set(w.partner).send(sheet).expect(409)

    const event = await ctx.db.selectFrom('timeline_event').selectAll().where('firm_id', '=', firm.id).where('type', '=', 'partner_feedback').executeTakeFirstOrThrow()
    expect(event).toMatchObject({ partner_id: w.orgA, details: expect.objectContaining({ referralId: referral.id, outcome: 'partially_solved' }) })
    await ctx.http().post(`${base}/cancel`).set(w.promoter).send({ reason: 'ripensamento' }).expect(409)

    const detail = (await ctx.http().get(base).set(w.promoter).expect(200)).body
    expect(detail.history.map((s: { toStatus: string }) => s.toStatus)).toEqual(['sent', 'accepted', 'in_progress', 'completed'])
    expect(detail.history[1]).toMatchObject({ fromStatus: 'sent', actorName: 'Piero Partner' })
  })

  it('a declined referral takes no feedback; the note is in its history', async () => {
    const referral = await refer(ctx, w, (await makeFirm(ctx.db)).id, w.orgA)
    await answer(referral.id, { accept: false, note: 'Fuori dalle nostre competenze' }).expect(200)
    await ctx.http().post(api(`/chambers/${w.milano}/referrals/${referral.id}/feedback`)).set(w.partner)
      .send({ outcome: 'solved', servicesDelivered: [], followUp: '' }).expect(409)
    const detail = (await ctx.http().get(api(`/chambers/${w.milano}/referrals/${referral.id}`)).set(w.partner).expect(200)).body
    expect(detail.history[1]).toMatchObject({ toStatus: 'declined', note: 'Fuori dalle nostre competenze' })
  })

  it('staff cancel an open referral (the partner is told); staff do not answer, partners do not cancel', async () => {
    const referral = await refer(ctx, w, (await makeFirm(ctx.db)).id, w.orgA)
    const base = api(`/chambers/${w.milano}/referrals/${referral.id}`)
    await ctx.http().post(`${base}/response`).set(w.promoter).send({ accept: true }).expect(403)
    await ctx.http().post(`${base}/cancel`).set(w.partner).send({ reason: 'no' }).expect(403)
    const badSheet = await ctx.http().post(`${base}/feedback`).set(w.partner).send({ outcome: 'great', servicesDelivered: [], followUp: '' }).expect(400)
    expect(badSheet.body.errors[0].path).toBe('/outcome')
    const cancelled = await ctx.http().post(`${base}/cancel`).set(w.promoter).send({ reason: "L'impresa ha chiuso l'attività" }).expect(200)
    expect(cancelled.body.status).toBe('cancelled')
    const mail = (await ctx.http().get(api(`/chambers/${w.milano}/mail`)).set(w.leader).expect(200)).body.items[0]
    expect(mail).toMatchObject({ to: w.orgAEmail, subject: expect.stringContaining('Segnalazione annullata') })
    await answer(referral.id, { accept: true }).expect(409)
  })
})

describe('overdue referrals and paging', () => {
  it('flags open referrals past their due date, with the days late; closed ones never are', async () => {
    const late = await refer(ctx, w, (await makeFirm(ctx.db)).id, w.orgA)
    const lateButDone = await refer(ctx, w, (await makeFirm(ctx.db)).id, w.orgA)
    await ctx.http().post(api(`/chambers/${w.milano}/referrals/${lateButDone.id}/response`)).set(w.partner).send({ accept: true }).expect(200)
    await ctx.http().post(api(`/chambers/${w.milano}/referrals/${lateButDone.id}/feedback`)).set(w.partner)
      .send({ outcome: 'solved', servicesDelivered: ['Sito web'], followUp: '' }).expect(200)
    await ctx.db.updateTable('referral').set({ due_on: sql<string>`current_date - 3` }).where('id', 'in', [late.id, lateButDone.id]).execute()

    const overdue = (await ctx.http().get(api(`/chambers/${w.milano}/referrals?overdue=true`)).set(w.promoter).expect(200)).body.items
    expect(overdue.map((r: { id: number }) => r.id)).toEqual([late.id])
    expect(overdue[0]).toMatchObject({ overdue: true, daysOverdue: 3, status: 'sent' })
    const firmList = (await ctx.http().get(api(`/chambers/${w.milano}/firms/${lateButDone.firmId}/referrals`)).set(w.promoter).expect(200)).body.items
    expect(firmList[0]).toMatchObject({ status: 'completed', overdue: false, daysOverdue: 0 })
    const onTime = (await ctx.http().get(api(`/chambers/${w.milano}/referrals?overdue=false`)).set(w.promoter).expect(200)).body.items
    expect(onTime.map((r: { id: number }) => r.id)).not.toContain(late.id)
  })

  it('pages newest first with a cursor, filtered by status and partner', async () => {
    const ids: number[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: number }[]; nextCursor: string | null } = (await ctx.http().get(api(`/chambers/${w.milano}/referrals`))
        .query({ limit: 3, ...(cursor ? { cursor } : {}) }).set(w.promoter).expect(200)).body
      ids.push(...page.items.map((r) => r.id))
      cursor = page.nextCursor
    } while (cursor)
    const all = await ctx.db.selectFrom('referral').select('id').where('chamber_id', '=', w.milano).orderBy('id', 'desc').execute()
    expect(ids).toEqual(all.map((r) => r.id))
    const sent = (await ctx.http().get(api(`/chambers/${w.milano}/referrals?status=sent&partnerId=${w.orgB}`)).set(w.promoter).expect(200)).body.items
    expect(sent.length).toBeGreaterThan(0)
    expect(sent.every((r: { status: string; partnerId: number }) => r.status === 'sent' && r.partnerId === w.orgB)).toBe(true)
    await ctx.http().get(api(`/chambers/${w.milano}/referrals?cursor=abc`)).set(w.promoter).expect(400)
  })
})
