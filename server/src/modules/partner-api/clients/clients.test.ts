import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { auditEntries, partnerUser, userAuth, type Auth } from '../../../../test/actors.ts'
import { makeAgreement, makeFirm, makePartner } from '../../../../test/crm-factories.ts'

/** API clients over HTTP: created by staff, secrets shown once, tokens by client credentials, rotation, revocation, reach. */
let ctx: TestContext
let milano: number, bergamo: number
let leader: Auth, promoter: Auth, bergamoLeader: Auth
let partnerId: number

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  leader = await userAuth(ctx, 'digital_leader', milano)
  promoter = await userAuth(ctx, 'digital_promoter', milano)
  bergamoLeader = await userAuth(ctx, 'digital_leader', bergamo)
  partnerId = await makePartner(ctx.db, 'Confartigianato Test')
  await makeAgreement(ctx.db, partnerId, milano)
})
afterAll(async () => { await ctx.close() })

async function newClient(scopes: string[] = ['firms:read'], name = 'Gestionale'): Promise<{ id: number; clientId: string; secret: string }> {
  const res = await ctx.http().post(`/api/v1/chambers/${milano}/api-clients`).set(leader).send({ partnerId, name, scopes }).expect(201)
  return { id: res.body.client.id, clientId: res.body.client.clientId, secret: res.body.clientSecret }
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`

describe('API clients', () => {
  it('shows the secret once, stores only its hash, and audits the creation', async () => {
    const c = await newClient()
    expect(c.secret).toMatch(/^pidsk_/)
    const stored = await ctx.db.selectFrom('api_client_secret').select(['secret_hash', 'hint']).where('api_client_id', '=', c.id).execute()
    expect(stored).toHaveLength(1)
    expect(stored[0]!.secret_hash).not.toContain(c.secret)
    expect(stored[0]!.hint).toBe(c.secret.slice(-4))
    const got = await ctx.http().get(`/api/v1/chambers/${milano}/api-clients/${c.id}`).set(promoter).expect(200)
    expect(JSON.stringify(got.body)).not.toContain(c.secret)
    expect(got.body.secrets).toHaveLength(1)
    expect((await auditEntries(ctx, 'partner_api.client.created')).some((a) => a.entity_id === String(c.id))).toBe(true)
  })

  it('exchanges credentials for a token by HTTP Basic (form) and in the body (JSON), and refuses wrong ones', async () => {
    const c = await newClient(['firms:read', 'referrals'])
    const form = await ctx.http().post('/api/v1/oauth/token').set('authorization', basic(c.clientId, c.secret)).type('form')
      .send({ grant_type: 'client_credentials' }).expect(200)
    expect(form.body).toMatchObject({ token_type: 'Bearer', scope: 'firms:read referrals' })
    expect(form.body.expires_in).toBeGreaterThan(0)
    expect(form.headers['cache-control']).toBe('no-store')
    const json = await ctx.http().post('/api/v1/oauth/token')
      .send({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.secret, scope: 'referrals' }).expect(200)
    expect(json.body.scope).toBe('referrals')
    const me = await ctx.http().get('/api/v1/partner/me').set('authorization', `Bearer ${json.body.access_token}`).expect(200)
    expect(me.body).toMatchObject({ clientId: c.clientId, partner: { id: partnerId }, scopes: ['referrals'], chambers: [{ id: milano }] })

    const wrong = await ctx.http().post('/api/v1/oauth/token').set('authorization', basic(c.clientId, `${c.secret}x`)).type('form')
      .send({ grant_type: 'client_credentials' }).expect(401)
    expect(wrong.body.code).toBe('invalid_client')
    await ctx.http().post('/api/v1/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: 'pid_nobody', client_secret: c.secret }).expect(401)
    await ctx.http().post('/api/v1/oauth/token').type('form').send({ grant_type: 'password', client_id: c.clientId, client_secret: c.secret }).expect(400)
    const beyond = await ctx.http().post('/api/v1/oauth/token').set('authorization', basic(c.clientId, c.secret)).type('form')
      .send({ grant_type: 'client_credentials', scope: 'firms:read vouchers:apply' }).expect(400)
    expect(beyond.body.code).toBe('insufficient_scope')
  })

  it('keeps the old secret working through the overlap of a rotation, and not after one without overlap', async () => {
    const c = await newClient()
    const rotated = await ctx.http().post(`/api/v1/chambers/${milano}/api-clients/${c.id}/rotate-secret`).set(leader).send({ overlapHours: 24 }).expect(200)
    const fresh = rotated.body.clientSecret as string
    expect(rotated.body.client.secrets).toHaveLength(2)
    for (const secret of [c.secret, fresh]) {
      await ctx.http().post('/api/v1/oauth/token').set('authorization', basic(c.clientId, secret)).type('form').send({ grant_type: 'client_credentials' }).expect(200)
    }
    const again = await ctx.http().post(`/api/v1/chambers/${milano}/api-clients/${c.id}/rotate-secret`).set(leader).send({ overlapHours: 0 }).expect(200)
    expect(again.body.client.secrets).toHaveLength(1)
    for (const secret of [c.secret, fresh]) {
      await ctx.http().post('/api/v1/oauth/token').set('authorization', basic(c.clientId, secret)).type('form').send({ grant_type: 'client_credentials' }).expect(401)
    }
    await ctx.http().post('/api/v1/oauth/token').set('authorization', basic(c.clientId, again.body.clientSecret)).type('form').send({ grant_type: 'client_credentials' }).expect(200)
  })

  it('revocation ends the tokens already issued and refuses new ones', async () => {
    const c = await newClient()
    const token = (await ctx.http().post('/api/v1/oauth/token').set('authorization', basic(c.clientId, c.secret)).type('form')
      .send({ grant_type: 'client_credentials' }).expect(200)).body.access_token as string
    await ctx.http().get('/api/v1/partner/me').set('authorization', `Bearer ${token}`).expect(200)
    const revoked = await ctx.http().post(`/api/v1/chambers/${milano}/api-clients/${c.id}/revoke`).set(leader).expect(200)
    expect(revoked.body).toMatchObject({ status: 'revoked', secrets: [] })
    const after = await ctx.http().get('/api/v1/partner/me').set('authorization', `Bearer ${token}`).expect(401)
    expect(after.body.code).toBe('unauthorized')
    await ctx.http().post('/api/v1/oauth/token').set('authorization', basic(c.clientId, c.secret)).type('form').send({ grant_type: 'client_credentials' }).expect(401)
    const edit = await ctx.http().patch(`/api/v1/chambers/${milano}/api-clients/${c.id}`).set(leader).send({ name: 'Again' }).expect(409)
    expect(edit.body.code).toBe('api_client_revoked')
  })

  it('reaches only its organisation\'s firms, in chambers it has an agreement with, within its scopes', async () => {
    const c = await newClient(['firms:read'])
    const token = (await ctx.http().post('/api/v1/oauth/token').set('authorization', basic(c.clientId, c.secret)).type('form')
      .send({ grant_type: 'client_credentials' }).expect(200)).body.access_token as string
    const auth = { authorization: `Bearer ${token}` }
    const own = await makeFirm(ctx.db, { province_code: 'MI', registered_by_partner_id: partnerId })
    const other = await makeFirm(ctx.db, { province_code: 'MI' })
    const inBergamo = await makeFirm(ctx.db, { province_code: 'BG', registered_by_partner_id: partnerId })
    await ctx.http().get(`/api/v1/chambers/${milano}/firms/${own.id}`).set(auth).expect(200)
    await ctx.http().get(`/api/v1/chambers/${milano}/firms/${other.id}`).set(auth).expect(404)
    await ctx.http().get(`/api/v1/chambers/${bergamo}/firms/${inBergamo.id}`).set(auth).expect(403)
    const list = await ctx.http().get(`/api/v1/chambers/${milano}/firms`).set(auth).expect(200)
    expect(list.body.items.map((f: { id: number }) => f.id)).toEqual([own.id])
    // firms:read does not write, and a person's own routes are not a client's.
    const write = await ctx.http().patch(`/api/v1/chambers/${milano}/firms/${own.id}`).set(auth).send({ website: 'https://x.example' }).expect(403)
    expect(write.body.code).toBe('insufficient_scope')
    await ctx.http().get('/api/v1/auth/me').set(auth).expect(403)
  })

  it('is managed only by staff who may, in chambers its organisation has an agreement with', async () => {
    const c = await newClient()
    const partner = await partnerUser(ctx, milano)
    await ctx.http().get(`/api/v1/chambers/${milano}/api-clients`).set(partner.auth).expect(403)
    await ctx.http().post(`/api/v1/chambers/${milano}/api-clients/${c.id}/revoke`).set(promoter).expect(403)
    // Bergamo has no agreement with the organisation: its staff do not even see the client.
    await ctx.http().get(`/api/v1/chambers/${bergamo}/api-clients/${c.id}`).set(bergamoLeader).expect(404)
    const bergamoList = await ctx.http().get(`/api/v1/chambers/${bergamo}/api-clients`).set(bergamoLeader).expect(200)
    expect(bergamoList.body.items).toEqual([])
    const refused = await ctx.http().post(`/api/v1/chambers/${bergamo}/api-clients`).set(bergamoLeader)
      .send({ partnerId, name: 'X', scopes: ['firms:read'] }).expect(400)
    expect(refused.body.errors[0].path).toBe('/partnerId')
    const count = await ctx.db.selectFrom('api_client').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', 'X').executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(0)
  })
})
