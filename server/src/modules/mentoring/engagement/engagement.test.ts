import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, chamberId, createTestContext, login, makeUser, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { makeMatch, makeMentorUser } from '../../../../test/mentoring-factories.ts'
import { makeAgreement, sessionBody, TEST_GOALS } from '../../../../test/mentoring-engagement-factories.ts'
import { firmSession } from '../../../../test/firm-access-helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'

let ctx: TestContext
let milano: number
let bergamo: number
let leader: Auth
let promoter: Auth
let coordinator: Auth
let bergamoLeader: Auth

const as = async (role: 'digital_leader' | 'digital_promoter' | 'digital_coordinator', chamber: number): Promise<Auth> => {
  const u = await makeUser(ctx.db, role, { chamberId: chamber })
  return bearer((await login(ctx, u.email)).token)
}
const agreementBody = { goals: [{ text: 'Aprire il negozio online' }, { text: 'Misurare le vendite' }], plannedSessions: 6, plannedMonths: 4, startsOn: '2026-03-01' }

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  leader = await as('digital_leader', milano)
  promoter = await as('digital_promoter', milano)
  coordinator = await as('digital_coordinator', milano)
  bergamoLeader = await as('digital_leader', bergamo)
})
afterAll(async () => { await ctx.close() })

const timeline = (firmId: number) => ctx.db.selectFrom('timeline_event').select(['summary', 'details', 'type']).where('firm_id', '=', firmId)
  .where('source_module', '=', 'mentoring').orderBy('id').execute()

