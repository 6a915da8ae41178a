import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { chamberId, createTestContext, type TestContext } from '../../test/helpers.ts'
import { fakeVat, makeFirm } from '../../test/crm-factories.ts'
import { demoAuth, bearer, partnerUser, type Auth } from '../../test/actors.ts'
import { firmSession } from '../../test/firm-access-helpers.ts'
import { IDEMPOTENCY_PRUNE_QUEUE } from './idempotency.ts'

/**
 * Test-only routes: `slow` waits at a gate the test opens, so two requests with the same key are
 * provably in flight together; `client` and `firm` answer API clients and firm sessions.
 */
let gate: { open: () => void; opened: Promise<void> }
let runs = 0
const newGate = () => { let open!: () => void; const opened = new Promise<void>((r) => { open = r }); gate = { open, opened } }
const Answer = { type: 'object', properties: { run: { type: 'integer' } } } as const
function testRoutes(app: FastifyInstance) {
  const schema = { body: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }, response: { 201: Answer } }
  app.post('/api/v1/test/slow', { schema, config: { guard: 'authenticated' } }, async (_req, reply) => {
    runs++
    // A second request inside the handler would be the bug under test: let both finish so the test fails fast.
    if (runs > 1) gate.open()
    await gate.opened
    return reply.code(201).send({ run: runs })
  })
  app.post('/api/v1/test/client', { schema, config: { guard: { apiClient: 'any' } } }, async (_req, reply) => reply.code(201).send({ run: ++runs }))
  app.post('/api/v1/test/firm', { schema, config: { guard: { firm: 'any' } } }, async (_req, reply) => reply.code(201).send({ run: ++runs }))
}

let ctx: TestContext
let milano: number
let leader: Auth
let url: string
beforeAll(async () => {
  ctx = await createTestContext({ routes: testRoutes })
  milano = await chamberId(ctx.db, 'Milano')
  leader = await demoAuth(ctx, 'leader@pid.example')
  url = `/api/v1/chambers/${milano}/firms`
})
afterAll(async () => { await ctx.close() })

const firm = (name = 'Officina Idempotente S.r.l.') => ({ name, taxCode: fakeVat(), provinceCode: 'MI' })
const firmsNamed = async (name: string) => (await ctx.db.selectFrom('firm').select('id').where('name', '=', name).execute()).length
const records = (key: string) => ctx.db.selectFrom('idempotency_record').selectAll().where('key', '=', key).execute()

