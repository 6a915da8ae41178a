import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { bearer, chamberId, createTestContext, demoAuth, login, makeUser, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { firmSession } from '../../../../test/firm-access-helpers.ts'
import { makeMentor, makeMentorUser } from '../../../../test/mentoring-factories.ts'

/** Mentoring's matching through HTTP on real PostgreSQL: requests, suggestions, proposals, answers, days, merges. */
let ctx: TestContext
let milano: number, bergamo: number
let staff: Auth, bergamoStaff: Auth
let questionnaireId: number

const api = (chamber = milano) => `/api/v1/chambers/${chamber}/mentoring`
const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db)).rows[0]!.n)

async function assessed(firmId: number, scores: Record<string, number>) {
  const row = await ctx.db.insertInto('assessment').values({
    firm_id: firmId, chamber_id: milano, questionnaire_id: questionnaireId, status: 'submitted', firm_name: 'x', region_code: '03',
    overall: 42, level: 2, scores: JSON.stringify(scores), submitted_at: new Date(), round: 0, is_latest: true,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}
const newRequest = async (firmId: number, body: Record<string, unknown> = {}) =>
  (await ctx.http().post(`${api()}/requests`).set(staff).send({ firmId, need: 'Organizzare i dati dei clienti', area: 'data', ...body }).expect(201)).body

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  staff = await demoAuth(ctx, 'coordinatore@pid.example')
  bergamoStaff = bearer((await login(ctx, (await makeUser(ctx.db, 'digital_coordinator', { chamberId: bergamo })).email)).token)
  questionnaireId = (await ctx.db.selectFrom('assessment_questionnaire').select('id').executeTakeFirstOrThrow()).id
})
afterAll(async () => { await ctx.close() })

