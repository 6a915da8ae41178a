import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { systemContext } from '../../../core/audit.ts'
import { REDACTED } from './erasure.ts'
import { RETENTION_QUEUE } from './retention.ts'
import { auditEntries, demoAuth, type Auth } from '../../../../test/actors.ts'

let ctx: TestContext
let milano: number, bergamo: number
let leader: Auth, coordinator: Auth
let api: string
beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  leader = await demoAuth(ctx, 'leader@pid.example')
  coordinator = await demoAuth(ctx, 'coordinatore@pid.example')
  api = `/api/v1/chambers/${milano}`
})
afterAll(async () => { await ctx.close() })

const person = { firstName: 'Giulia', lastName: 'Neri', jobTitle: 'Responsabile IT', email: 'giulia.neri@example.it', phone: '+39 02 999 8877' }

/** A firm with one person, a consent and a call naming them on the timeline. */
async function personOnTimeline(firmOverrides = {}) {
  const firm = await makeFirm(ctx.db, { name: 'Neri Impianti S.r.l.', ...firmOverrides })
  const c = (await ctx.http().post(`${api}/firms/${firm.id}/contacts`).set(coordinator).send(person).expect(201)).body
  await ctx.http().post(`${api}/contacts/${c.id}/consents`).set(coordinator)
    .send({ purpose: 'events', grantedAt: '2026-02-01T09:00:00Z', source: 'sportello', textVersion: 'v1' }).expect(201)
  await ctx.db.transaction().execute((tx) => ctx.app.crm.recordEvent(tx, systemContext('test'), {
    firmId: firm.id, type: 'call', summary: 'Chiamata con Giulia Neri sul bando voucher', contactId: c.id,
    details: { with: { name: 'giulia neri', email: 'giulia.neri@example.it' }, topic: 'voucher' },
  }))
  return { firm, contactId: c.id as number }
}