describe('the agreement', () => {
  it('is drafted by staff, edited by the mentor, accepted by both, then in force, locked and on the timeline', async () => {
    const mentor = await makeMentorUser(ctx, milano)
    const m = await makeMatch(ctx.db, milano, mentor.id)
    const firm = bearer(await firmSession(ctx, m.firmId, ['mentoring']))
    const staffUrl = `/api/v1/chambers/${milano}/mentoring/matches/${m.id}`

    // Nothing to accept yet.
    const none = await ctx.http().post(`/api/v1/mentoring/me/matches/${m.id}/agreement/accept`).set(mentor.auth).expect(409)
    expect(none.body.code).toBe('mentoring_agreement_missing')

    const drafted = await ctx.http().put(`${staffUrl}/agreement`).set(promoter).send(agreementBody).expect(200)
    const goals = drafted.body.agreement.goals as { key: string; text: string }[]
    expect(goals.map((g) => g.text)).toEqual(['Aprire il negozio online', 'Misurare le vendite'])
    expect(goals.every((g) => /^[a-z0-9]/.test(g.key))).toBe(true)

    // The mentor rewords the first goal, keeping its key, and adds a third.
    const edited = await ctx.http().put(`/api/v1/mentoring/me/matches/${m.id}/agreement`).set(mentor.auth).send({
      ...agreementBody, goals: [{ key: goals[0]!.key, text: 'Aprire il negozio online entro giugno' }, { key: goals[1]!.key, text: 'Misurare le vendite' }, { text: 'Formare una persona' }],
    }).expect(200)
    expect(edited.body.agreement.goals[0]).toEqual({ key: goals[0]!.key, text: 'Aprire il negozio online entro giugno' })
    expect(edited.body.agreement.goals).toHaveLength(3)

    // The mentor accepts; an edit afterwards clears that acceptance.
    const accepted = await ctx.http().post(`/api/v1/mentoring/me/matches/${m.id}/agreement/accept`).set(mentor.auth).expect(200)
    expect(accepted.body.agreement.mentorAcceptedAt).not.toBeNull()
    const reset = await ctx.http().put(`${staffUrl}/agreement`).set(leader).send({ ...agreementBody, plannedSessions: 8 }).expect(200)
    expect(reset.body.agreement).toMatchObject({ mentorAcceptedAt: null, firmAcceptedAt: null, plannedSessions: 8, inForce: false })

    // The firm accepts first this time, naming who accepts; then the mentor: in force.
    const firmView = await ctx.http().post('/api/v1/firm/mentoring/agreement/accept').set(firm).send({ matchId: m.id, acceptedBy: 'Mario Rossi, titolare' }).expect(200)
    expect(firmView.body.matches[0].agreement).toMatchObject({ firmAcceptedBy: 'Mario Rossi, titolare', inForce: false })
    expect(firmView.body.matches[0].mentor.email).toBeNull()
    expect((await timeline(m.firmId))).toHaveLength(0)
    const inForce = await ctx.http().post(`/api/v1/mentoring/me/matches/${m.id}/agreement/accept`).set(mentor.auth).expect(200)
    expect(inForce.body.agreement.inForce).toBe(true)
    expect(inForce.body.agreementInForce).toBe(true)

    // In force: the firm now sees how to reach its mentor.
    const home = await ctx.http().get('/api/v1/firm/mentoring').set(firm).expect(200)
    expect(home.body.matches[0].mentor.email).not.toBeNull()

    // Locked for everyone.
    for (const [url, auth] of [[`${staffUrl}/agreement`, leader], [`/api/v1/mentoring/me/matches/${m.id}/agreement`, mentor.auth]] as const) {
      const locked = await ctx.http().put(url).set(auth).send(agreementBody).expect(409)
      expect(locked.body.code).toBe('mentoring_agreement_locked')
    }
    const again = await ctx.http().post('/api/v1/firm/mentoring/agreement/accept').set(firm).send({ matchId: m.id, acceptedBy: 'Mario Rossi' }).expect(409)
    expect(again.body.code).toBe('mentoring_agreement_locked')

    const events = await timeline(m.firmId)
    expect(events).toHaveLength(1)
    expect(events[0]!.summary).toContain('Accordo di mentoring sottoscritto')
    const actions = await ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'mentoring_agreement').where('entity_id', '=', String(m.id)).execute()
    expect(actions.map((a) => a.action).sort()).toEqual(['mentoring.agreement.accepted', 'mentoring.agreement.accepted', 'mentoring.agreement.accepted',
      'mentoring.agreement.saved', 'mentoring.agreement.saved', 'mentoring.agreement.saved'])
  })

  it('refuses bad input and writes nothing; a proposed match has no agreement', async () => {
    const mentor = await makeMentorUser(ctx, milano)
    const m = await makeMatch(ctx.db, milano, mentor.id)
    const url = `/api/v1/chambers/${milano}/mentoring/matches/${m.id}/agreement`
    await ctx.http().put(url).set(leader).send({ ...agreementBody, goals: [] }).expect(400)
    await ctx.http().put(url).set(leader).send({ ...agreementBody, goals: Array.from({ length: 11 }, (_, i) => ({ text: `Obiettivo ${i}` })) }).expect(400)
    await ctx.http().put(url).set(leader).send({ ...agreementBody, plannedSessions: 0 }).expect(400)
    await ctx.http().put(url).set(leader).send({ ...agreementBody, goals: [{ key: 'a', text: 'x' }, { key: 'a', text: 'y' }] }).expect(400)
    expect(await ctx.db.selectFrom('mentoring_agreement').selectAll().where('match_id', '=', m.id).execute()).toHaveLength(0)
    const proposed = await makeMatch(ctx.db, milano, mentor.id, { status: 'proposed' })
    await ctx.http().put(`/api/v1/chambers/${milano}/mentoring/matches/${proposed.id}/agreement`).set(leader).send(agreementBody).expect(404)
    // A promoter may draft (mentoring.match); only the firm and mentor accept.
    await ctx.http().post(`/api/v1/mentoring/me/matches/${m.id}/agreement/accept`).set(leader).expect(403)
  })

  it('accepted by both at once: one timeline entry, in force', async () => {
    const mentor = await makeMentorUser(ctx, milano)
    const m = await makeMatch(ctx.db, milano, mentor.id)
    const firm = bearer(await firmSession(ctx, m.firmId, ['mentoring']))
    await ctx.http().put(`/api/v1/chambers/${milano}/mentoring/matches/${m.id}/agreement`).set(leader).send(agreementBody).expect(200)
    await Promise.all([
      ctx.http().post(`/api/v1/mentoring/me/matches/${m.id}/agreement/accept`).set(mentor.auth).expect(200),
      ctx.http().post('/api/v1/firm/mentoring/agreement/accept').set(firm).send({ matchId: m.id, acceptedBy: 'Anna Bianchi' }).expect(200),
    ])
    expect(await timeline(m.firmId)).toHaveLength(1)
  })
})

