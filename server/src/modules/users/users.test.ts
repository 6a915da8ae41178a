import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { count, login, loginDemo, makeUser, type TestContext, twoChamberContext } from '../../../test/helpers.ts'

let ctx: TestContext
let milano: number, bergamo: number
let leader: { authorization: string }
beforeAll(async () => {
  ({ ctx, milano, bergamo, auth: leader } = await twoChamberContext('leader@pid.example'))
})
afterAll(async () => { await ctx.close() })

const tokenFromMail = (text: string) => /invito\?token=([\w-]+)/.exec(text)?.[1]

describe('staff administration', () => {
  it('the leader invites a person: user, role, invitation, mail and audit land together', async () => {
    const res = await ctx.http().post(`/api/v1/chambers/${milano}/invitations`).set(leader)
      .send({ email: 'Nuova.Promotrice@test.example', name: 'Nuova Promotrice', role: 'digital_promoter' }).expect(201)
    expect(res.body).toMatchObject({ email: 'Nuova.Promotrice@test.example', status: 'invited', roles: ['digital_promoter'] })

    const mail = (await ctx.http().get(`/api/v1/chambers/${milano}/mail`).set(leader).expect(200)).body.items[0]
    expect(mail).toMatchObject({ to: 'Nuova.Promotrice@test.example', status: 'held' })
    expect(mail.text).toContain('http://pid.test/invito?token=')

    const entry = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.invited').executeTakeFirstOrThrow()
    expect(entry).toMatchObject({ chamber_id: milano, entity_id: String(res.body.id), request_id: res.headers['x-request-id'] })
    expect(JSON.stringify(entry.after)).not.toContain(tokenFromMail(mail.text))

    // The invited person sets a password through the link, then signs in.
    const token = tokenFromMail(mail.text)!
    await ctx.http().post('/api/v1/auth/invitations/accept').send({ token, password: 'una-password-sicura' }).expect(204)
    await ctx.http().post('/api/v1/auth/invitations/accept').send({ token, password: 'una-password-sicura' }).expect(404)
    const session = await login(ctx, 'nuova.promotrice@test.example', 'una-password-sicura')
    expect(session.session.user.roles).toEqual([expect.objectContaining({ role: 'digital_promoter', chamberId: milano })])
  })

  it('refuses a second invitation of a member, and writes nothing', async () => {
    const before = await count(ctx.db, 'mail_outbox')
    const res = await ctx.http().post(`/api/v1/chambers/${milano}/invitations`).set(leader)
      .send({ email: 'promotore@pid.example', name: 'Di nuovo', role: 'mentor' }).expect(409)
    expect(res.body.code).toBe('conflict')
    expect(await count(ctx.db, 'mail_outbox')).toBe(before)
  })

  it('gives an existing account a role in another chamber without a new password', async () => {
    const bergamoLeader = await makeUser(ctx.db, 'digital_leader', { chamberId: bergamo })
    const auth = { authorization: `Bearer ${(await login(ctx, bergamoLeader.email)).token}` }
    const res = await ctx.http().post(`/api/v1/chambers/${bergamo}/invitations`).set(auth)
      .send({ email: 'coordinatore@pid.example', name: 'Carlo', role: 'digital_coordinator' }).expect(201)
    expect(res.body.status).toBe('active')
    const s = await loginDemo(ctx, 'coordinatore@pid.example')
    expect(s.session.user.roles.map((r) => r.chamberId).sort()).toEqual([milano, bergamo].sort())
    // ...and Milano's leader cannot disable an account that also works for Bergamo.
    const dis = await ctx.http().patch(`/api/v1/chambers/${milano}/users/${res.body.id}`).set(leader).send({ status: 'disabled' }).expect(409)
    expect(dis.body.code).toBe('conflict')
  })

  it('changes roles and disables an account, ending its sessions', async () => {
    const u = await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })
    const s = await login(ctx, u.email)
    const roles = await ctx.http().patch(`/api/v1/chambers/${milano}/users/${u.id}`).set(leader)
      .send({ roles: ['digital_promoter', 'digital_coordinator'] }).expect(200)
    expect(roles.body.roles).toEqual(['digital_coordinator', 'digital_promoter'])
    const off = await ctx.http().patch(`/api/v1/chambers/${milano}/users/${u.id}`).set(leader).send({ status: 'disabled' }).expect(200)
    expect(off.body.status).toBe('disabled')
    await ctx.http().post('/api/v1/auth/refresh').set('cookie', s.cookie).expect(401)
    const audits = await ctx.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', String(u.id))
      .where('action', '=', 'user.updated').orderBy('id').execute()
    expect(audits).toHaveLength(2)
    expect(audits[0]!.before).toMatchObject({ roles: ['digital_promoter'] })
    expect(audits[1]!.after).toMatchObject({ status: 'disabled' })
  })

  it('will not let the leader disable their own account', async () => {
    const me = await ctx.db.selectFrom('app_user').select('id').where('email', '=', 'leader@pid.example').executeTakeFirstOrThrow()
    await ctx.http().patch(`/api/v1/chambers/${milano}/users/${me.id}`).set(leader).send({ status: 'disabled' }).expect(400)
  })

  it('lists only the chamber\'s own users', async () => {
    const list = (await ctx.http().get(`/api/v1/chambers/${milano}/users`).set(leader).expect(200)).body.items
    expect(list.map((u: { email: string }) => u.email)).toContain('leader@pid.example')
    expect(list.map((u: { email: string }) => u.email)).not.toContain('regione@pid.example')
    const other = await ctx.http().patch(`/api/v1/chambers/${milano}/users/999999`).set(leader).send({ roles: ['mentor'] })
    expect(other.status).toBe(404)
  })
})
