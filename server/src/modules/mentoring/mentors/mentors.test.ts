import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { bearer, chamberId, createTestContext, demoAuth, login, makeUser, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { makeMatch, makeMentorUser } from '../../../../test/mentoring-factories.ts'

/** Mentors' records through HTTP on real PostgreSQL: registration, selection, account, lists, tenancy. */
let ctx: TestContext
let milano: number, bergamo: number
let coord: Auth, promoter: Auth, national: Auth, bergamoCoord: Auth

const api = (chamber: number) => `/api/v1/chambers/${chamber}/mentoring/mentors`
let serial = 0
const application = (overrides: Record<string, unknown> = {}) => ({
  fullName: 'Giulia Bianchi', email: `giulia.bianchi.${++serial}.${Date.now()}@example.it`, phone: '+39 02 1234567',
  bio: 'Consulente di marketing digitale per le PMI.', expertise: ['digital_marketing', 'ecommerce'], sectors: ['G', 'C'],
  languages: ['it', 'en'], provinces: ['MI', 'MB'], modes: ['web'], maxMentees: 2, hoursPerMonth: 6, ...overrides,
})
const rows = async (table: 'mentor' | 'audit_log' | 'mentor_conflict') =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db)).rows[0]!.n)

async function register(overrides: Record<string, unknown> = {}, chamber = milano, as = coord): Promise<{ id: number; email: string }> {
  const res = await ctx.http().post(api(chamber)).set(as).send(application(overrides))
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return { id: res.body.id, email: res.body.email }
}
const move = (id: number, status: string, reason?: string, as = coord) =>
  ctx.http().post(`${api(milano)}/${id}/status`).set(as).send({ status, ...(reason === undefined ? {} : { reason }) })

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  coord = await demoAuth(ctx, 'coordinatore@pid.example')
  promoter = await demoAuth(ctx, 'promotore@pid.example')
  national = await demoAuth(ctx, 'nazionale@pid.example')
  const other = await makeUser(ctx.db, 'digital_coordinator', { chamberId: bergamo })
  bergamoCoord = bearer((await login(ctx, other.email)).token)
})
afterAll(async () => { await ctx.close() })

describe('registration and profile', () => {
  it('registers an application (status applied), audited, and shows it in the list with its filters', async () => {
    const audits = await rows('audit_log')
    const res = await ctx.http().post(api(milano)).set(coord).send(application({ fullName: 'Alessandro Conti', expertise: ['cloud'] })).expect(201)
    expect(res.body).toMatchObject({ fullName: 'Alessandro Conti', status: 'applied', sectors: ['C', 'G'], provinces: ['MB', 'MI'],
      account: null, code: { currentVersion: null, upToDate: true }, conflicts: [], load: { accepted: 0, max: 2 } })
    expect(res.body.history).toEqual([expect.objectContaining({ from: null, to: 'applied', by: 'Carlo Coordinatore' })])
    expect(await rows('audit_log')).toBe(audits + 1)
    const list = await ctx.http().get(api(milano)).query({ area: 'cloud', status: 'applied', q: 'conti' }).set(promoter).expect(200)
    expect(list.body.items.map((m: { id: number }) => m.id)).toEqual([res.body.id])
    expect(list.body.items[0]).toMatchObject({ load: { accepted: 0, max: 2 }, codeAccepted: true, conflicts: 0, linked: false })
    const none = await ctx.http().get(api(milano)).query({ area: 'cloud', status: 'active' }).set(coord).expect(200)
    expect(none.body.items).toEqual([])
  })

  it('pages the list', async () => {
    for (let i = 0; i < 3; i++) await register({ fullName: `Paging Persona ${i}` })
    const first = await ctx.http().get(api(milano)).query({ q: 'Paging Persona', limit: 2 }).set(coord).expect(200)
    expect(first.body.items).toHaveLength(2)
    const second = await ctx.http().get(api(milano)).query({ q: 'Paging Persona', limit: 2, cursor: first.body.nextCursor }).set(coord).expect(200)
    expect(second.body.items).toHaveLength(1)
    expect(second.body.nextCursor).toBeNull()
  })

  it('refuses an e-mail already taken (any case) with 409 mentor_email_taken, on create and on change', async () => {
    const a = await register()
    const before = await rows('mentor')
    const dup = await ctx.http().post(api(milano)).set(coord).send(application({ email: a.email.toUpperCase() }))
    expect(dup.status).toBe(409)
    expect(dup.body.code).toBe('mentor_email_taken')
    expect(await rows('mentor')).toBe(before)
    const b = await register()
    const change = await ctx.http().patch(`${api(milano)}/${b.id}`).set(coord).send({ email: a.email })
    expect(change.body.code).toBe('mentor_email_taken')
  })

  it('refuses bad input and writes nothing: no mode, unknown area, bad sector', async () => {
    const before = await rows('mentor')
    for (const bad of [{ modes: [] }, { expertise: ['astrology'] }, { sectors: ['Z'] }, { maxMentees: 0 }, { languages: [] }]) {
      const res = await ctx.http().post(api(milano)).set(coord).send(application(bad))
      expect(res.status, JSON.stringify(bad)).toBe(400)
    }
    expect(await rows('mentor')).toBe(before)
  })

  it('edits the profile', async () => {
    const { id } = await register()
    const res = await ctx.http().patch(`${api(milano)}/${id}`).set(coord).send({ hoursPerMonth: 12, modes: ['in_person', 'web'] }).expect(200)
    expect(res.body).toMatchObject({ hoursPerMonth: 12, modes: ['in_person', 'web'] })
  })
})