describe('sessions', () => {
  it('are logged only while the agreement is in force and the pair is working', async () => {
    const mentor = await makeMentorUser(ctx, milano)
    const m = await makeMatch(ctx.db, milano, mentor.id)
    const url = `/api/v1/mentoring/me/matches/${m.id}/sessions`
    const missing = await ctx.http().post(url).set(mentor.auth).send(sessionBody()).expect(409)
    expect(missing.body.code).toBe('mentoring_agreement_not_in_force')
    await makeAgreement(ctx.db, m.id, { inForce: false })
    await ctx.db.updateTable('mentoring_agreement').set({ mentor_accepted_at: new Date() }).where('match_id', '=', m.id).execute()
    const half = await ctx.http().post(url).set(mentor.auth).send(sessionBody()).expect(409)
    expect(half.body.code).toBe('mentoring_agreement_not_in_force')
    await ctx.db.updateTable('mentoring_agreement').set({ firm_accepted_at: new Date(), firm_accepted_by: 'Mario Rossi' }).where('match_id', '=', m.id).execute()

    // Bad input: nothing written.
    await ctx.http().post(url).set(mentor.auth).send(sessionBody({ minutes: 2 })).expect(400)
    await ctx.http().post(url).set(mentor.auth).send(sessionBody({ progress: { shop: 120 } })).expect(400)
    await ctx.http().post(url).set(mentor.auth).send(sessionBody({ progress: { nothere: 20 } })).expect(400)
    await ctx.http().post(url).set(mentor.auth).send(sessionBody({ mode: 'phone' })).expect(400)
    expect(await ctx.db.selectFrom('mentoring_session').select('id').where('match_id', '=', m.id).execute()).toHaveLength(0)

    const logged = await ctx.http().post(url).set(mentor.auth).send(sessionBody()).expect(201)
    expect(logged.body).toMatchObject({ minutes: 90, mode: 'web', webLink: 'https://meet.example.it/abc', progress: { shop: 30, social: 10 } })
    const inPerson = await ctx.http().post(url).set(mentor.auth)
      .send(sessionBody({ heldAt: '2026-03-10T14:00:00.000Z', mode: 'in_person', minutes: 60, progress: { shop: 70 } })).expect(201)
    expect(inPerson.body.webLink).toBeNull()

    const list = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/matches`).set(promoter).query({ mentorId: mentor.id }).expect(200)
    expect(list.body.items).toHaveLength(1)
    // Goals: shop 70 (latest), social 10 (kept from the first session) -> 40.
    expect(list.body.items[0]).toMatchObject({ sessionsHeld: 2, plannedSessions: 6, minutesHeld: 150, goalsProgress: 40, lastSessionAt: '2026-03-10T14:00:00.000Z' })

    await ctx.http().post(`/api/v1/chambers/${milano}/mentoring/matches/${m.id}/close`).set(promoter).send({ outcome: 'partly_met', notes: '' }).expect(200)
    const closed = await ctx.http().post(url).set(mentor.auth).send(sessionBody()).expect(409)
    expect(closed.body.code).toBe('mentoring_match_closed')
  })
})

describe('confidential notes', () => {
  it('only the mentor and the coordinator read them: never other staff, the firm, the timeline or the audit log', async () => {
    const mentor = await makeMentorUser(ctx, milano)
    const m = await makeMatch(ctx.db, milano, mentor.id)
    await makeAgreement(ctx.db, m.id)
    const secret = 'Tensioni tra i soci sul budget'
    await ctx.http().post(`/api/v1/mentoring/me/matches/${m.id}/sessions`).set(mentor.auth).send(sessionBody({ confidentialNotes: secret })).expect(201)
    const staffUrl = `/api/v1/chambers/${milano}/mentoring/matches/${m.id}`

    const own = await ctx.http().get(`/api/v1/mentoring/me/matches/${m.id}`).set(mentor.auth).expect(200)
    expect(own.body.sessions[0].confidentialNotes).toBe(secret)
    expect(own.body.notesVisible).toBe(true)
    const coord = await ctx.http().get(staffUrl).set(coordinator).expect(200)
    expect(coord.body.sessions[0].confidentialNotes).toBe(secret)
    expect((await ctx.http().get(`${staffUrl}/sessions`).set(coordinator).expect(200)).body.items[0].confidentialNotes).toBe(secret)

    for (const auth of [leader, promoter]) {
      for (const url of [staffUrl, `${staffUrl}/sessions`, `/api/v1/chambers/${milano}/mentoring/matches`]) {
        const res = await ctx.http().get(url).set(auth).expect(200)
        expect(JSON.stringify(res.body)).not.toContain(secret)
        expect(JSON.stringify(res.body)).not.toContain('confidentialNotes')
      }
      const page = await ctx.http().get(staffUrl).set(auth).expect(200)
      expect(page.body.notesVisible).toBe(false)
      expect(page.body.sessions[0].summary).toContain('Analisi del catalogo')
    }
    const firm = bearer(await firmSession(ctx, m.firmId, ['mentoring']))
    const home = await ctx.http().get('/api/v1/firm/mentoring').set(firm).expect(200)
    expect(home.body.matches[0].sessions[0].summary).toContain('Analisi del catalogo')
    expect(JSON.stringify(home.body)).not.toContain(secret)
    expect(JSON.stringify(home.body)).not.toContain('confidentialNotes')

    const events = await timeline(m.firmId)
    expect(events).toHaveLength(1)
    expect(events[0]!.summary).toMatch(/^Sessione di mentoring del 10\/02\/2026 alle 10:30 \(90 minuti, web mentoring\)$/)
    expect(JSON.stringify(events)).not.toContain(secret)
    const staffTimeline = await ctx.http().get(`/api/v1/chambers/${milano}/firms/${m.firmId}/timeline`).set(leader)
    expect(JSON.stringify(staffTimeline.body)).not.toContain(secret)
    const logs = await ctx.db.selectFrom('audit_log').select(['before', 'after']).where('entity', '=', 'mentoring_session').execute()
    expect(JSON.stringify(logs)).not.toContain(secret)
  })
})

describe('who reaches a pair', () => {
  it('a mentor never reaches another mentor\'s pair (404 on every /me route), nor lists it', async () => {
    const first = await makeMentorUser(ctx, milano)
    const second = await makeMentorUser(ctx, milano)
    const m = await makeMatch(ctx.db, milano, first.id)
    await makeMatch(ctx.db, milano, first.id, { status: 'proposed' })
    const base = `/api/v1/mentoring/me/matches/${m.id}`
    await ctx.http().get(base).set(second.auth).expect(404)
    await ctx.http().put(`${base}/agreement`).set(second.auth).send(agreementBody).expect(404)
    await ctx.http().post(`${base}/agreement/accept`).set(second.auth).expect(404)
    await makeAgreement(ctx.db, m.id)
    await ctx.http().post(`${base}/sessions`).set(second.auth).send(sessionBody()).expect(404)
    await ctx.http().post(`${base}/close`).set(second.auth).send({ outcome: 'goals_met', notes: '' }).expect(404)
    await ctx.http().post(`${base}/feedback`).set(second.auth).send({ rating: 5, comment: '' }).expect(404)
    expect((await ctx.http().get('/api/v1/mentoring/me/matches').set(second.auth).expect(200)).body.items).toEqual([])
    const mine = await ctx.http().get('/api/v1/mentoring/me/matches').set(first.auth).expect(200)
    expect(mine.body.items.map((i: { id: number }) => i.id)).toEqual([m.id])
    expect(await ctx.db.selectFrom('mentoring_session').select('id').where('match_id', '=', m.id).execute()).toHaveLength(0)
    // A firm reaches only its own.
    const other = bearer(await firmSession(ctx, (await makeMatch(ctx.db, milano, second.id)).firmId, ['mentoring']))
    await ctx.http().post('/api/v1/firm/mentoring/feedback').set(other).send({ matchId: m.id, rating: 3, comment: '' }).expect(404)
  })

  it('staff of another chamber get 404', async () => {
    const mentor = await makeMentorUser(ctx, milano)
    const m = await makeMatch(ctx.db, milano, mentor.id)
    const bergamoUrl = `/api/v1/chambers/${bergamo}/mentoring/matches/${m.id}`
    await ctx.http().get(bergamoUrl).set(bergamoLeader).expect(404)
    await ctx.http().get(`${bergamoUrl}/sessions`).set(bergamoLeader).expect(404)
    await ctx.http().put(`${bergamoUrl}/agreement`).set(bergamoLeader).send(agreementBody).expect(404)
    await ctx.http().post(`${bergamoUrl}/close`).set(bergamoLeader).send({ outcome: 'goals_met', notes: '' }).expect(404)
    const list = await ctx.http().get(`/api/v1/chambers/${bergamo}/mentoring/matches`).set(bergamoLeader).expect(200)
    expect(list.body.items.map((i: { id: number }) => i.id)).not.toContain(m.id)
    await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/matches/${m.id}`).set(bergamoLeader).expect(403)
  })
})