describe('requests', () => {
  it('come from staff, from a plan item and from the firm, each on the firm timeline; one open per area', async () => {
    const firm = await makeFirm(ctx.db, { chamber_id: milano })
    const r = await newRequest(firm.id, { preferredMode: 'web' })
    expect(r).toMatchObject({ source: 'staff', status: 'open', area: 'data', preferredMode: 'web', language: 'it', liveMatch: null, timeToMatchSeconds: null })
    const dup = await ctx.http().post(`${api()}/requests`).set(staff).send({ firmId: firm.id, need: 'Altro', area: 'data' }).expect(409)
    expect(dup.body.code).toBe('mentoring_request_duplicate')

    const assessmentId = await assessed(firm.id, { data: 20 })
    const item = await ctx.db.insertInto('assessment_plan_item').values({ assessment_id: assessmentId, firm_id: firm.id, chamber_id: milano, kind: 'mentoring',
      dimension: 'security', title: 'Un mentor per la sicurezza informatica', due_on: '2030-01-01' }).returning('id').executeTakeFirstOrThrow()
    const fromPlan = (await ctx.http().post(`${api()}/requests`).set(staff).send({ planItemId: item.id }).expect(201)).body
    expect(fromPlan).toMatchObject({ source: 'assessment_plan', planItemId: item.id, area: 'security', need: 'Un mentor per la sicurezza informatica', firm: { id: firm.id } })
    const training = await ctx.db.insertInto('assessment_plan_item').values({ assessment_id: assessmentId, firm_id: firm.id, chamber_id: milano, kind: 'training',
      title: 'Corso', due_on: '2030-01-01' }).returning('id').executeTakeFirstOrThrow()
    await ctx.http().post(`${api()}/requests`).set(staff).send({ planItemId: training.id }).expect(400)

    const token = await firmSession(ctx, firm.id, ['mentoring'])
    const own = await ctx.http().post('/api/v1/firm/mentoring/requests').set('authorization', `Bearer ${token}`)
      .send({ need: 'Vendere online', area: 'ecommerce', preferredMode: 'in_person' }).expect(201)
    expect(own.body).toMatchObject({ source: 'firm', status: 'open', mentorName: null })
    const list = await ctx.http().get('/api/v1/firm/mentoring/requests').set('authorization', `Bearer ${token}`).expect(200)
    expect(list.body.items.map((x: { source: string }) => x.source).sort()).toEqual(['assessment_plan', 'firm', 'staff'])

    const timeline = await ctx.db.selectFrom('timeline_event').select(['type', 'summary']).where('firm_id', '=', firm.id).where('type', '=', 'mentoring').execute()
    expect(timeline.map((t) => t.summary)).toEqual(expect.arrayContaining([expect.stringContaining("Richiesta di un mentor, aperta dall'impresa")]))
    expect(timeline).toHaveLength(3)

    const bySource = await ctx.http().get(`${api()}/requests`).query({ source: 'firm', firmId: firm.id }).set(staff).expect(200)
    expect(bySource.body.items).toHaveLength(1)
    const paged = await ctx.http().get(`${api()}/requests`).query({ firmId: firm.id, limit: 2 }).set(staff).expect(200)
    expect(paged.body.items).toHaveLength(2)
    const rest = await ctx.http().get(`${api()}/requests`).query({ firmId: firm.id, limit: 2, cursor: paged.body.nextCursor }).set(staff).expect(200)
    expect(rest.body).toMatchObject({ items: [{ id: r.id }], nextCursor: null })

    const withdrawn = await ctx.http().post(`${api()}/requests/${r.id}/withdraw`).set(staff).expect(200)
    expect(withdrawn.body.status).toBe('withdrawn')
    await ctx.http().post(`${api()}/requests/${r.id}/withdraw`).set(staff).expect(409)
    await newRequest(firm.id) // the area is free again
  })

  it('refuses bad input and firms of another chamber, writing nothing; another chamber sees a 404', async () => {
    const firm = await makeFirm(ctx.db, { chamber_id: milano })
    const bgFirm = await makeFirm(ctx.db, { province_code: 'BG' })
    const before = [await count('mentoring_request'), await count('audit_log')]
    for (const body of [{ firmId: firm.id, need: 'x', area: 'cucina' }, { firmId: firm.id, area: 'data' }, { need: 'x', area: 'data' },
      { firmId: bgFirm.id, need: 'x', area: 'data' }, { firmId: firm.id, need: 'x', area: 'data', extra: 1 }, { firmId: firm.id, need: 'x', area: 'data', language: 'xx' }]) {
      expect((await ctx.http().post(`${api()}/requests`).set(staff).send(body)).status).toBe(400)
    }
    expect([await count('mentoring_request'), await count('audit_log')]).toEqual(before)
    const r = await newRequest(firm.id)
    await ctx.http().get(`${api(bergamo)}/requests/${r.id}`).set(bergamoStaff).expect(404)
    await ctx.http().get(`${api(bergamo)}/requests/${r.id}/suggestions`).set(bergamoStaff).expect(404)
    await ctx.http().post(`${api(bergamo)}/requests/${r.id}/withdraw`).set(bergamoStaff).expect(404)
  })
})

