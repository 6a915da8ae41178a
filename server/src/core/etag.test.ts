import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../test/helpers.ts'
import { makeFirm } from '../../test/crm-factories.ts'
import { demoAuth, partnerUser, type Auth } from '../../test/actors.ts'

let ctx: TestContext
let milano: number
let leader: Auth
beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  leader = await demoAuth(ctx, 'leader@pid.example')
})
afterAll(async () => { await ctx.close() })

const ETAG = /^"[0-9]{16,}"$/
const firmUrl = async () => `/api/v1/chambers/${milano}/firms/${(await makeFirm(ctx.db, { province_code: 'MI' })).id}`
const updatedAudits = async (action: string) =>
  Number((await ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n)

describe('ETag and If-Match on a firm', () => {
  it('answers the version on GET; a write with a stale If-Match is a 412 and changes nothing; a fresh one passes with a new ETag', async () => {
    const url = await firmUrl()
    const read = await ctx.http().get(url).set(leader).expect(200)
    expect(read.headers.etag).toMatch(ETAG)
    const first = await ctx.http().patch(url).set(leader).set('if-match', read.headers.etag!).send({ phone: '02 1111111' }).expect(200)
    expect(first.headers.etag).toMatch(ETAG)
    expect(first.headers.etag).not.toBe(read.headers.etag)
    const audits = await updatedAudits('crm.firm.updated')

    const stale = await ctx.http().patch(url).set(leader).set('if-match', read.headers.etag!).send({ phone: '02 2222222' }).expect(412)
    expect(stale.body.code).toBe('precondition_failed')
    const now = await ctx.http().get(url).set(leader).expect(200)
    expect([now.body.phone, now.headers.etag, await updatedAudits('crm.firm.updated')]).toEqual(['02 1111111', first.headers.etag, audits])

    // Any of several tags, a weak form of ours (a proxy may weaken it), or `*` / no header: the write goes through.
    await ctx.http().patch(url).set(leader).set('if-match', `"1", W/${first.headers.etag}`).send({ phone: '02 3333333' }).expect(200)
    await ctx.http().patch(url).set(leader).set('if-match', '*').send({ phone: '02 4444444' }).expect(200)
    const last = await ctx.http().patch(url).set(leader).send({ phone: '02 5555555' }).expect(200)
    expect((await ctx.http().get(url).set(leader)).headers.etag).toBe(last.headers.etag)
  })

  it('lets exactly one of two PATCHes with the same If-Match win', async () => {
    const url = await firmUrl()
    const { etag } = (await ctx.http().get(url).set(leader).expect(200)).headers
    const answers = await Promise.all(['02 7777777', '02 8888888'].map((phone) =>
      ctx.http().patch(url).set(leader).set('if-match', etag!).send({ phone })))
    expect(answers.map((r) => r.status).sort()).toEqual([200, 412])
    const winner = answers.find((r) => r.status === 200)!
    expect((await ctx.http().get(url).set(leader)).body.phone).toBe(winner.body.phone)
  })

  it('refuses an If-Match that is not a list of entity tags (400), and a partner reads the ETag too', async () => {
    const url = await firmUrl()
    await ctx.http().patch(url).set(leader).set('if-match', 'yesterday').send({ phone: '02 1' }).expect(400)
    const partner = await partnerUser(ctx, milano)
    const { id } = await ctx.http().post(`/api/v1/chambers/${milano}/firms`).set(partner.auth)
      .send({ name: 'Partner ETag S.r.l.', taxCode: '01234560157', provinceCode: 'MI' }).expect(201).then((r) => r.body)
    const own = await ctx.http().get(`/api/v1/chambers/${milano}/firms/${id}`).set(partner.auth).expect(200)
    expect(own.headers.etag).toMatch(ETAG)
  })
})

describe('ETag and If-Match on a contact and an API client', () => {
  it('a contact: GET one with its ETag (the view audited), stale PATCH 412, fresh PATCH 200', async () => {
    const firm = await makeFirm(ctx.db, { province_code: 'MI' })
    const created = await ctx.http().post(`/api/v1/chambers/${milano}/firms/${firm.id}/contacts`).set(leader)
      .send({ firstName: 'Anna', lastName: 'Rossi' }).expect(201)
    const url = `/api/v1/chambers/${milano}/contacts/${created.body.id}`
    const read = await ctx.http().get(url).set(leader).expect(200)
    expect([read.body.lastName, read.headers.etag]).toEqual(['Rossi', expect.stringMatching(ETAG)])
    const fresh = await ctx.http().patch(url).set(leader).set('if-match', read.headers.etag!).send({ jobTitle: 'CEO' }).expect(200)
    expect(fresh.headers.etag).not.toBe(read.headers.etag)
    await ctx.http().patch(url).set(leader).set('if-match', read.headers.etag!).send({ jobTitle: 'CFO' }).expect(412)
    expect((await ctx.http().get(url).set(leader)).body.jobTitle).toBe('CEO')
    await ctx.http().get(`/api/v1/chambers/${milano}/contacts/999999`).set(leader).expect(404)
  })

  it('an API client: GET with ETag, stale PATCH 412, fresh PATCH 200', async () => {
    const partner = await partnerUser(ctx, milano)
    const created = await ctx.http().post(`/api/v1/chambers/${milano}/api-clients`).set(leader)
      .send({ partnerId: partner.partnerId, name: 'Gestionale', scopes: ['firms:read'] }).expect(201)
    const url = `/api/v1/chambers/${milano}/api-clients/${created.body.client.id}`
    const read = await ctx.http().get(url).set(leader).expect(200)
    expect(read.headers.etag).toMatch(ETAG)
    await ctx.http().patch(url).set(leader).set('if-match', read.headers.etag!).send({ name: 'Gestionale 2' }).expect(200)
    const stale = await ctx.http().patch(url).set(leader).set('if-match', read.headers.etag!).send({ name: 'Gestionale 3' }).expect(412)
    expect(stale.body.code).toBe('precondition_failed')
    expect((await ctx.http().get(url).set(leader)).body.name).toBe('Gestionale 2')
  })

  it('documents ETag on the answers, If-Match (optional) and 412 on the updates', async () => {
    type Op = { parameters?: { name: string; in: string; required?: boolean }[]; responses: Record<string, { headers?: Record<string, unknown> }> }
    const doc = ctx.app.swagger() as unknown as { paths: Record<string, Record<string, Op>> }
    for (const path of ['/api/v1/chambers/{chamberId}/firms/{firmId}', '/api/v1/chambers/{chamberId}/contacts/{contactId}',
      '/api/v1/chambers/{chamberId}/api-clients/{apiClientId}']) {
      const { get, patch } = doc.paths[path]!
      expect(Object.keys(get!.responses['200']!.headers ?? {})).toContain('ETag')
      expect(Object.keys(patch!.responses['200']!.headers ?? {})).toContain('ETag')
      expect(patch!.parameters?.find((p) => p.in === 'header' && p.name === 'If-Match')).toMatchObject({ required: false })
      expect(patch!.responses['412']).toBeDefined()
    }
  })
})