describe('closure and feedback', () => {
  it('closes once with its outcome (the request closes too), and each side gives feedback once', async () => {
    const mentor = await makeMentorUser(ctx, milano)
    const m = await makeMatch(ctx.db, milano, mentor.id)
    await makeAgreement(ctx.db, m.id)
    const firm = bearer(await firmSession(ctx, m.firmId, ['mentoring']))
    await ctx.http().post(`/api/v1/mentoring/me/matches/${m.id}/close`).set(mentor.auth).send({ outcome: 'nope', notes: '' }).expect(400)
    const closed = await ctx.http().post(`/api/v1/mentoring/me/matches/${m.id}/close`).set(mentor.auth)
      .send({ outcome: 'goals_met', notes: 'Negozio online aperto, prime vendite.' }).expect(200)
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'goals_met', outcomeNotes: 'Negozio online aperto, prime vendite.' })
    const request = await ctx.db.selectFrom('mentoring_request').select(['status', 'closed_at']).where('id', '=', m.requestId).executeTakeFirstOrThrow()
    expect(request.status).toBe('closed')
    expect(request.closed_at).not.toBeNull()
    const twice = await ctx.http().post(`/api/v1/chambers/${milano}/mentoring/matches/${m.id}/close`).set(leader).send({ outcome: 'not_met', notes: '' }).expect(409)
    expect(twice.body.code).toBe('mentoring_match_closed')
    expect((await timeline(m.firmId)).map((e) => e.summary)).toEqual([expect.stringContaining('concluso: obiettivi raggiunti')])

    await ctx.http().post(`/api/v1/mentoring/me/matches/${m.id}/feedback`).set(mentor.auth).send({ rating: 6, comment: '' }).expect(400)
    await ctx.http().post(`/api/v1/mentoring/me/matches/${m.id}/feedback`).set(mentor.auth).send({ rating: 5, comment: 'Impresa molto motivata.' }).expect(201)
    const second = await ctx.http().post(`/api/v1/mentoring/me/matches/${m.id}/feedback`).set(mentor.auth).send({ rating: 4, comment: '' }).expect(409)
    expect(second.body.code).toBe('mentoring_feedback_given')
    const [a, b] = await Promise.all([
      ctx.http().post('/api/v1/firm/mentoring/feedback').set(firm).send({ matchId: m.id, rating: 4, comment: 'Utile e concreto.' }),
      ctx.http().post('/api/v1/firm/mentoring/feedback').set(firm).send({ matchId: m.id, rating: 2, comment: '' }),
    ])
    expect([a.status, b.status].sort()).toEqual([201, 409])
    const page = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/matches/${m.id}`).set(promoter).expect(200)
    expect(page.body.feedback.map((f: { side: string }) => f.side)).toEqual(['firm', 'mentor'])
    const home = await ctx.http().get('/api/v1/firm/mentoring').set(firm).expect(200)
    expect(home.body.matches[0].feedback).toMatchObject({ side: 'firm' })
    expect((await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/matches`).set(promoter).query({ status: 'closed', mentorId: mentor.id }).expect(200)).body.items).toHaveLength(1)
  })
})