describe('Idempotency-Key on creating POSTs', () => {
  it('answers a retry with the first answer, marked as replayed, and creates once', async () => {
    const body = firm('Replay S.r.l.')
    const first = await ctx.http().post(url).set(leader).set('idempotency-key', 'replay-1').send(body).expect(201)
    const again = await ctx.http().post(url).set(leader).set('idempotency-key', 'replay-1').send(Object.fromEntries(Object.entries(body).reverse())).expect(201)
    expect(first.headers['idempotent-replayed']).toBeUndefined()
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.headers['content-type']).toBe(first.headers['content-type'])
    expect(again.body).toEqual(first.body)
    expect(await firmsNamed('Replay S.r.l.')).toBe(1)
    const [row, ...more] = await records('replay-1')
    expect(more).toEqual([])
    expect(row).toMatchObject({ principal: expect.stringMatching(/^user:\d+$/), state: 'done', status_code: 201 })
    expect(row!.fingerprint).toMatch(new RegExp(`^POST ${url} sha256:[0-9a-f]{64}$`))
  })

  it('refuses the same key with another body (422) and writes nothing', async () => {
    await ctx.http().post(url).set(leader).set('idempotency-key', 'reused-1').send(firm('First S.r.l.')).expect(201)
    const res = await ctx.http().post(url).set(leader).set('idempotency-key', 'reused-1').send(firm('Second S.r.l.')).expect(422)
    expect(res.body.code).toBe('idempotency_key_reused')
    expect(await firmsNamed('Second S.r.l.')).toBe(0)
    expect((await records('reused-1')).map((r) => r.state)).toEqual(['done'])
  })

  it('lets one of two requests with the same key in at once; the other gets 409 with Retry-After', async () => {
    newGate()
    runs = 0
    const send = () => ctx.http().post('/api/v1/test/slow').set(leader).set('idempotency-key', 'race-1').send({ n: 1 })
      // The first answer to arrive is the refused one: it opens the gate for the one in flight.
      .then((res) => { gate.open(); return res })
    const answers = await Promise.all([send(), send()])
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409])
    const refused = answers.find((r) => r.status === 409)!
    expect(refused.body.code).toBe('idempotency_key_in_flight')
    expect(refused.headers['retry-after']).toBe('1')
    expect(runs).toBe(1)
    const replay = await ctx.http().post('/api/v1/test/slow').set(leader).set('idempotency-key', 'race-1').send({ n: 1 }).expect(201)
    expect([replay.body, replay.headers['idempotent-replayed'], runs]).toEqual([{ run: 1 }, 'true', 1])
  })

  it('frees a key after 24 hours: the daily job forgets it and the key may be used again', async () => {
    await ctx.http().post(url).set(leader).set('idempotency-key', 'old-1').send(firm('Old S.r.l.')).expect(201)
    await sql`UPDATE idempotency_record SET created_at = now() - interval '25 hours' WHERE key = 'old-1'`.execute(ctx.db)
    // Expired but not yet pruned: the key is free already.
    await ctx.http().post(url).set(leader).set('idempotency-key', 'old-1').send(firm('New S.r.l.')).expect(201)
    expect([await firmsNamed('Old S.r.l.'), await firmsNamed('New S.r.l.')]).toEqual([1, 1])
    await sql`UPDATE idempotency_record SET created_at = now() - interval '25 hours' WHERE key = 'old-1'`.execute(ctx.db)
    await ctx.app.jobs.enqueue(ctx.db, IDEMPOTENCY_PRUNE_QUEUE, {})
    await ctx.app.jobs.drain()
    expect(await records('old-1')).toEqual([])
    expect((await records('replay-1')).length).toBe(1)
  })

  it('keeps nothing for a 400 (the request never ran, as at Stripe): the corrected body goes through with the same key', async () => {
    const bad = await ctx.http().post(url).set(leader).set('idempotency-key', 'fix-1').send({ name: 'Fixed S.r.l.', provinceCode: 'MI' }).expect(400)
    expect(bad.body.code).toBe('validation')
    expect(await records('fix-1')).toEqual([])
    await ctx.http().post(url).set(leader).set('idempotency-key', 'fix-1').send(firm('Fixed S.r.l.')).expect(201)
    expect(await firmsNamed('Fixed S.r.l.')).toBe(1)
  })

  it('keeps a 4xx the handler answered (a 404): the retry gets it again, another body with the key a 422', async () => {
    const contacts = `/api/v1/chambers/${milano}/firms/999999/contacts`
    const person = { firstName: 'Anna', lastName: 'Rossi' }
    const first = await ctx.http().post(contacts).set(leader).set('idempotency-key', 'gone-1').send(person).expect(404)
    const again = await ctx.http().post(contacts).set(leader).set('idempotency-key', 'gone-1').send(person).expect(404)
    expect([again.headers['idempotent-replayed'], again.headers['content-type']]).toEqual(['true', 'application/problem+json; charset=utf-8'])
    expect(again.body.code).toBe(first.body.code)
    await ctx.http().post(contacts).set(leader).set('idempotency-key', 'gone-1').send({ ...person, lastName: 'Bianchi' }).expect(422)
  })

  it('drops the claim of a 409 so that the retry runs', async () => {
    const body = firm('Twice S.r.l.')
    await ctx.http().post(url).set(leader).send(body).expect(201)
    const dup = await ctx.http().post(url).set(leader).set('idempotency-key', 'conflict-1').send(body)
    expect(dup.status).toBe(409)
    expect(await records('conflict-1')).toEqual([])
  })

  it('refuses a malformed key with a 400', async () => {
    await ctx.http().post(url).set(leader).set('idempotency-key', 'x'.repeat(256)).send(firm()).expect(400)
    await ctx.http().post(url).set(leader).set('idempotency-key', 'chiave-è').send(firm()).expect(400)
  })

  it('gives a person, an API client and a firm session keys of their own', async () => {
    const partner = await partnerUser(ctx, milano)
    const created = await ctx.http().post(`/api/v1/chambers/${milano}/api-clients`).set(leader)
      .send({ partnerId: partner.partnerId, name: 'Gestionale', scopes: ['firms:write'] }).expect(201)
    const token = await ctx.http().post('/api/v1/oauth/token')
      .send({ grant_type: 'client_credentials', client_id: created.body.client.clientId, client_secret: created.body.clientSecret }).expect(200)
    const client = bearer(token.body.access_token)
    const session = bearer(await firmSession(ctx, (await makeFirm(ctx.db, { province_code: 'MI' })).id))
    runs = 0
    const a = await ctx.http().post('/api/v1/test/client').set(client).set('idempotency-key', 'shared-1').send({ n: 1 }).expect(201)
    const b = await ctx.http().post('/api/v1/test/firm').set(session).set('idempotency-key', 'shared-1').send({ n: 1 }).expect(201)
    const c = await ctx.http().post(url).set(partner.auth).set('idempotency-key', 'shared-1').send(firm('Shared S.r.l.')).expect(201)
    expect([a.body.run, b.body.run, c.headers['idempotent-replayed']]).toEqual([1, 2, undefined])
    expect((await records('shared-1')).map((r) => r.principal.split(':')[0]).sort()).toEqual(['client', 'firm', 'user'])
  })

  it('documents the header, optional, on creating POSTs only, and not on the submission that keeps its own keys', async () => {
    const doc = ctx.app.swagger() as unknown as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[]; responses: Record<string, unknown> }>> }
    const header = (path: string, method = 'post') => doc.paths[path]![method]!.parameters?.find((p) => p.in === 'header' && p.name === 'Idempotency-Key')
    expect(header('/api/v1/chambers/{chamberId}/firms')).toMatchObject({ required: false })
    expect(Object.keys(doc.paths['/api/v1/chambers/{chamberId}/firms']!.post!.responses)).toEqual(expect.arrayContaining(['409', '422']))
    expect(header('/api/v1/chambers/{chamberId}/referrals/{referralId}/start')).toBeUndefined()
    expect(header('/api/v1/public/experience/events/{eventId}/registrations')).toBeUndefined()
    // Voucher submission keeps its own (lower-case, schema-declared) header and keys.
    expect(header('/api/v1/firm/vouchers/applications/{applicationId}/submit')).toBeUndefined()
  })
})