describe('suggestions', () => {
  it('rank active mentors with an explanation; blocked mentors apart with the reason, inactive ones left out', async () => {
    const firm = await makeFirm(ctx.db, { chamber_id: milano, ateco_section: 'C' })
    await assessed(firm.id, { strategy: 70, data: 20, security: 35, green: 90 })
    const r = await newRequest(firm.id)
    const best = await makeMentor(ctx.db, milano, { full_name: 'Anna Dati', expertise: ['data', 'security'], sectors: ['C'], provinces: ['MI'] })
    const far = await makeMentor(ctx.db, bergamo, { full_name: 'Bruno Strategia', expertise: ['strategy'], sectors: ['K'], provinces: ['BG'], languages: ['en'] })
    const conflicted = await makeMentor(ctx.db, milano, { full_name: 'Carla Conflitto', expertise: ['data'] })
    await ctx.db.insertInto('mentor_conflict').values({ mentor_id: conflicted.id, label: 'Socia', firm_ids: [firm.id] }).execute()
    const noCode = await makeMentor(ctx.db, milano, { full_name: 'Dario Senzacodice', expertise: ['data'] }, { acceptCode: false })
    const suspended = await makeMentor(ctx.db, milano, { full_name: 'Elena Sospesa', expertise: ['data'], status: 'suspended' })

    const res = await ctx.http().get(`${api()}/requests/${r.id}/suggestions`).set(staff).expect(200)
    expect(res.body.weakest).toEqual([{ dimension: 'data', score: 20 }, { dimension: 'security', score: 35 }])
    const ids = res.body.items.map((s: { mentor: { id: number } }) => s.mentor.id)
    expect(ids.indexOf(best.id)).toBeLessThan(ids.indexOf(far.id))
    expect(ids).not.toContain(conflicted.id)
    expect(ids).not.toContain(noCode.id)
    const all = [...res.body.items, ...res.body.blocked].map((s: { mentor: { id: number } }) => s.mentor.id)
    expect(all).not.toContain(suspended.id)
    const top = res.body.items.find((s: { mentor: { id: number } }) => s.mentor.id === best.id)
    expect(top.score).toBe(100)
    expect(top.lines).toEqual(expect.arrayContaining([{ criterion: 'weak_dimension', points: 10, params: { dimension: 'data', score: 20, rank: 1 } },
      { criterion: 'sector_match', points: 15, params: { section: 'C' } }, { criterion: 'same_province', points: 15, params: { province: 'MI' } }]))
    const farLines = res.body.items.find((s: { mentor: { id: number } }) => s.mentor.id === far.id).lines.map((l: { criterion: string }) => l.criterion)
    expect(farLines).toEqual(expect.arrayContaining(['area_not_expert', 'same_region', 'language_missing']))
    expect(res.body.blocked).toEqual(expect.arrayContaining([
      expect.objectContaining({ mentor: expect.objectContaining({ id: conflicted.id }), blockers: ['mentor_conflict_of_interest'] }),
      expect.objectContaining({ mentor: expect.objectContaining({ id: noCode.id }), blockers: ['mentor_code_not_accepted'] })]))

    // Proposing a blocked or inactive mentor: 409 with the blocker's code.
    for (const [m, code] of [[conflicted, 'mentor_conflict_of_interest'], [noCode, 'mentor_code_not_accepted'], [suspended, 'mentor_not_active']] as const) {
      const refused = await ctx.http().post(`${api()}/requests/${r.id}/proposals`).set(staff).send({ mentorId: m.id }).expect(409)
      expect(refused.body.code).toBe(code)
    }
  })
})