describe('T0 -> T1', () => {
  it('shows the maturity at the match and the latest completed assessment after it, with the change', async () => {
    const mentor = await makeMentorUser(ctx, milano)
    const m = await makeMatch(ctx.db, milano, mentor.id)
    await ctx.db.updateTable('mentoring_match').set({ t0_overall: 38, t0_level: 2, responded_at: new Date('2026-01-10T10:00:00Z') }).where('id', '=', m.id).execute()
    const url = `/api/v1/chambers/${milano}/mentoring/matches/${m.id}`
    expect((await ctx.http().get(url).set(promoter).expect(200)).body.maturity).toEqual({ t0: { overall: 38, level: 2 }, t1: null, points: null, levels: null })

    const questionnaireId = (await ctx.db.selectFrom('assessment_questionnaire').select('id').executeTakeFirstOrThrow()).id
    const insert = (submittedAt: string, overall: number, level: number, latest: boolean) => ctx.db.insertInto('assessment').values({
      firm_id: m.firmId, chamber_id: milano, questionnaire_id: questionnaireId, status: 'submitted', firm_name: 'x', region_code: '03',
      overall, level, scores: JSON.stringify({ strategy: overall }), submitted_at: submittedAt, round: 0, is_latest: latest,
    }).execute()
    // Before the match: not a T1.
    await insert('2025-12-01T10:00:00Z', 38, 2, true)
    expect((await ctx.http().get(url).set(promoter).expect(200)).body.maturity.t1).toBeNull()
    await ctx.db.updateTable('assessment').set({ is_latest: false }).where('firm_id', '=', m.firmId).execute()
    await insert('2026-06-01T10:00:00Z', 61, 3, true)
    const after = await ctx.http().get(url).set(promoter).expect(200)
    expect(after.body.maturity).toEqual({ t0: { overall: 38, level: 2 }, t1: { overall: 61, level: 3, submittedAt: '2026-06-01T10:00:00.000Z' }, points: 23, levels: 1 })
    const mentorView = await ctx.http().get(`/api/v1/mentoring/me/matches/${m.id}`).set(mentor.auth).expect(200)
    expect(mentorView.body.maturity.points).toBe(23)
  })
})

