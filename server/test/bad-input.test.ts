import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, count, createTestContext, loginDemo, type TestContext } from './helpers.ts'

/** Bad input gets a clear 400/413/415 problem+json and writes nothing. */
let ctx: TestContext
let url: string
let auth: { authorization: string }
let before: Record<string, number>
const TABLES = ['app_user', 'role_assignment', 'invitation', 'mail_outbox', 'audit_log', 'chamber'] as const

beforeAll(async () => {
  ctx = await createTestContext({ env: { BODY_LIMIT_BYTES: '4096' } })
  const milano = await chamberId(ctx.db, 'Milano')
  url = `/api/v1/chambers/${milano}/invitations`
  auth = { authorization: `Bearer ${(await loginDemo(ctx, 'leader@pid.example')).token}` }
  before = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await count(ctx.db, t)])))
})
afterAll(async () => {
  const after = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await count(ctx.db, t)])))
  expect(after).toEqual(before)
  await ctx.close()
})

const valid = { email: 'nuovo@test.example', name: 'Nuovo Utente', role: 'digital_promoter' }

async function expectProblem(res: { status: number; headers: Record<string, string>; body: { status: number; code: string } }, status: number, code: string) {
  expect(res.status).toBe(status)
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
  expect(res.body).toMatchObject({ status, code })
}

describe('bad input', () => {
  it('malformed JSON', async () => {
    const res = await ctx.http().post(url).set(auth).set('content-type', 'application/json').send('{"email": "x@y.it",')
    await expectProblem(res, 400, 'validation')
  })

  it('wrong types, with field paths', async () => {
    const res = await ctx.http().post(url).set(auth).send({ ...valid, name: 42, role: 'emperor' })
    await expectProblem(res, 400, 'validation')
    const paths = res.body.errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['/name', '/role']))
  })

  it('missing fields, named', async () => {
    const res = await ctx.http().post(url).set(auth).send({ name: 'Senza Email', role: 'mentor' })
    await expectProblem(res, 400, 'validation')
    expect(res.body.errors).toEqual([{ path: '/email', message: expect.any(String), keyword: 'required', params: { missingProperty: 'email' } }])
  })

  it('unknown fields are rejected, not dropped', async () => {
    const res = await ctx.http().post(url).set(auth).send({ ...valid, isAdmin: true })
    await expectProblem(res, 400, 'validation')
    expect(res.body.errors).toEqual([{ path: '/isAdmin', message: 'unknown property', keyword: 'additionalProperties', params: { additionalProperty: 'isAdmin' } }])
  })

  it('overlong strings and bad formats', async () => {
    const res = await ctx.http().post(url).set(auth).send({ ...valid, name: 'x'.repeat(500), email: 'not-an-email' })
    await expectProblem(res, 400, 'validation')
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/email', '/name'])
  })

  it('oversized bodies', async () => {
    const res = await ctx.http().post(url).set(auth).send({ ...valid, name: 'x'.repeat(10_000) })
    await expectProblem(res, 413, 'payload_too_large')
  })

  it('other media types', async () => {
    const res = await ctx.http().post(url).set(auth).set('content-type', 'application/xml').send('<email/>')
    await expectProblem(res, 415, 'unsupported_media_type')
  })

  it('bad path and query parameters', async () => {
    await expectProblem(await ctx.http().get('/api/v1/chambers/abc').set(auth), 400, 'validation')
    await expectProblem(await ctx.http().get('/api/v1/chambers/0').set(auth), 400, 'validation')
    const q = await ctx.http().get(`${url.replace('/invitations', '/audit')}?limit=100000`).set(auth)
    await expectProblem(q, 400, 'validation')
    expect(q.body.errors[0].path).toBe('/querystring/limit')
    await expectProblem(await ctx.http().get(`${url.replace('/invitations', '/audit')}?cursor=xyz`).set(auth), 400, 'validation')
    await expectProblem(await ctx.http().get(`${url.replace('/invitations', '/audit')}?sort=evil`).set(auth), 400, 'validation')
  })

  it('a rejected business rule writes nothing either', async () => {
    // Inviting with a non-chamber role passes the schema but not the service: nothing is written.
    const res = await ctx.http().post(url).set(auth).send({ ...valid, role: 'platform_admin' })
    await expectProblem(res, 400, 'validation')
    expect(res.body.errors).toEqual([{ path: '/role', message: 'not a chamber role' }])
  })
})
