import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, demoAuth, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { makeMentor, makeMentorUser } from '../../../../test/mentoring-factories.ts'
import { matchBlockers } from './gates.ts'

/** The code of conduct (publish, accept, a new version asks again), conflicts of interest, and the match gates. */
let ctx: TestContext
let milano: number, bergamo: number
let coord: Auth, national: Auth, promoter: Auth

const code = '/api/v1/mentoring/code-of-conduct'
const publish = (text: string, as = national) => ctx.http().post(code).set(as).send({ text })
const staff = (mentorId: number) => `/api/v1/chambers/${milano}/mentoring/mentors/${mentorId}`

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  coord = await demoAuth(ctx, 'coordinatore@pid.example')
  national = await demoAuth(ctx, 'nazionale@pid.example')
  promoter = await demoAuth(ctx, 'promotore@pid.example')
})
afterAll(async () => { await ctx.close() })

describe('the code of conduct', () => {
  it('is published by the national coordinator only, version after version; anyone signed in reads it', async () => {
    expect((await ctx.http().get(code).set(promoter).expect(200)).body).toEqual({ current: null, history: [] })
    expect((await publish('Testo', coord)).status).toBe(403)
    expect((await publish('   ')).status).toBe(400)
    const v1 = await publish('Versione uno: gratuità e riservatezza.').expect(201)
    expect(v1.body).toMatchObject({ version: 1, text: 'Versione uno: gratuità e riservatezza.', publishedBy: 'Nicola Coordinamento Nazionale' })
    await publish('Versione due.').expect(201)
    const read = await ctx.http().get(code).set(promoter).expect(200)
    expect(read.body.current).toMatchObject({ version: 2, text: 'Versione due.' })
    expect(read.body.history.map((h: { version: number }) => h.version)).toEqual([2, 1])
    expect((await ctx.http().get(code)).status).toBe(401)
  })

  it('is accepted by the mentor in the version it read, only the current one; a new version asks again', async () => {
    const me = await makeMentorUser(ctx, milano, {}, { acceptCode: false })
    const current = (await ctx.http().get(code).set(me.auth).expect(200)).body.current.version as number
    const before = (await ctx.http().get('/api/v1/mentoring/me').set(me.auth).expect(200)).body
    expect(before.code).toMatchObject({ currentVersion: current, acceptedVersion: null, upToDate: false })
    const old = await ctx.http().post('/api/v1/mentoring/me/code-of-conduct/accept').set(me.auth).send({ version: current - 1 })
    expect(old.status).toBe(409)
    expect(old.body).toMatchObject({ code: 'mentor_code_not_current', params: { currentVersion: current } })
    const ok = await ctx.http().post('/api/v1/mentoring/me/code-of-conduct/accept').set(me.auth).send({ version: current }).expect(200)
    expect(ok.body.code).toMatchObject({ acceptedVersion: current, upToDate: true })
    // Accepting twice changes nothing.
    await ctx.http().post('/api/v1/mentoring/me/code-of-conduct/accept').set(me.auth).send({ version: current }).expect(200)
    // Staff see which version and when.
    const seen = await ctx.http().get(staff(me.id)).set(coord).expect(200)
    expect(seen.body.code).toMatchObject({ acceptedVersion: current, upToDate: true, acceptedAt: expect.any(String) })
    expect((await matchBlockers(ctx.db, 1, [me.id])).get(me.id)).toEqual([])

    await publish('Versione nuova.').expect(201)
    const after = (await ctx.http().get('/api/v1/mentoring/me').set(me.auth).expect(200)).body
    expect(after.code).toMatchObject({ currentVersion: current + 1, acceptedVersion: current, upToDate: false })
    const list = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/mentors`).set(coord).expect(200)
    expect(list.body.items.find((m: { id: number }) => m.id === me.id).codeAccepted).toBe(false)
    expect((await matchBlockers(ctx.db, 1, [me.id])).get(me.id)).toEqual(['mentor_code_not_accepted'])
  })

  it('gives two versions published at once two numbers', async () => {
    const [a, b] = await Promise.all([publish('Parallela A'), publish('Parallela B')])
    expect([a.status, b.status]).toEqual([201, 201])
    expect(Math.abs(a.body.version - b.body.version)).toBe(1)
  })
})

describe('conflicts of interest', () => {
  it('are declared by staff with firms of the chamber, removed, and shown with the firms\' names', async () => {
    const mentor = await makeMentor(ctx.db, milano)
    const a = await makeFirm(ctx.db, { chamber_id: milano, name: 'Rossi Meccanica srl' })
    const b = await makeFirm(ctx.db, { chamber_id: milano, name: 'Rossi Logistica srl' })
    const res = await ctx.http().post(`${staff(mentor.id)}/conflicts`).set(coord)
      .send({ label: 'Gruppo Rossi', firmIds: [a.id, b.id], reason: 'Consulente del gruppo fino al 2025' }).expect(201)
    expect(res.body.conflicts).toEqual([expect.objectContaining({ label: 'Gruppo Rossi', declaredByMentor: false, declaredBy: 'Carlo Coordinatore',
      removedAt: null, firms: expect.arrayContaining([expect.objectContaining({ id: a.id, name: 'Rossi Meccanica srl' })]) })])
    const list = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/mentors`).set(coord).expect(200)
    expect(list.body.items.find((m: { id: number }) => m.id === mentor.id).conflicts).toBe(1)
    const conflictId = res.body.conflicts[0].id as number
    expect((await ctx.http().delete(`${staff(mentor.id)}/conflicts/${conflictId}`).set(promoter)).status).toBe(403)
    const removed = await ctx.http().delete(`${staff(mentor.id)}/conflicts/${conflictId}`).set(coord).expect(200)
    expect(removed.body.conflicts[0].removedAt).not.toBeNull()
    expect((await ctx.http().delete(`${staff(mentor.id)}/conflicts/${conflictId}`).set(coord)).status).toBe(404)
  })

  it('refuses firms that do not exist or that the declarer does not reach (400, nothing written)', async () => {
    const me = await makeMentorUser(ctx, milano)
    const elsewhere = await makeFirm(ctx.db, { chamber_id: bergamo })
    const before = await ctx.db.selectFrom('mentor_conflict').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    const own = await ctx.http().post('/api/v1/mentoring/me/conflicts').set(me.auth).send({ label: 'Bergamo', firmIds: [elsewhere.id] })
    expect(own.status).toBe(400)
    expect(own.body.code).toBe('mentor_conflict_firms_invalid')
    const missing = await ctx.http().post(`${staff(me.id)}/conflicts`).set(coord).send({ label: 'Nessuna', firmIds: [987654321] })
    expect(missing.body.code).toBe('mentor_conflict_firms_invalid')
    // The Milano coordinator does not reach Bergamo's firms; the national coordinator does.
    expect((await ctx.http().post(`${staff(me.id)}/conflicts`).set(coord).send({ label: 'B', firmIds: [elsewhere.id] })).status).toBe(400)
    const after = await ctx.db.selectFrom('mentor_conflict').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
    await ctx.http().post(`${staff(me.id)}/conflicts`).set(national).send({ label: 'B', firmIds: [elsewhere.id] }).expect(201)
  })

  it('are declared by the mentor in its area and removed there, only its own', async () => {
    const me = await makeMentorUser(ctx, milano)
    const other = await makeMentor(ctx.db, milano)
    const firm = await makeFirm(ctx.db, { chamber_id: milano })
    const res = await ctx.http().post('/api/v1/mentoring/me/conflicts').set(me.auth).send({ label: 'Cliente attuale', firmIds: [firm.id] }).expect(201)
    expect(res.body.conflicts[0]).toMatchObject({ label: 'Cliente attuale', declaredByMentor: true })
    const othersConflict = await ctx.http().post(`${staff(other.id)}/conflicts`).set(coord).send({ label: 'X', firmIds: [firm.id] }).expect(201)
    const theirs = othersConflict.body.conflicts[0].id as number
    expect((await ctx.http().delete(`/api/v1/mentoring/me/conflicts/${theirs}`).set(me.auth)).status).toBe(404)
    await ctx.http().delete(`/api/v1/mentoring/me/conflicts/${res.body.conflicts[0].id}`).set(me.auth).expect(200)
  })
})