void TEST_GOALS

describe('the pairs export', () => {
  it('gives the chamber\'s pairs as CSV and XLSX, formulas neutralised, never a confidential note; another chamber\'s staff get none of them', async () => {
    const mentor = await makeMentorUser(ctx, milano)
    const firm = await makeFirm(ctx.db, { chamber_id: milano, name: '=HYPERLINK("http://x.example","Vetreria Export")' })
    const m = await makeMatch(ctx.db, milano, mentor.id, { firmId: firm.id })
    await makeAgreement(ctx.db, m.id)
    await ctx.http().post(`/api/v1/mentoring/me/matches/${m.id}/sessions`).set(mentor.auth).send(sessionBody({ confidentialNotes: 'NOTA-RISERVATA-EXPORT' })).expect(201)

    const csv = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/matches/export`).query({ mentorId: mentor.id }).set(promoter).expect(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/)
    expect(lines[0]).toContain('Impresa;Mentor;Area')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain("'=HYPERLINK")
    expect(lines[1]).toContain('Commercio elettronico')
    expect(csv.text).not.toContain('NOTA-RISERVATA-EXPORT')

    const xlsx = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/matches/export`).query({ format: 'xlsx', mentorId: mentor.id })
      .set(coordinator).buffer(true).parse((res, done) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => done(null, Buffer.concat(chunks))) })
      .expect(200)
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK')

    const foreign = await ctx.http().get(`/api/v1/chambers/${bergamo}/mentoring/matches/export`).set(bergamoLeader).expect(200)
    expect(foreign.text).not.toContain('Vetreria Export')
  })
})
