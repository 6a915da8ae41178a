import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { chamberId, createTestContext, demoAuth, makeUser, login, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { startSmtpSink, type SmtpSink } from '../../../../test/smtp-sink.ts'
import { MAILING_QUEUE, MailingSender } from './sender.ts'

/**
 * Mailings against a real SMTP server the test starts (smtp-server), read back with mailparser:
 * who gets the message, its headers and body, the rate, bounces, one-click unsubscribe, the
 * provider's reports, and a run killed mid-way that sends nothing twice.
 */
let ctx: TestContext
let sink: SmtpSink
let milano: number, bergamo: number
let coordinator: Auth, promoter: Auth, bergamoCoordinator: Auth
const SECRET = 'a-shared-secret-of-the-provider-0123456789'
const people: Record<string, number> = {}
let segmentId: number

async function person(firmId: number, first: string, email: string, purposes: string[], withdrawn: string[] = []): Promise<number> {
  const { id } = await ctx.db.insertInto('contact').values({ firm_id: firmId, first_name: first, last_name: 'Test', email })
    .returning('id').executeTakeFirstOrThrow()
  for (const purpose of [...purposes, ...withdrawn]) {
    await ctx.db.insertInto('consent').values({ contact_id: id, purpose, granted_at: new Date(), source: 'test', text_version: 'v1',
      withdrawn_at: withdrawn.includes(purpose) ? new Date() : null }).execute()
  }
  people[first] = id
  return id
}

const figures = async (id: number) => (await ctx.http().get(`${base()}/mailings/${id}`).set(promoter).expect(200)).body.figures
const base = () => `/api/v1/chambers/${milano}`
/** A raw header line's value (mailparser turns List-* headers into objects). */
const header = (m: { headerLines: readonly { key: string; line: string }[] }, key: string) =>
  m.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, '')
const ofMailing = (id: number) => sink.messages.filter((m) => m.messageId?.startsWith(`<mailing.${id}.`))
const countRows = async (table: 'mailing' | 'audit_log' | 'mailing_recipient') =>
  Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
const activeConsent = async (contactId: number, purpose: string) => Boolean(await ctx.db.selectFrom('consent').select('id')
  .where('contact_id', '=', contactId).where('purpose', '=', purpose).where('withdrawn_at', 'is', null).executeTakeFirst())

const TEMPLATE = 'Gentile {{persona.nome}},\n\nla {{camera.nome}} invita {{impresa.nome}} al seminario: https://pid.example/eventi/ai?x=1\n\nA presto'

async function createMailing(body: Record<string, unknown> = {}): Promise<number> {
  const res = await ctx.http().post(`${base()}/mailings`).set(coordinator)
    .send({ segmentId, purpose: 'newsletter', subject: 'Novità per {{impresa.nome}}', body: TEMPLATE, ...body }).expect(201)
  return res.body.id
}

beforeAll(async () => {
  sink = await startSmtpSink()
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000', SMTP_URL: sink.url, MAILING_RATE_PER_MINUTE: '3', MAILING_EVENTS_SECRET: SECRET } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  coordinator = await demoAuth(ctx, 'coordinatore@pid.example')
  promoter = { authorization: `Bearer ${(await login(ctx, (await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })).email)).token}` }
  bergamoCoordinator = { authorization: `Bearer ${(await login(ctx, (await makeUser(ctx.db, 'digital_coordinator', { chamberId: bergamo })).email)).token}` }
  const f1 = (await makeFirm(ctx.db, { name: 'Alfa S.r.l.', ateco_section: 'C', size_class: 'small' })).id
  const f2 = (await makeFirm(ctx.db, { name: 'Beta S.p.A.', ateco_section: 'C', size_class: 'small' })).id
  const f3 = (await makeFirm(ctx.db, { name: 'Gamma S.n.c.', ateco_section: 'C', size_class: 'small' })).id
  const outside = (await makeFirm(ctx.db, { name: 'Fuori S.r.l.', ateco_section: 'J', size_class: 'small' })).id
  await person(f1, 'Anna', 'anna@alfa.it', ['newsletter', 'profiling'])
  await person(f1, 'Bruno', 'bruno@alfa.it', ['newsletter'])
  await person(f2, 'Carla', 'carla@beta.it', ['events'])
  await person(f2, 'Dario', 'dario@beta.it', ['newsletter'])
  await person(f3, 'Elena', 'elena@gamma.it', [], ['newsletter'])
  await person(f3, 'Anna2', 'ANNA@alfa.it', ['newsletter'])
  await person(f3, 'Fabio', 'fabio@gamma.it', ['newsletter'])
  await person(f3, 'Gina', 'gina@gamma.it', ['newsletter'])
  await person(outside, 'Ugo', 'ugo@fuori.it', ['newsletter'])
  sink.reject.add('dario@beta.it')
  segmentId = (await ctx.http().post(`${base()}/segments`).set(coordinator)
    .send({ name: 'Manifattura piccola', filter: { sections: ['C'], sizes: ['small'] } }).expect(201)).body.id
}, 120_000)
afterAll(async () => {
  await ctx?.close()
  await sink?.close()
})