describe('selection: the status path', () => {
  it('moves applied -> selected -> active -> suspended -> active -> retired, with reasons and history', async () => {
    const { id } = await register()
    expect((await move(id, 'active')).body).toMatchObject({ status: 409, code: 'mentor_status_transition', params: { from: 'applied', to: 'active' } })
    await move(id, 'selected').expect(200)
    await move(id, 'active', 'Colloquio superato').expect(200)
    const noReason = await move(id, 'suspended')
    expect(noReason.status).toBe(400)
    expect(noReason.body.code).toBe('mentor_reason_required')
    const suspended = await move(id, 'suspended', 'Indisponibile per tre mesi').expect(200)
    expect(suspended.body).toMatchObject({ status: 'suspended', statusReason: 'Indisponibile per tre mesi', statusChangedBy: 'Carlo Coordinatore' })
    await move(id, 'active').expect(200)
    const retired = await move(id, 'retired').expect(200)
    expect(retired.body.history.map((h: { to: string }) => h.to)).toEqual(['retired', 'active', 'suspended', 'active', 'selected', 'applied'])
    expect(retired.body.history[2]).toMatchObject({ from: 'active', to: 'suspended', reason: 'Indisponibile per tre mesi' })
    expect((await move(id, 'active')).status).toBe(409)
    const audits = await ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'mentor').where('entity_id', '=', String(id))
      .where('action', '=', 'mentoring.mentor.status_changed').execute()
    expect(audits).toHaveLength(5)
  })

  it('rejects an application or a selected mentor with a reason, and nothing after', async () => {
    const a = await register()
    expect((await move(a.id, 'rejected')).status).toBe(400)
    await move(a.id, 'rejected', 'Profilo non in linea').expect(200)
    expect((await move(a.id, 'selected')).status).toBe(409)
    const b = await register()
    await move(b.id, 'selected').expect(200)
    await move(b.id, 'rejected', 'Rinuncia').expect(200)
  })

  it('lets two moves at once not both pass', async () => {
    const { id } = await register()
    const [x, y] = await Promise.all([move(id, 'selected'), move(id, 'selected')])
    expect([x.status, y.status].sort()).toEqual([200, 409])
  })
})

describe('tenancy and permissions', () => {
  it("answers 404 for another chamber's mentor, even to a coordinator of that chamber's path", async () => {
    const { id } = await register()
    expect((await ctx.http().get(`${api(bergamo)}/${id}`).set(bergamoCoord)).status).toBe(404)
    expect((await ctx.http().post(`${api(bergamo)}/${id}/status`).set(bergamoCoord).send({ status: 'selected' })).status).toBe(404)
    expect((await ctx.http().get(`${api(milano)}/${id}`).set(bergamoCoord)).status).toBe(403)
  })

  it('lets a promoter read but not manage (403), and the national coordinator manage any chamber', async () => {
    const { id } = await register()
    await ctx.http().get(`${api(milano)}/${id}`).set(promoter).expect(200)
    expect((await ctx.http().post(api(milano)).set(promoter).send(application())).status).toBe(403)
    expect((await move(id, 'selected', undefined, promoter)).status).toBe(403)
    await ctx.http().post(api(bergamo)).set(national).send(application()).expect(201)
    await move(id, 'selected', undefined, national).expect(200)
  })
})