describe('proposals and answers', () => {
  it('propose, decline with a reason, withdraw, propose again and accept: T0, timeline and time to match', async () => {
    const firm = await makeFirm(ctx.db, { chamber_id: milano })
    await assessed(firm.id, { data: 30, strategy: 50 })
    const r = await newRequest(firm.id)
    const mentor = await makeMentorUser(ctx, milano, { full_name: 'Franca Abbinata' })
    const other = await makeMentorUser(ctx, milano, { full_name: 'Giorgio Altro' })

    const proposed = (await ctx.http().post(`${api()}/requests/${r.id}/proposals`).set(staff).send({ mentorId: mentor.id }).expect(201)).body
    expect(proposed.liveMatch).toMatchObject({ mentor: { id: mentor.id }, status: 'proposed' })
    expect(proposed.liveMatch.score).toBeGreaterThan(0)
    expect(proposed.liveMatch.explanation.length).toBeGreaterThan(3)
    const again = await ctx.http().post(`${api()}/requests/${r.id}/proposals`).set(staff).send({ mentorId: other.id }).expect(409)
    expect(again.body.code).toBe('mentoring_match_live')
    const matchId = proposed.liveMatch.id as number

    // Only the mentor's own proposals.
    const mine = await ctx.http().get('/api/v1/mentoring/me/proposals').set(mentor.auth).expect(200)
    expect(mine.body.items).toEqual([expect.objectContaining({ id: matchId, status: 'proposed', need: 'Organizzare i dati dei clienti' })])
    expect((await ctx.http().get('/api/v1/mentoring/me/proposals').set(other.auth).expect(200)).body.items).toEqual([])
    await ctx.http().post(`/api/v1/mentoring/me/proposals/${matchId}/accept`).set(other.auth).expect(404)
    await ctx.http().post(`/api/v1/mentoring/me/proposals/${matchId}/decline`).set(other.auth).send({ reason: 'no' }).expect(404)
    await ctx.http().post(`/api/v1/mentoring/me/proposals/${matchId}/decline`).set(mentor.auth).send({}).expect(400)
    const declined = await ctx.http().post(`/api/v1/mentoring/me/proposals/${matchId}/decline`).set(mentor.auth).send({ reason: 'Non ho disponibilità a marzo' }).expect(200)
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'Non ho disponibilità a marzo' })
    await ctx.http().post(`/api/v1/mentoring/me/proposals/${matchId}/accept`).set(mentor.auth).expect(409)

    // Free again: propose another, withdraw it, propose the first mentor again.
    const p2 = (await ctx.http().post(`${api()}/requests/${r.id}/proposals`).set(staff).send({ mentorId: other.id }).expect(201)).body
    await ctx.http().post(`${api()}/requests/${r.id}/proposals/${p2.liveMatch.id}/withdraw`).set(staff).expect(200)
    await ctx.http().post(`${api()}/requests/${r.id}/proposals/${p2.liveMatch.id}/withdraw`).set(staff).expect(409)
    const p3 = (await ctx.http().post(`${api()}/requests/${r.id}/proposals`).set(staff).send({ mentorId: mentor.id }).expect(201)).body
    const accepted = await ctx.http().post(`/api/v1/mentoring/me/proposals/${p3.liveMatch.id}/accept`).set(mentor.auth).expect(200)
    expect(accepted.body).toMatchObject({ status: 'accepted', t0Overall: 42, t0Level: 2 })
    const after = (await ctx.http().get(`${api()}/requests/${r.id}`).set(staff).expect(200)).body
    expect(after).toMatchObject({ status: 'matched', liveMatch: { id: p3.liveMatch.id, status: 'accepted' } })
    expect(after.matches.map((m: { status: string }) => m.status)).toEqual(['declined', 'withdrawn', 'accepted'])
    expect(after.timeToMatchSeconds).toBeGreaterThanOrEqual(0)
    expect(after.matchedAt).not.toBeNull()
    const t0 = await ctx.db.selectFrom('mentoring_match').select(['t0_assessment_id', 't0_overall']).where('id', '=', p3.liveMatch.id).executeTakeFirstOrThrow()
    expect(t0.t0_overall).toBe(42)
    const line = await ctx.db.selectFrom('timeline_event').select('summary').where('firm_id', '=', firm.id).where('summary', 'like', 'Abbinata%').executeTakeFirstOrThrow()
    expect(line.summary).toBe('Abbinata al mentor Franca Abbinata')
    // A matched request takes no more proposals; staff cannot withdraw it.
    expect((await ctx.http().post(`${api()}/requests/${r.id}/proposals`).set(staff).send({ mentorId: other.id }).expect(409)).body.code).toBe('mentoring_request_not_open')
    await ctx.http().post(`${api()}/requests/${r.id}/withdraw`).set(staff).expect(409)
  })

  it('a user with the mentor role but no mentor record gets a 404', async () => {
    const user = await makeUser(ctx.db, 'mentor', { chamberId: milano })
    const auth = bearer((await login(ctx, user.email)).token)
    await ctx.http().get('/api/v1/mentoring/me/proposals').set(auth).expect(404)
  })

  it('two acceptances at once against the last free place: exactly one wins', async () => {
    const mentor = await makeMentorUser(ctx, milano, { max_mentees: 1 })
    const matches = []
    for (let i = 0; i < 2; i++) {
      const r = await newRequest((await makeFirm(ctx.db, { chamber_id: milano })).id)
      matches.push((await ctx.http().post(`${api()}/requests/${r.id}/proposals`).set(staff).send({ mentorId: mentor.id }).expect(201)).body.liveMatch.id)
    }
    const answers = await Promise.all(matches.map((id) => ctx.http().post(`/api/v1/mentoring/me/proposals/${id}/accept`).set(mentor.auth)))
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('mentor_at_capacity')
    const accepted = await ctx.db.selectFrom('mentoring_match').select('id').where('mentor_id', '=', mentor.id).where('status', '=', 'accepted').execute()
    expect(accepted).toHaveLength(1)
    // At capacity: listed last among suggestions, with the reason.
    const r = await newRequest((await makeFirm(ctx.db, { chamber_id: milano })).id)
    const s = await ctx.http().get(`${api()}/requests/${r.id}/suggestions`).set(staff).expect(200)
    const items = s.body.items as { mentor: { id: number }; atCapacity: boolean }[]
    const idx = items.findIndex((x) => x.mentor.id === mentor.id)
    expect(items[idx]!.atCapacity).toBe(true)
    expect(items.slice(idx).every((x) => x.atCapacity)).toBe(true)
  })
})

