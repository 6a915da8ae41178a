import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, login, loginDemo, makeUser, type TestContext } from '../../../test/helpers.ts'

let ctx: TestContext
let admin: { authorization: string }
beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  admin = { authorization: `Bearer ${(await loginDemo(ctx, 'admin@pid.example')).token}` }
})
afterAll(async () => { await ctx.close() })

describe('reference data', () => {
  it('has every Italian region and province with ISTAT and plate codes', async () => {
    const regions = (await ctx.http().get('/api/v1/regions').set(admin).expect(200)).body
    expect(regions).toHaveLength(20)
    expect(regions).toContainEqual({ code: '03', name: 'Lombardia' })
    const lombardy = (await ctx.http().get('/api/v1/provinces?region=03').set(admin).expect(200)).body
    expect(lombardy).toHaveLength(12)
    expect(lombardy).toContainEqual({ code: 'MB', istatCode: '108', name: 'Monza e della Brianza', regionCode: '03' })
  })

  it('lists the 12 Lombardy chambers of the demo network', async () => {
    const chambers = (await ctx.http().get('/api/v1/chambers?region=03').set(admin).expect(200)).body
    expect(chambers.map((c: { shortName: string }) => c.shortName)).toEqual([
      'Bergamo', 'Brescia', 'Como', 'Cremona', 'Lecco', 'Lodi', 'Mantova', 'Milano', 'Monza e Brianza', 'Pavia', 'Sondrio', 'Varese'])
  })
})

describe('chamber mergers', () => {
  it('merge Como and Lecco: the new chamber covers both provinces and keeps both histories readable', async () => {
    const como = await chamberId(ctx.db, 'Como')
    const lecco = await chamberId(ctx.db, 'Lecco')
    const comoLeader = await makeUser(ctx.db, 'digital_leader', { chamberId: como })
    const merged = await ctx.http().post('/api/v1/chambers/merge').set(admin)
      .send({ chamberIds: [como, lecco], name: 'Camera di commercio di Como-Lecco', shortName: 'Como-Lecco', date: '2019-07-08' }).expect(201)
    expect(merged.body).toMatchObject({ provinces: ['CO', 'LC'], predecessorIds: [como, lecco].sort((a, b) => a - b), regionCode: '03', activeFrom: '2019-07-08' })

    const old = (await ctx.http().get(`/api/v1/chambers/${como}`).set(admin).expect(200)).body
    expect(old).toMatchObject({ mergedIntoId: merged.body.id, activeTo: '2019-07-08', provinces: [] })
    const history = await ctx.db.selectFrom('chamber_province').selectAll().where('province_code', '=', 'CO').orderBy('valid_from').execute()
    expect(history.map((h) => [h.chamber_id, h.valid_from, h.valid_to])).toEqual([[como, '2017-01-01', '2019-07-08'], [merged.body.id, '2019-07-08', null]])

    // A leader of the new chamber reads the predecessors' records; the old chamber's leader does not gain the new one.
    const newLeader = await makeUser(ctx.db, 'digital_leader', { chamberId: merged.body.id })
    const t = { authorization: `Bearer ${(await login(ctx, newLeader.email)).token}` }
    await ctx.http().get(`/api/v1/chambers/${lecco}`).set(t).expect(200)
    await ctx.http().get(`/api/v1/chambers/${como}/audit`).set(t).expect(200)
    const o = { authorization: `Bearer ${(await login(ctx, comoLeader.email)).token}` }
    await ctx.http().get(`/api/v1/chambers/${merged.body.id}`).set(o).expect(403)

    const listed = (await ctx.http().get('/api/v1/chambers?region=03').set(admin).expect(200)).body
    expect(listed).toHaveLength(11)
    const all = (await ctx.http().get('/api/v1/chambers?region=03&includeMerged=true').set(admin).expect(200)).body
    expect(all).toHaveLength(13)
  })

  it('refuses merging a chamber twice or across regions', async () => {
    const como = await chamberId(ctx.db, 'Como')
    const pavia = await chamberId(ctx.db, 'Pavia')
    await ctx.http().post('/api/v1/chambers/merge').set(admin)
      .send({ chamberIds: [como, pavia], name: 'X', shortName: 'X', date: '2020-01-01' }).expect(409)
  })

  it('creates a chamber on free provinces only', async () => {
    const taken = await ctx.http().post('/api/v1/chambers').set(admin).send({ name: 'Doppione', shortName: 'Dop', provinces: ['MI'] }).expect(409)
    expect(taken.body.detail).toContain('MI')
    const mixed = await ctx.http().post('/api/v1/chambers').set(admin).send({ name: 'Mista', shortName: 'Mix', provinces: ['RM', 'NA'] }).expect(400)
    expect(mixed.body.errors[0].path).toBe('/provinces')
    const unknown = await ctx.http().post('/api/v1/chambers').set(admin).send({ name: 'Ignota', shortName: 'Ign', provinces: ['ZZ'] }).expect(400)
    expect(unknown.body.errors).toEqual([{ path: '/provinces/0', message: 'unknown plate code' }])
    const roma = await ctx.http().post('/api/v1/chambers').set(admin)
      .send({ name: 'Camera di commercio di Roma', shortName: 'Roma', provinces: ['RM'], activeFrom: '2017-01-01' }).expect(201)
    expect(roma.body).toMatchObject({ regionCode: '12', provinces: ['RM'], pidName: 'PID Roma' })
  })
})

describe('network audit trail', () => {
  it('shows the platform admin every event, sign-ins included, filtered and paged; the national coordinator monitors figures, not the log', async () => {
    const nat = { authorization: `Bearer ${(await loginDemo(ctx, 'admin@pid.example')).token}` }
    await ctx.http().get('/api/v1/audit').set({ authorization: `Bearer ${(await loginDemo(ctx, 'nazionale@pid.example')).token}` }).expect(403)
    const first = (await ctx.http().get('/api/v1/audit?action=auth.login&limit=2').set(nat).expect(200)).body
    expect(first.items).toHaveLength(2)
    expect(first.items.every((e: { action: string }) => e.action === 'auth.login')).toBe(true)
    const next = (await ctx.http().get(`/api/v1/audit?action=auth.login&limit=2&cursor=${first.nextCursor}`).set(nat).expect(200)).body
    expect(next.items[0].id).toBeLessThan(first.items[1].id)
    const leader = { authorization: `Bearer ${(await loginDemo(ctx, 'leader@pid.example')).token}` }
    await ctx.http().get('/api/v1/audit').set(leader).expect(403)
  })
})