describe('the account', () => {
  it('links a user holding the mentor role in the chamber, and refuses anyone else', async () => {
    const { id } = await register()
    const link = (email: string) => ctx.http().post(`${api(milano)}/${id}/account`).set(coord).send({ email })
    const promoterUser = await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })
    const bergamoMentor = await makeUser(ctx.db, 'mentor', { chamberId: bergamo })
    for (const email of ['nessuno@example.it', promoterUser.email, bergamoMentor.email]) {
      const res = await link(email)
      expect(res.status, email).toBe(409)
      expect(res.body.code).toBe('mentor_account_invalid')
    }
    const user = await makeUser(ctx.db, 'mentor', { chamberId: milano })
    const res = await link(user.email.toUpperCase()).expect(200)
    expect(res.body.account).toMatchObject({ userId: user.id, email: user.email })
    const other = await register()
    const again = await ctx.http().post(`${api(milano)}/${other.id}/account`).set(coord).send({ email: user.email })
    expect(again.body.code).toBe('mentor_account_invalid')
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'mentoring.mentor.account_linked')
      .where('entity_id', '=', String(id)).execute()
    expect(audit).toHaveLength(1)
  })
})

describe('the account, twice at once', () => {
  it('links one account to one mentor only when two links are made at the same moment', async () => {
    const [a, b] = [await register(), await register()]
    const user = await makeUser(ctx.db, 'mentor', { chamberId: milano })
    const res = await Promise.all([a, b].map((m) => ctx.http().post(`${api(milano)}/${m.id}/account`).set(coord).send({ email: user.email })))
    expect(res.map((r) => r.status).sort()).toEqual([200, 409])
    expect(res.find((r) => r.status === 409)!.body.code).toBe('mentor_account_invalid')
    const linked = await ctx.db.selectFrom('mentor').select('id').where('user_id', '=', user.id).execute()
    expect(linked).toHaveLength(1)
  })
})

describe('load', () => {
  it("counts the mentor's accepted matches against its maximum", async () => {
    const { id } = await register({ fullName: 'Carico Pieno', maxMentees: 3 })
    await makeMatch(ctx.db, milano, id)
    await makeMatch(ctx.db, milano, id, { status: 'proposed' })
    const list = await ctx.http().get(api(milano)).query({ q: 'Carico Pieno' }).set(coord).expect(200)
    expect(list.body.items[0].load).toEqual({ accepted: 1, max: 3 })
  })
})

describe('the mentor area', () => {
  it("shows the mentor only its own record; edits its profile but never its status or e-mail", async () => {
    const me = await makeMentorUser(ctx, milano, { full_name: 'Mario Mentore' })
    await makeMentorUser(ctx, milano, { full_name: 'Altro Mentore' })
    const res = await ctx.http().get('/api/v1/mentoring/me').set(me.auth).expect(200)
    expect(res.body).toMatchObject({ id: me.id, fullName: 'Mario Mentore' })
    const patched = await ctx.http().patch('/api/v1/mentoring/me').set(me.auth).send({ bio: 'Nuova biografia', maxMentees: 4 }).expect(200)
    expect(patched.body).toMatchObject({ id: me.id, bio: 'Nuova biografia', maxMentees: 4, status: 'active' })
    for (const bad of [{ status: 'retired' }, { email: 'altro@example.it' }]) {
      expect((await ctx.http().patch('/api/v1/mentoring/me').set(me.auth).send(bad)).status).toBe(400)
    }
    // Staff routes are not the mentor's.
    expect((await ctx.http().get(api(milano)).set(me.auth)).status).toBe(403)
  })

  it('answers 404 to a user with the mentor role but no record', async () => {
    const auth = await demoAuth(ctx, 'mentor@pid.example')
    expect((await ctx.http().get('/api/v1/mentoring/me').set(auth)).status).toBe(404)
    expect((await ctx.http().post('/api/v1/mentoring/me/code-of-conduct/accept').set(auth).send({ version: 1 })).status).toBe(404)
  })

  it("finds firms of the mentor's chamber only", async () => {
    const me = await makeMentorUser(ctx, milano)
    await makeFirm(ctx.db, { chamber_id: milano, name: 'Zeta Ricerca Milano srl' })
    await makeFirm(ctx.db, { chamber_id: bergamo, name: 'Zeta Ricerca Bergamo srl' })
    const res = await ctx.http().get('/api/v1/mentoring/me/firms').query({ q: 'zeta ricerca' }).set(me.auth).expect(200)
    expect(res.body.items.map((f: { name: string }) => f.name)).toEqual(['Zeta Ricerca Milano srl'])
  })
})