describe('speed-mentoring days', () => {
  it('slots with a mentor never twice at once; one booking of a slot wins when two come at once; cancel frees it', async () => {
    const mentor = await makeMentor(ctx.db, milano, { full_name: 'Ivo Veloce' })
    const day = (await ctx.http().post(`${api()}/days`).set(staff).send({ title: 'Speed mentoring digitale', day: '2099-03-10', place: 'PID Milano, sala 2' }).expect(201)).body
    const at = '2099-03-10T09:00:00.000Z'
    const withSlot = (await ctx.http().post(`${api()}/days/${day.id}/slots`).set(staff).send({ startsAt: at, minutes: 20, mentorId: mentor.id }).expect(201)).body
    expect(withSlot.slots).toEqual([expect.objectContaining({ mentor: { id: mentor.id, name: 'Ivo Veloce' }, firm: null, minutes: 20 })])
    const busy = await ctx.http().post(`${api()}/days/${day.id}/slots`).set(staff).send({ startsAt: at, minutes: 20, mentorId: mentor.id }).expect(409)
    expect(busy.body.code).toBe('mentoring_mentor_busy')
    await ctx.http().post(`${api()}/days/${day.id}/slots`).set(staff).send({ startsAt: '2099-03-10T09:10:00.000Z', minutes: 20, mentorId: mentor.id }).expect(409)
    // Two overlapping slots with different starts, at the same moment: the mentor's row lock makes the second see the first.
    const racing = await Promise.all(['2099-03-10T10:00:00.000Z', '2099-03-10T10:10:00.000Z'].map((startsAt) =>
      ctx.http().post(`${api()}/days/${day.id}/slots`).set(staff).send({ startsAt, minutes: 20, mentorId: mentor.id })))
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409])
    expect(racing.find((r) => r.status === 409)!.body.code).toBe('mentoring_mentor_busy')
    await ctx.http().post(`${api()}/days`).set(staff).send({ title: 'Con evento', day: '2099-03-10', eventId: 999999 }).expect(400)
    const slotId = withSlot.slots[0].id as number

    const a = await makeFirm(ctx.db, { chamber_id: milano })
    const b = await makeFirm(ctx.db, { chamber_id: milano })
    const token = await firmSession(ctx, b.id, ['mentoring'])
    const [staffBook, firmBook] = await Promise.all([
      ctx.http().post(`${api()}/days/${day.id}/slots/${slotId}/book`).set(staff).send({ firmId: a.id }),
      ctx.http().post(`/api/v1/firm/mentoring/slots/${slotId}/book`).set('authorization', `Bearer ${token}`).send({ topic: 'E-commerce' }),
    ])
    expect([staffBook.status, firmBook.status].sort()).toEqual([200, 409])
    expect([staffBook, firmBook].find((x) => x.status === 409)!.body.code).toBe('mentoring_slot_taken')
    const slot = await ctx.db.selectFrom('mentoring_slot').select('firm_id').where('id', '=', slotId).executeTakeFirstOrThrow()
    expect([a.id, b.id]).toContain(slot.firm_id)

    await ctx.http().post(`${api()}/days/${day.id}/slots/${slotId}/cancel`).set(staff).expect(200)
    const free = await ctx.http().get('/api/v1/firm/mentoring/slots').set('authorization', `Bearer ${token}`).expect(200)
    expect(free.body.items.find((s: { id: number }) => s.id === slotId)).toMatchObject({ free: true, mine: false, mentorName: 'Ivo Veloce' })
    const booked = await ctx.http().post(`/api/v1/firm/mentoring/slots/${slotId}/book`).set('authorization', `Bearer ${token}`).send({}).expect(200)
    expect(booked.body.items.find((s: { id: number }) => s.id === slotId)).toMatchObject({ free: false, mine: true })
    await ctx.http().get(`${api(bergamo)}/days/${day.id}`).set(bergamoStaff).expect(404)
  })
})