describe('GDPR: access and erasure', () => {
  it('gives the leader everything held about a person as a JSON attachment, and audits the export', async () => {
    const { firm, contactId } = await personOnTimeline()
    const res = await ctx.http().get(`${api}/contacts/${contactId}/personal-data`).set(leader).expect(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(res.headers['content-disposition']).toBe(`attachment; filename="dati-personali-contatto-${contactId}.json"`)
    expect(res.body).toMatchObject({
      controller: expect.stringContaining('Milano'), firm: { id: firm.id, name: 'Neri Impianti S.r.l.' },
      contact: { ...person, id: contactId }, consents: [{ purpose: 'events', active: true }],
      timelineEvents: [{ type: 'call', summary: 'Chiamata con Giulia Neri sul bando voucher', details: { topic: 'voucher' } }],
    })
    expect(res.body.auditEntries.map((a: { action: string }) => a.action)).toEqual(['crm.contact.created', 'crm.consent.granted'])
    const exported = (await auditEntries(ctx, 'crm.contact.exported')).filter((a) => a.entity_id === String(contactId))
    expect(exported).toHaveLength(1)
  })

  it('erases a person: blank fields, anonymous row kept, consents withdrawn, timeline stripped, audit without the data', async () => {
    const { firm, contactId } = await personOnTimeline()
    const res = await ctx.http().post(`${api}/contacts/${contactId}/erase`).set(leader).send({ reason: 'richiesta dell\'interessata del 3 marzo' }).expect(200)
    expect(res.body).toMatchObject({ id: contactId, displayName: 'Contatto anonimo', firstName: null, lastName: null, email: null, phone: null, jobTitle: null, erasedAt: expect.any(String) })
    expect(res.body.consents.every((c: { active: boolean }) => !c.active)).toBe(true)

    const profile = await ctx.http().get(`${api}/firms/${firm.id}`).set(coordinator).expect(200)
    expect(profile.body.contactCount).toBe(1)
    const list = await ctx.http().get(`${api}/firms/${firm.id}/contacts`).set(coordinator).expect(200)
    expect(list.body.items[0]).toMatchObject({ displayName: 'Contatto anonimo', email: null })

    const [event] = await ctx.db.selectFrom('timeline_event').selectAll().where('firm_id', '=', firm.id).where('type', '=', 'call').execute()
    expect(event!.summary).toBe(`Chiamata con ${REDACTED} sul bando voucher`)
    expect(event!.details).toEqual({ with: { name: REDACTED, email: REDACTED }, topic: 'voucher' })
    expect(event!.contact_id).toBe(contactId)

    const [entry] = (await auditEntries(ctx, 'crm.contact.erased')).filter((a) => a.entity_id === String(contactId))
    expect(entry!.after).toMatchObject({ reason: 'richiesta dell\'interessata del 3 marzo', eventsRedacted: 1, consentsWithdrawn: 1 })
    const everything = JSON.stringify(await ctx.db.selectFrom('audit_log').select(['before', 'after']).execute())
    expect(everything).not.toMatch(/Giulia|giulia\.neri|999 8877/)

    await ctx.http().post(`${api}/contacts/${contactId}/erase`).set(leader).send({ reason: 'di nuovo' }).expect(409)
    await ctx.http().patch(`${api}/contacts/${contactId}`).set(coordinator).send({ firstName: 'Giulia' }).expect(409)
  })

  it('is for the leader only, in the chamber of the person', async () => {
    const { contactId } = await personOnTimeline()
    await ctx.http().get(`${api}/contacts/${contactId}/personal-data`).set(coordinator).expect(403)
    await ctx.http().post(`${api}/contacts/${contactId}/erase`).set(coordinator).send({ reason: 'x' }).expect(403)
    await ctx.http().post(`${api}/contacts/${contactId}/erase`).set(leader).send({}).expect(400)
    const other = await makeFirm(ctx.db, { chamber_id: bergamo, province_code: 'BG' })
    const { id } = await ctx.db.insertInto('contact').values({ firm_id: other.id, first_name: 'Altro' }).returning('id').executeTakeFirstOrThrow()
    await ctx.http().get(`${api}/contacts/${id}/personal-data`).set(leader).expect(404)
    await ctx.http().post(`${api}/contacts/${id}/erase`).set(leader).send({ reason: 'x' }).expect(404)
    const untouched = await ctx.db.selectFrom('contact').select(['first_name', 'erased_at']).where('id', '=', contactId).executeTakeFirstOrThrow()
    expect(untouched).toEqual({ first_name: 'Giulia', erased_at: null })
  })
})

describe('GDPR: retention', () => {
  it('reads and sets the retention period (leader only), audited', async () => {
    expect((await ctx.http().get(`${api}/crm/settings`).set(leader).expect(200)).body).toEqual({ contactRetentionMonths: 36 })
    await ctx.http().put(`${api}/crm/settings`).set(leader).send({ contactRetentionMonths: 0 }).expect(400)
    await ctx.http().put(`${api}/crm/settings`).set(coordinator).send({ contactRetentionMonths: 12 }).expect(403)
    await ctx.http().put(`${api}/crm/settings`).set(leader).send({ contactRetentionMonths: 24 }).expect(200)
    expect((await ctx.http().get(`${api}/crm/settings`).set(leader).expect(200)).body).toEqual({ contactRetentionMonths: 24 })
    const [entry] = await auditEntries(ctx, 'crm.settings.updated')
    expect(entry).toMatchObject({ chamber_id: milano, before: { contactRetentionMonths: 36 }, after: { contactRetentionMonths: 24 } })
  })

  it('the daily job erases people idle beyond their chamber\'s period, on one schedule at 03:00 Rome time', async () => {
    await ctx.http().put(`${api}/crm/settings`).set(leader).send({ contactRetentionMonths: 12 }).expect(200)
    const idle = await personOnTimeline()
    const recentCall = await personOnTimeline()
    const fresh = await personOnTimeline()
    const bergamoFirm = await makeFirm(ctx.db, { chamber_id: bergamo, province_code: 'BG' })
    const { id: bergamoIdle } = await ctx.db.insertInto('contact')
      .values({ firm_id: bergamoFirm.id, first_name: 'Bortolo', last_activity_at: sql<Date>`now() - interval '20 months'` }).returning('id').executeTakeFirstOrThrow()
    // Back-date: idle for 13 months; the second was called last month though its record is old.
    await ctx.db.updateTable('contact').set({ last_activity_at: sql<Date>`now() - interval '13 months'` })
      .where('id', 'in', [idle.contactId, recentCall.contactId]).execute()
    await ctx.db.updateTable('timeline_event').set({ occurred_at: sql<Date>`now() - interval '13 months'` })
      .where('contact_id', '=', idle.contactId).execute()
    await ctx.db.updateTable('timeline_event').set({ occurred_at: sql<Date>`now() - interval '1 month'` })
      .where('contact_id', '=', recentCall.contactId).execute()

    await ctx.app.jobs.enqueue(ctx.db, RETENTION_QUEUE, {})
    await ctx.app.jobs.drain()

    const state = async (id: number) => (await ctx.db.selectFrom('contact').select(['erased_at', 'first_name']).where('id', '=', id).executeTakeFirstOrThrow())
    expect(await state(idle.contactId)).toMatchObject({ erased_at: expect.any(Date), first_name: null })
    expect(await state(recentCall.contactId)).toMatchObject({ erased_at: null, first_name: 'Giulia' })
    expect(await state(fresh.contactId)).toMatchObject({ erased_at: null })
    // Bergamo keeps the default 36 months: 20 idle months are within it.
    expect(await state(bergamoIdle)).toMatchObject({ erased_at: null, first_name: 'Bortolo' })
    const [entry] = (await auditEntries(ctx, 'crm.contact.erased')).filter((a) => a.entity_id === String(idle.contactId))
    expect(entry).toMatchObject({ actor_id: null, chamber_id: milano, request_id: RETENTION_QUEUE })
    expect(entry!.after).toMatchObject({ reason: 'retention: no activity for more than 12 months' })

    expect(await ctx.app.jobs.pending(RETENTION_QUEUE)).toEqual([])
    // The next runs are the schedule's: one, however many instances start (core/jobs.test.ts).
    const schedules = await ctx.app.jobs.boss.getSchedules(RETENTION_QUEUE)
    expect(schedules.map((s) => [s.cron, s.timezone])).toEqual([['0 3 * * *', 'Europe/Rome']])
  })
})
