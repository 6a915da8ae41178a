import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, demoAuth, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { MAILING_QUEUE } from './sender.ts'

/**
 * A mailing without SMTP (the demo, a chamber before its relay is set up): each minute's messages
 * are written to the outbox as held, marked sent and put on the timelines in one transaction, each
 * with its own unsubscribe token and Message-ID.
 */
let ctx: TestContext
let milano: number
let coordinator: Auth
const emails = ['uno@held.it', 'due@held.it', 'tre@held.it', 'quattro@held.it']

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000', MAILING_RATE_PER_MINUTE: '3' } })
  milano = await chamberId(ctx.db, 'Milano')
  coordinator = await demoAuth(ctx, 'coordinatore@pid.example')
  for (const [i, email] of emails.entries()) {
    const firm = await makeFirm(ctx.db, { name: `Held ${i} S.r.l.`, ateco_section: 'R', size_class: 'micro' })
    const { id } = await ctx.db.insertInto('contact').values({ firm_id: firm.id, first_name: `P${i}`, last_name: 'Held', email }).returning('id').executeTakeFirstOrThrow()
    await ctx.db.insertInto('consent').values({ contact_id: id, purpose: 'newsletter', granted_at: new Date(), source: 'test', text_version: 'v1' }).execute()
  }
}, 120_000)
afterAll(async () => { await ctx?.close() })

describe('a mailing without SMTP', () => {
  it('holds each minute\'s messages in the outbox, marks them sent and records them on the timelines, in one go', async () => {
    const base = `/api/v1/chambers/${milano}`
    const segmentId = (await ctx.http().post(`${base}/segments`).set(coordinator).send({ name: 'Held', filter: { sections: ['R'], sizes: ['micro'] } }).expect(201)).body.id
    const id = (await ctx.http().post(`${base}/mailings`).set(coordinator)
      .send({ segmentId, purpose: 'newsletter', subject: 'Novità per {{impresa.nome}}', body: 'Gentile {{persona.nome}}, a presto.' }).expect(201)).body.id
    await ctx.http().post(`${base}/mailings/${id}/send`).set(coordinator).send({}).expect(200)
    expect(await ctx.app.jobs.runOnce([MAILING_QUEUE])).toBe(true)

    const held = await ctx.db.selectFrom('mail_outbox').select(['to_address', 'subject', 'text_body', 'status']).where('to_address', 'in', emails).orderBy('id').execute()
    expect(held).toHaveLength(3) // one minute's worth
    expect(held.every((m) => m.status === 'held')).toBe(true)
    const rows = await ctx.db.selectFrom('mailing_recipient').select(['status', 'email', 'message_id', 'token_hash', 'attempts']).where('mailing_id', '=', id).orderBy('id').execute()
    const sent = rows.filter((r) => r.status === 'sent')
    expect(sent.map((r) => r.email)).toEqual(held.map((m) => m.to_address))
    expect(new Set(sent.map((r) => r.message_id)).size).toBe(3)
    expect(new Set(sent.map((r) => r.token_hash?.toString('hex'))).size).toBe(3)
    expect(sent.every((r) => r.attempts === 1)).toBe(true)
    const events = await ctx.db.selectFrom('timeline_event').select('summary').where('source_module', '=', 'mailings').execute()
    expect(events).toHaveLength(3)
    expect(events[0]!.summary).toMatch(/^Mailing «Novità per Held \d S\.r\.l\.» inviato$/)

    // Each message's own token works: the third person unsubscribes from the held mail's link.
    const token = /token=([A-Za-z0-9_-]{43})/.exec(held[2]!.text_body!)![1]!
    expect((await ctx.http().post(`/api/v1/public/unsubscribe/${token}`).type('form').send('List-Unsubscribe=One-Click').expect(200)).body.unsubscribed).toBe(true)

    await ctx.app.jobs.bringForward(MAILING_QUEUE, { mailingId: id })
    await ctx.app.jobs.drain()
    expect((await ctx.http().get(`${base}/mailings/${id}`).set(coordinator).expect(200)).body).toMatchObject({ status: 'sent', figures: { sent: 4, queued: 0 } })
  })
})