describe('merging firms', () => {
  it('moves requests, matches, slots and conflicts to the kept firm; a duplicate open request is withdrawn', async () => {
    const kept = await makeFirm(ctx.db, { chamber_id: milano })
    const dup = await makeFirm(ctx.db, { chamber_id: milano })
    const mentor = await makeMentor(ctx.db, milano)
    const keptReq = await newRequest(kept.id)
    const dupReq = await newRequest(dup.id)
    const dupOther = await newRequest(dup.id, { area: 'green' })
    await ctx.http().post(`${api()}/requests/${dupOther.id}/proposals`).set(staff).send({ mentorId: mentor.id }).expect(201)
    const conflictRow = await ctx.db.insertInto('mentor_conflict').values({ mentor_id: mentor.id, label: 'Gruppo', firm_ids: [dup.id, 12345678] }).returning('id').executeTakeFirstOrThrow()
    const day = (await ctx.http().post(`${api()}/days`).set(staff).send({ title: 'Giornata', day: '2099-04-01' }).expect(201)).body
    const d2 = (await ctx.http().post(`${api()}/days/${day.id}/slots`).set(staff).send({ startsAt: '2099-04-01T08:00:00Z', minutes: 15 }).expect(201)).body
    await ctx.http().post(`${api()}/days/${day.id}/slots/${d2.slots[0].id}/book`).set(staff).send({ firmId: dup.id }).expect(200)

    await ctx.http().post(`/api/v1/chambers/${milano}/firms/${dup.id}/merge`).set(staff).send({ intoFirmId: kept.id }).expect(200)
    const reqs = await ctx.db.selectFrom('mentoring_request').select(['id', 'firm_id', 'status']).where('id', 'in', [keptReq.id, dupReq.id, dupOther.id]).orderBy('id').execute()
    expect(reqs).toEqual([{ id: keptReq.id, firm_id: kept.id, status: 'open' }, { id: dupReq.id, firm_id: kept.id, status: 'withdrawn' },
      { id: dupOther.id, firm_id: kept.id, status: 'open' }])
    expect((await ctx.db.selectFrom('mentoring_match').select('firm_id').where('request_id', '=', dupOther.id).executeTakeFirstOrThrow()).firm_id).toBe(kept.id)
    expect((await ctx.db.selectFrom('mentoring_slot').select('firm_id').where('id', '=', d2.slots[0].id).executeTakeFirstOrThrow()).firm_id).toBe(kept.id)
    const c = await ctx.db.selectFrom('mentor_conflict').select(sql<string[]>`firm_ids::text[]`.as('ids')).where('id', '=', conflictRow.id).executeTakeFirstOrThrow()
    expect(c.ids.map(Number)).toEqual([kept.id, 12345678])
  })
})
