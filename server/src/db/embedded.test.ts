import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestContext, loginDemo, type TestContext } from '../../test/helpers.ts'

/** The same migrations, queries and API on the embedded PostgreSQL (PGlite) as on the server. */
let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext({ embedded: true }) })
afterAll(async () => { await ctx.close() })

describe('embedded PostgreSQL', () => {
  it('runs the migrations with pg_trgm and unaccent', async () => {
    const { rows } = await sql<{ u: string; s: number }>`select unaccent('Società agricola') as u, similarity('societa agricola', 'Società Agricola') as s`.execute(ctx.db)
    expect(rows[0]!.u).toBe('Societa agricola')
    expect(rows[0]!.s).toBeGreaterThan(0.5)
  })

  it('serves the API: login, a chamber, an invitation with its mail', async () => {
    const { token, session } = await loginDemo(ctx, 'leader@pid.example')
    const milano = session.user.roles[0]!.chamberId!
    const auth = { authorization: `Bearer ${token}` }
    await ctx.http().get(`/api/v1/chambers/${milano}`).set(auth).expect(200)
    await ctx.http().post(`/api/v1/chambers/${milano}/invitations`).set(auth)
      .send({ email: 'embedded@test.example', name: 'Embedded', role: 'mentor' }).expect(201)
    const mail = (await ctx.http().get(`/api/v1/chambers/${milano}/mail`).set(auth).expect(200)).body.items
    expect(mail[0]).toMatchObject({ to: 'embedded@test.example', status: 'held' })
  })
})
