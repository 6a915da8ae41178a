import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, login, loginDemo, makeUser, type TestContext } from '../../../../test/helpers.ts'
import { makeAgreement, makeFirm, makePartner } from '../../../../test/crm-factories.ts'
import { systemContext } from '../../../core/audit.ts'

let ctx: TestContext
let milano: number, bergamo: number
let promoter: { authorization: string }, leader: { authorization: string }
let promoterId: number
beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  promoter = { authorization: `Bearer ${(await loginDemo(ctx, 'promotore@pid.example')).token}` }
  leader = { authorization: `Bearer ${(await loginDemo(ctx, 'leader@pid.example')).token}` }
  promoterId = (await ctx.db.selectFrom('app_user').select('id').where('email', '=', 'promotore@pid.example').executeTakeFirstOrThrow()).id
})
afterAll(async () => { await ctx.close() })

const url = (firmId: number, tail = 'timeline', chamber = milano) => `/api/v1/chambers/${chamber}/firms/${firmId}/${tail}`
const touch = (over: Record<string, unknown> = {}) => ({
  type: 'call', occurredAt: new Date(Date.now() - 3600_000).toISOString(), summary: 'Telefonata di presentazione', ...over,
})
const countRows = async (table: 'timeline_event' | 'stage_change' | 'audit_log') =>
  Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