describe('mailings', () => {
  it('refuses unknown template fields by name, bad subjects and foreign segments, writing nothing', async () => {
    const before = await Promise.all([countRows('mailing'), countRows('audit_log')])
    const bad = await ctx.http().post(`${base()}/mailings`).set(coordinator)
      .send({ segmentId, purpose: 'newsletter', subject: 'Ciao {{persona.eta}}', body: '{{impresa.fatturato}} {{#impresa.nome}}{{x}}{{/impresa.nome}}' }).expect(400)
    expect(bad.body.detail).toContain('persona.eta')
    expect(bad.body.detail).toContain('impresa.fatturato')
    expect(bad.body.detail).toContain('x')
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/body', '/subject'])
    await ctx.http().post(`${base()}/mailings`).set(coordinator).send({ segmentId, purpose: 'newsletter', subject: 'x', body: '{{> partial}}' }).expect(400)
    await ctx.http().post(`${base()}/mailings`).set(coordinator).send({ segmentId, purpose: 'newsletter', subject: 'x', body: '{{#impresa.nome}' }).expect(400)
    await ctx.http().post(`${base()}/mailings`).set(coordinator).send({ segmentId, purpose: 'newsletter', subject: 'a\r\nBcc: x@y.it', body: 'x' }).expect(400)
    await ctx.http().post(`${base()}/mailings`).set(coordinator).send({ segmentId, purpose: 'profiling', subject: 'x', body: 'x' }).expect(400)
    await ctx.http().post(`${base()}/mailings`).set(coordinator).send({ segmentId, purpose: 'newsletter', subject: 'x', body: 'a\u0000b' }).expect(400)
    const bergamoSegment = (await ctx.http().post(`/api/v1/chambers/${bergamo}/segments`).set(bergamoCoordinator).send({ name: 'BG', filter: {} }).expect(201)).body.id
    const foreign = await ctx.http().post(`${base()}/mailings`).set(coordinator).send({ segmentId: bergamoSegment, purpose: 'newsletter', subject: 'x', body: 'x' }).expect(400)
    expect(foreign.body.errors[0].path).toBe('/segmentId')
    await ctx.http().post(`${base()}/mailings`).set(promoter).send({ segmentId, purpose: 'newsletter', subject: 'x', body: 'x' }).expect(403)
    expect(await Promise.all([countRows('mailing'), countRows('audit_log')])).toEqual([before[0], before[1] + 1]) // the Bergamo segment's audit row
  })

  let first: number
  it('previews for a chosen recipient, test-sends to the staff member, counts only consenting people once per address', async () => {
    first = await createMailing()
    const audience = (await ctx.http().get(`${base()}/mailings/${first}/audience`).set(promoter).expect(200)).body
    expect(audience.count).toBe(5)
    expect(audience.sample.map((p: { email: string }) => p.email.toLowerCase()).sort())
      .toEqual(['anna@alfa.it', 'bruno@alfa.it', 'dario@beta.it', 'fabio@gamma.it', 'gina@gamma.it'])
    const preview = (await ctx.http().get(`${base()}/mailings/${first}/preview?contactId=${people.Bruno}`).set(promoter).expect(200)).body
    expect(preview).toMatchObject({ contactId: people.Bruno, to: 'bruno@alfa.it', subject: 'Novità per Alfa S.r.l.' })
    expect(preview.text).toContain('Gentile Bruno,\n\nla Camera di commercio di Milano')
    expect(preview.text).toMatch(/Per non riceverli più: http:\/\/pid\.test\/disiscrizione\?token=/)
    await ctx.http().get(`${base()}/mailings/${first}/preview?contactId=${people.Carla}`).set(promoter).expect(400)
    await ctx.http().get(`/api/v1/chambers/${bergamo}/mailings/${first}`).set(bergamoCoordinator).expect(404)
    await ctx.http().get(`${base()}/mailings/${first}`).set(bergamoCoordinator).expect(403)

    const test = await ctx.http().post(`${base()}/mailings/${first}/test`).set(coordinator).send({ contactId: people.Anna }).expect(202)
    expect(test.body.to).toBe('coordinatore@pid.example')
    await ctx.app.jobs.drain()
    const [mail] = sink.to('coordinatore@pid.example')
    expect(mail!.subject).toBe('[Prova] Novità per Alfa S.r.l.')
    expect(mail!.text).toContain('Gentile Anna,')
    expect(ofMailing(first)).toHaveLength(0)
  })

  it('sends at the configured rate through the queue, with one-click headers, re-checking consent at send time; a 5xx is a hard bounce', async () => {
    const sent = await ctx.http().post(`${base()}/mailings/${first}/send`).set(coordinator).send({}).expect(200)
    expect(sent.body.status).toBe('scheduled')
    await ctx.http().put(`${base()}/mailings/${first}`).set(coordinator).send({ segmentId, purpose: 'newsletter', subject: 'x', body: 'x' }).expect(409)
    expect(await ctx.app.jobs.runOnce([MAILING_QUEUE])).toBe(true)
    // One minute's worth (3): Anna, Bruno and Dario (refused with 550).
    expect(ofMailing(first).map((m) => m.to && !Array.isArray(m.to) ? m.to.text : '').sort()).toEqual(['anna@alfa.it', 'bruno@alfa.it'])
    let f = await figures(first)
    expect(f).toMatchObject({ recipients: 5, sent: 2, bounced: 1, queued: 2 })
    const next = await ctx.app.jobs.pending(MAILING_QUEUE, { mailingId: first })
    expect(next).toHaveLength(1)
    expect(new Date(next[0]!.startAfter).getTime() - Date.now()).toBeGreaterThan(50_000)
    expect(await ctx.app.jobs.runOnce([MAILING_QUEUE])).toBe(false) // not due yet

    // Fabio withdraws before the next minute: he is skipped.
    await ctx.db.updateTable('consent').set({ withdrawn_at: new Date() }).where('contact_id', '=', people.Fabio!).execute()
    await ctx.app.jobs.bringForward(MAILING_QUEUE, { mailingId: first })
    await ctx.app.jobs.drain()
    f = await figures(first)
    expect(f).toMatchObject({ recipients: 5, queued: 0, sent: 3, bounced: 1, skipped: 1, tracked: 1, failed: 0, uncertain: 0 })
    expect((await ctx.http().get(`${base()}/mailings/${first}`).set(promoter).expect(200)).body.status).toBe('sent')

    const [anna] = sink.to('anna@alfa.it').filter((m) => m.messageId?.startsWith(`<mailing.${first}.`))
    expect(anna!.subject).toBe('Novità per Alfa S.r.l.')
    expect(header(anna!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
    expect(header(anna!, 'list-unsubscribe')).toMatch(/^<http:\/\/pid\.test\/api\/v1\/public\/unsubscribe\/[A-Za-z0-9_-]{43}>$/)
    expect(anna!.text).toContain('Gentile Anna,')
    expect(anna!.text!.trimEnd()).toMatch(/disiscrizione\?token=[A-Za-z0-9_-]{43}$/)
    // Anna consented to profiling: pixel and tracked link; Bruno did not: text only.
    expect(anna!.html).toContain('/api/v1/public/mailings/open/')
    expect(anna!.html).toContain('/api/v1/public/mailings/click/')
    const [bruno] = sink.to('bruno@alfa.it')
    expect(bruno!.html).toBe(false)
    expect(bruno!.text).toContain('https://pid.example/eventi/ai?x=1')
    expect(sink.to('carla@beta.it').concat(sink.to('elena@gamma.it'), sink.to('ugo@fuori.it'), sink.to('fabio@gamma.it'))).toHaveLength(0)

    const recipients = (await ctx.http().get(`${base()}/mailings/${first}/recipients?status=bounced`).set(promoter).expect(200)).body.items
    expect(recipients).toMatchObject([{ email: 'dario@beta.it', status: 'bounced' }])
    expect(recipients[0].error).toMatch(/550/)
    const events = await ctx.db.selectFrom('timeline_event').select(['contact_id', 'type']).where('source_module', '=', 'mailings').execute()
    expect(events.map((e) => e.contact_id).sort()).toEqual([people.Anna, people.Bruno, people.Gina].sort())
  })

  it('tracks opens and clicks only for who consented to profiling, and redirects only to the template\'s links', async () => {
    const token = (m: { text?: string }) => /token=([A-Za-z0-9_-]{43})/.exec(m.text!)![1]!
    const anna = token(sink.to('anna@alfa.it').find((m) => m.messageId?.startsWith(`<mailing.${first}.`))!)
    const bruno = token(sink.to('bruno@alfa.it')[0]!)
    const click = await ctx.http().get(`/api/v1/public/mailings/click/${anna}/0`).expect(302)
    expect(click.headers.location).toBe('https://pid.example/eventi/ai?x=1')
    await ctx.http().get(`/api/v1/public/mailings/click/${anna}/1`).expect(404)
    const hostile = await ctx.http().get(`/api/v1/public/mailings/click/${anna}/0?url=https://evil.example&next=//evil.example`).expect(302)
    expect(hostile.headers.location).toBe('https://pid.example/eventi/ai?x=1')
    await ctx.http().get(`/api/v1/public/mailings/click/${anna}/https:%2F%2Fevil.example`).expect(400)
    const pixel = await ctx.http().get(`/api/v1/public/mailings/open/${bruno}`).expect(200)
    expect(pixel.headers['content-type']).toBe('image/gif')
    await ctx.http().get(`/api/v1/public/mailings/click/${bruno}/0`).expect(302)
    expect(await figures(first)).toMatchObject({ opened: 1, clicked: 1 })
  })

  it('one-click unsubscribe (POST) withdraws the consent; GET only leads to the confirm page', async () => {
    const line = header(sink.to('anna@alfa.it').find((m) => m.messageId?.startsWith(`<mailing.${first}.`))!, 'list-unsubscribe')!
    const path = line.slice(1, -1).replace('http://pid.test', '')
    const token = path.split('/').pop()!
    const get = await ctx.http().get(path).expect(303)
    expect(get.headers.location).toBe(`http://pid.test/disiscrizione?token=${token}`)
    expect(await activeConsent(people.Anna!, 'newsletter')).toBe(true)
    const details = await ctx.http().get(`${path}/details`).expect(200)
    expect(details.body).toEqual({ purpose: 'newsletter', chamberName: 'Camera di commercio di Milano', email: 'a***@alfa.it', unsubscribed: false })
    const post = await ctx.http().post(path).type('form').send('List-Unsubscribe=One-Click').expect(200)
    expect(post.body.unsubscribed).toBe(true)
    expect(await activeConsent(people.Anna!, 'newsletter')).toBe(false)
    expect(await activeConsent(people.Anna!, 'profiling')).toBe(true)
    await ctx.http().post(path).type('form').send('List-Unsubscribe=One-Click').expect(200) // idempotent
    await ctx.http().post(`/api/v1/public/unsubscribe/${'A'.repeat(43)}`).send({}).expect(404)
    await ctx.http().post('/api/v1/public/unsubscribe/short').send({}).expect(400)
    expect((await figures(first)).unsubscribed).toBe(1)
    const audit = await ctx.db.selectFrom('audit_log').select(['action']).where('entity', '=', 'contact').where('entity_id', '=', String(people.Anna!)).execute()
    expect(audit.map((a) => a.action)).toEqual(['crm.consent.withdrawn'])
    expect(await activeConsent(people.Anna2!, 'newsletter')).toBe(false) // the same address at another firm
  })

  it('records the provider\'s reports by Message-ID behind a shared secret; a complaint withdraws and suppresses', async () => {
    const id = (address: string) => sink.to(address).find((m) => m.messageId?.startsWith(`<mailing.${first}.`))!.messageId!
    const body = { events: [{ messageId: id('bruno@alfa.it'), type: 'delivered' }, { messageId: id('gina@gamma.it'), type: 'complaint' },
      { messageId: '<nope@pid.test>', type: 'bounce' }] }
    await ctx.http().post('/api/v1/public/mailings/events').send(body).expect(401)
    await ctx.http().post('/api/v1/public/mailings/events').set('authorization', 'Bearer wrong').send(body).expect(401)
    await ctx.http().post('/api/v1/public/mailings/events').set('authorization', `Bearer ${SECRET}`).send({ events: [{ messageId: 'x', type: 'read' }] }).expect(400)
    const res = await ctx.http().post('/api/v1/public/mailings/events').set('authorization', `Bearer ${SECRET}`).send(body).expect(200)
    expect(res.body).toEqual({ recorded: 2, unknown: ['<nope@pid.test>'] })
    expect(await figures(first)).toMatchObject({ delivered: 1, complaints: 1, sent: 3 })
    expect(await activeConsent(people.Gina!, 'newsletter')).toBe(false)
  })

  it('the next mailing skips who unsubscribed, bounced or complained', async () => {
    await ctx.db.insertInto('consent').values({ contact_id: people.Gina!, purpose: 'newsletter', granted_at: new Date(), source: 'test', text_version: 'v2' }).execute()
    const second = await createMailing({ subject: 'Di nuovo' })
    const audience = (await ctx.http().get(`${base()}/mailings/${second}/audience`).set(promoter).expect(200)).body
    // Anna unsubscribed, Dario bounced, Gina complained (suppressed even with a new consent), Fabio withdrew; Anna2 shares Anna's address.
    expect(audience.sample.map((p: { email: string }) => p.email)).toEqual(['bruno@alfa.it'])
    // Schedule and cancel before it starts; a draft cannot be cancelled.
    const later = new Date(Date.now() + 3600_000).toISOString()
    expect((await ctx.http().post(`${base()}/mailings/${second}/send`).set(coordinator).send({ sendAt: later }).expect(200)).body.sendAt).toBe(later)
    expect((await ctx.http().post(`${base()}/mailings/${second}/cancel`).set(coordinator).send({}).expect(200)).body.status).toBe('draft')
    await ctx.http().post(`${base()}/mailings/${second}/cancel`).set(coordinator).send({}).expect(409)
    await ctx.http().post(`${base()}/mailings/${second}/send`).set(coordinator).send({ sendAt: '2100-01-01T00:00:00Z' }).expect(400)
    await ctx.app.jobs.bringForward(MAILING_QUEUE, { mailingId: second })
    await ctx.app.jobs.drain() // the cancelled schedule's job finds a draft and does nothing
    expect(await figures(second)).toMatchObject({ recipients: 0 })
    const list = (await ctx.http().get(`${base()}/mailings`).set(promoter).expect(200)).body.items
    expect(list.map((m: { id: number }) => m.id)).toEqual([second, first])
  })

  it('a run killed mid-way is resumed without sending anything twice: the row caught mid-send is uncertain', async () => {
    const f = (await makeFirm(ctx.db, { name: 'Delta S.r.l.', ateco_section: 'C', size_class: 'small' })).id
    const crowd = ['h1', 'h2', 'h3', 'h4'].map((n) => `${n}@delta.it`)
    for (const [i, email] of crowd.entries()) await person(f, `Delta${i}`, email, ['events'])
    const id = await createMailing({ purpose: 'events', subject: 'Evento' })
    await ctx.http().post(`${base()}/mailings/${id}/send`).set(coordinator).send({}).expect(200)

    // Carla (events consent, in the segment) and the four of Delta.
    // The first worker dies in the middle of its second SMTP conversation: the message is accepted, the process never hears back.
    const real = ctx.app.mailer.sendDirect.bind(ctx.app.mailer)
    let calls = 0
    let reachedCrash!: () => void
    const crashed = new Promise<void>((resolve) => { reachedCrash = resolve })
    const spy = vi.spyOn(ctx.app.mailer, 'sendDirect').mockImplementation(async (mail) => {
      await real(mail)
      if (++calls === 2) { reachedCrash(); await new Promise(() => {}) }
    })
    const deps = { db: ctx.db, mailer: ctx.app.mailer, crm: ctx.app.crm, jobs: ctx.app.jobs, publicUrl: 'http://pid.test', ratePerMinute: 10 }
    void new MailingSender(deps).run(id)
    await crashed
    spy.mockRestore()
    expect(ofMailing(id)).toHaveLength(2)
    expect(await figures(id)).toMatchObject({ recipients: 5, sent: 1, queued: 3 })

    // Another worker picks the mailing up.
    await new MailingSender(deps).run(id)
    const sent = ofMailing(id).map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : ''))
    expect(sent.sort()).toEqual(['carla@beta.it', ...crowd])
    expect(await figures(id)).toMatchObject({ recipients: 5, sent: 4, uncertain: 1, queued: 0 })
    const uncertain = (await ctx.http().get(`${base()}/mailings/${id}/recipients?status=uncertain`).set(promoter).expect(200)).body.items
    expect(uncertain).toHaveLength(1)
    expect(uncertain[0].email).toBe(crowd[0]) // Carla first, then h1 (by address): the second conversation
  })
})