describe('the match gates (matchBlockers)', () => {
  it('block a mentor not active, without the current code, or with a conflict naming the firm alone or in a group', async () => {
    const firm = await makeFirm(ctx.db, { chamber_id: milano })
    const groupFirm = await makeFirm(ctx.db, { chamber_id: milano })
    const free = await makeMentor(ctx.db, milano)
    const suspended = await makeMentor(ctx.db, milano, { status: 'suspended' })
    const applied = await makeMentor(ctx.db, milano, { status: 'applied' }, { acceptCode: false })
    const noCode = await makeMentor(ctx.db, milano, {}, { acceptCode: false })
    const single = await makeMentor(ctx.db, milano)
    const group = await makeMentor(ctx.db, milano)
    const removed = await makeMentor(ctx.db, milano)
    await ctx.db.insertInto('mentor_conflict').values([
      { mentor_id: single.id, label: 'Cliente', firm_ids: [firm.id] },
      { mentor_id: group.id, label: 'Gruppo Verdi', firm_ids: [groupFirm.id, firm.id] },
      { mentor_id: removed.id, label: 'Passato', firm_ids: [firm.id], removed_at: new Date() },
    ]).execute()
    const ids = [free.id, suspended.id, applied.id, noCode.id, single.id, group.id, removed.id]
    const got = await matchBlockers(ctx.db, firm.id, ids)
    expect(Object.fromEntries(got)).toEqual({
      [free.id]: [], [suspended.id]: ['mentor_not_active'], [applied.id]: ['mentor_not_active', 'mentor_code_not_accepted'],
      [noCode.id]: ['mentor_code_not_accepted'], [single.id]: ['mentor_conflict_of_interest'], [group.id]: ['mentor_conflict_of_interest'],
      [removed.id]: [],
    })
    // Another firm of the group is blocked too; a firm outside it is not.
    expect((await matchBlockers(ctx.db, groupFirm.id, [group.id, single.id])).get(group.id)).toEqual(['mentor_conflict_of_interest'])
    expect((await matchBlockers(ctx.db, groupFirm.id, [single.id])).get(single.id)).toEqual([])
    expect((await matchBlockers(ctx.db, firm.id, [])).size).toBe(0)
    expect((await matchBlockers(ctx.db, firm.id, [987654321])).get(987654321)).toEqual(['mentor_not_active'])
  })
})