describe('timeline and awareness stage', () => {
  it('an attended event makes a new firm informed (1), an assessment self-positioned (2)', async () => {
    const firm = await makeFirm(ctx.db)
    const res = await ctx.http().post(url(firm.id)).set(promoter)
      .send(touch({ type: 'event_attendance', summary: 'Seminario Industria 4.0', details: { evento: 'Seminario', posti: 2 } })).expect(201)
    expect(res.body).toMatchObject({ stage: 1, stageChanged: true, event: {
      type: 'event_attendance', summary: 'Seminario Industria 4.0', details: { evento: 'Seminario', posti: 2 },
      author: { id: promoterId, name: 'Paola Promotrice' }, partner: null, contact: null, sourceModule: 'crm',
      firm: { id: firm.id },
    } })
    // A call implies no stage: the firm stays informed.
    const call = await ctx.http().post(url(firm.id)).set(promoter).send(touch()).expect(201)
    expect(call.body).toMatchObject({ stage: 1, stageChanged: false })

    await ctx.db.transaction().execute((tx) => ctx.app.crm.recordEvent(tx, systemContext('test'), {
      firmId: firm.id, type: 'assessment', summary: 'Self-assessment SELFI4.0 completato', sourceModule: 'assessment',
    }))
    const history = (await ctx.http().get(url(firm.id, 'stage-history')).set(promoter).expect(200)).body
    expect(history.stage).toBe(2)
    expect(history.items.map((h: { fromStage: number; toStage: number; automatic: boolean }) => [h.fromStage, h.toStage, h.automatic]))
      .toEqual([[1, 2, true], [0, 1, true]])
    const timeline = (await ctx.http().get(url(firm.id)).set(promoter).expect(200)).body.items
    expect(timeline[0]).toMatchObject({ type: 'assessment', sourceModule: 'assessment', author: null })
  })

  it('staff set the stage by hand in either direction, with a reason kept in the history', async () => {
    const firm = await makeFirm(ctx.db)
    const up = await ctx.http().put(url(firm.id, 'stage')).set(promoter).send({ stage: 4, reason: 'Progetto avviato con il DIH' }).expect(200)
    expect(up.body).toMatchObject({ stage: 4, items: [{ fromStage: 0, toStage: 4, automatic: false, reason: 'Progetto avviato con il DIH' }] })
    const down = await ctx.http().put(url(firm.id, 'stage')).set(leader).send({ stage: 2, reason: 'Progetto sospeso' }).expect(200)
    expect(down.body.stage).toBe(2)
    expect(down.body.items.map((h: { toStage: number; reason: string; changedBy: { name: string } }) => [h.toStage, h.reason, h.changedBy.name]))
      .toEqual([[2, 'Progetto sospeso', 'Laura Digital Leader'], [4, 'Progetto avviato con il DIH', 'Paola Promotrice']])
    // Each hand change is on the timeline too, and audited.
    const timeline = (await ctx.http().get(`${url(firm.id)}?types=stage_change`).set(promoter).expect(200)).body.items
    expect(timeline.map((e: { summary: string }) => e.summary)).toEqual(['Progetto sospeso', 'Progetto avviato con il DIH'])
    const audits = await ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'firm')
      .where('entity_id', '=', String(firm.id)).where('action', '=', 'crm.stage.changed').execute()
    expect(audits).toHaveLength(2)
    // A reason is required, the stage bounded; a refused change writes nothing.
    const before = await countRows('stage_change')
    const bad = await ctx.http().put(url(firm.id, 'stage')).set(promoter).send({ stage: 7 }).expect(400)
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/reason', '/stage'])
    await ctx.http().put(url(firm.id, 'stage')).set(promoter).send({ stage: 1, reason: '   ' }).expect(400)
    expect(await countRows('stage_change')).toBe(before)
  })

  it('refuses bad touches with field paths and writes nothing', async () => {
    const firm = await makeFirm(ctx.db)
    const other = await makeFirm(ctx.db)
    const { id: otherContact } = await ctx.db.insertInto('contact').values({ firm_id: other.id, first_name: 'Ugo', last_name: 'Altri' })
      .returning('id').executeTakeFirstOrThrow()
    const before = await Promise.all([countRows('timeline_event'), countRows('audit_log')])
    const future = await ctx.http().post(url(firm.id)).set(promoter)
      .send(touch({ occurredAt: new Date(Date.now() + 3 * 3600_000).toISOString() })).expect(400)
    expect(future.body.errors).toEqual([{ path: '/occurredAt', message: 'in the future' }])
    const owned = await ctx.http().post(url(firm.id)).set(promoter).send(touch({ type: 'assessment' })).expect(400)
    expect(owned.body.errors[0].path).toBe('/type')
    const contact = await ctx.http().post(url(firm.id)).set(promoter).send(touch({ contactId: otherContact })).expect(400)
    expect(contact.body.errors).toEqual([{ path: '/contactId', message: 'not a contact of this firm' }])
    const long = await ctx.http().post(url(firm.id)).set(promoter).send(touch({ summary: 'x'.repeat(2001), extra: 1 })).expect(400)
    expect(long.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/extra', '/summary'])
    expect(await Promise.all([countRows('timeline_event'), countRows('audit_log')])).toEqual(before)
  })

  it('names the contact, and only anonymously once erased', async () => {
    const firm = await makeFirm(ctx.db)
    const { id: contactId } = await ctx.db.insertInto('contact').values({ firm_id: firm.id, first_name: 'Giulia', last_name: 'Bianchi' })
      .returning('id').executeTakeFirstOrThrow()
    const res = await ctx.http().post(url(firm.id)).set(promoter).send(touch({ type: 'note', summary: 'Richiamare a settembre', contactId })).expect(201)
    expect(res.body.event.contact).toEqual({ id: contactId, name: 'Giulia Bianchi', anonymous: false })
    await ctx.db.updateTable('contact').set({ first_name: null, last_name: null, erased_at: new Date() }).where('id', '=', contactId).execute()
    const items = (await ctx.http().get(url(firm.id)).set(promoter).expect(200)).body.items
    expect(items[0].contact).toEqual({ id: contactId, name: null, anonymous: true })
  })

  it('filters by type, author and days, and pages newest first without gaps or repeats', async () => {
    const firm = await makeFirm(ctx.db)
    const leaderId = (await ctx.db.selectFrom('app_user').select('id').where('email', '=', 'leader@pid.example').executeTakeFirstOrThrow()).id
    const days = ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07']
    for (const [i, day] of days.entries()) {
      await ctx.http().post(url(firm.id)).set(i % 2 ? leader : promoter)
        .send(touch({ type: i % 3 === 0 ? 'email' : 'call', occurredAt: `${day}T10:00:00.000Z`, summary: `Contatto ${i}` })).expect(201)
    }
    // Two touches at the very same instant: the id breaks the tie.
    await ctx.http().post(url(firm.id)).set(promoter).send(touch({ occurredAt: '2025-03-07T10:00:00.000Z', summary: 'Contatto 7' })).expect(201)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res: { body: { items: { summary: string }[]; nextCursor: string | null } } = await ctx.http()
        .get(`${url(firm.id)}?limit=3${cursor ? `&cursor=${cursor}` : ''}`).set(promoter).expect(200)
      expect(res.body.items.length).toBeLessThanOrEqual(3)
      seen.push(...res.body.items.map((e) => e.summary))
      cursor = res.body.nextCursor
    } while (cursor)
    expect(seen).toEqual(['Contatto 7', 'Contatto 6', 'Contatto 5', 'Contatto 4', 'Contatto 3', 'Contatto 2', 'Contatto 1', 'Contatto 0'])

    const emails = (await ctx.http().get(`${url(firm.id)}?types=email`).set(promoter).expect(200)).body.items
    expect(emails.map((e: { summary: string }) => e.summary)).toEqual(['Contatto 6', 'Contatto 3', 'Contatto 0'])
    const both = (await ctx.http().get(`${url(firm.id)}?types=email&types=call&from=2025-03-02&to=2025-03-03`).set(promoter).expect(200)).body.items
    expect(both.map((e: { summary: string }) => e.summary)).toEqual(['Contatto 2', 'Contatto 1'])
    const byLeader = (await ctx.http().get(`${url(firm.id)}?authorId=${leaderId}`).set(promoter).expect(200)).body.items
    expect(byLeader.map((e: { summary: string }) => e.summary)).toEqual(['Contatto 5', 'Contatto 3', 'Contatto 1'])
    await ctx.http().get(`${url(firm.id)}?cursor=bm9wZQ`).set(promoter).expect(400)
    await ctx.http().get(`${url(firm.id)}?types=visit`).set(promoter).expect(400)

    // The chamber's feed holds the same touches; per promoter with authorId.
    const feed = (await ctx.http().get(`/api/v1/chambers/${milano}/timeline?authorId=${leaderId}&from=2025-03-01&to=2025-03-07&limit=2`)
      .set(leader).expect(200)).body
    expect(feed.items.map((e: { summary: string; firm: { id: number } }) => [e.summary, e.firm.id]))
      .toEqual([['Contatto 5', firm.id], ['Contatto 3', firm.id]])
    expect(feed.nextCursor).not.toBeNull()
  })

  it('keeps firms of other chambers and unrelated firms out of reach (404)', async () => {
    const firmBg = await makeFirm(ctx.db, { province_code: 'BG' })
    await ctx.http().get(url(firmBg.id)).set(promoter).expect(404)
    await ctx.http().get(url(firmBg.id, 'timeline', bergamo)).set(promoter).expect(403)
    await ctx.http().post(url(firmBg.id)).set(promoter).send(touch()).expect(404)
    await ctx.http().put(url(firmBg.id, 'stage')).set(promoter).send({ stage: 1, reason: 'x' }).expect(404)

    const partnerId = await makePartner(ctx.db)
    await makeAgreement(ctx.db, partnerId, milano)
    const user = await makeUser(ctx.db, 'partner_user', { chamberId: milano })
    await ctx.db.insertInto('partner_member').values({ user_id: user.id, partner_id: partnerId }).execute()
    const partner = { authorization: `Bearer ${(await login(ctx, user.email)).token}` }
    const related = await makeFirm(ctx.db, { registered_by_partner_id: partnerId })
    const unrelated = await makeFirm(ctx.db)
    await ctx.http().post(url(unrelated.id)).set(promoter).send(touch({ summary: 'Riservato' })).expect(201)

    await ctx.http().get(url(unrelated.id)).set(partner).expect(404)
    await ctx.http().get(url(unrelated.id, 'stage-history')).set(partner).expect(404)
    await ctx.http().post(url(unrelated.id)).set(partner).send(touch()).expect(404)
    // On a related firm the partner logs a touch in the organisation's name.
    const own = await ctx.http().post(url(related.id)).set(partner).send(touch({ summary: 'Incontro in associazione' })).expect(201)
    expect(own.body.event.partner).toMatchObject({ id: partnerId })
    const feed = (await ctx.http().get(`/api/v1/chambers/${milano}/timeline`).set(partner).expect(200)).body.items
    expect(feed.map((e: { firm: { id: number } }) => e.firm.id)).toEqual([related.id])

    // A partner user whose organisation has no agreement in force with the chamber is refused there.
    const stranger = await makeUser(ctx.db, 'partner_user', { chamberId: milano })
    const strangerAuth = { authorization: `Bearer ${(await login(ctx, stranger.email)).token}` }
    await ctx.http().get(url(related.id)).set(strangerAuth).expect(403)
    await ctx.http().get(`/api/v1/chambers/${milano}/timeline`).set(strangerAuth).expect(403)
  })
})
