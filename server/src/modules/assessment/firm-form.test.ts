import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_QUESTIONNAIRE } from '@pid/shared'
import { createTestContext, type TestContext } from '../../../test/helpers.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { firmSession } from '../../../test/firm-access-helpers.ts'
import { answersFor } from '../../../test/assessment-helpers.ts'

let ctx: TestContext
const as = (token: string) => ({ authorization: `Bearer ${token}` })

beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => { await ctx.close() })

describe("the firm's self-assessment", () => {
  it('starts, saves as it goes, resumes on another device, submits once and lands on the CRM timeline', async () => {
    const firm = await makeFirm(ctx.db)
    const phone = as(await firmSession(ctx, firm.id))
    const laptop = as(await firmSession(ctx, firm.id))
    const state = (await ctx.http().get('/api/v1/firm/assessment').set(phone).expect(200)).body
    expect(state.draft).toBeNull()
    expect(state.questionnaire.definition.questions).toHaveLength(DEFAULT_QUESTIONNAIRE.questions.length)
    const started = (await ctx.http().post('/api/v1/firm/assessments').set(phone).expect(201)).body
    const again = (await ctx.http().post('/api/v1/firm/assessments').set(laptop).expect(200)).body
    expect(again.id).toBe(started.id)

    const all = answersFor()
    const keys = Object.keys(all)
    const half = Object.fromEntries(keys.slice(0, 10).map((k) => [k, all[k]!]))
    const saved = (await ctx.http().patch(`/api/v1/firm/assessments/${started.id}/answers`).set(phone).send({ answers: half, currentStep: 1 }).expect(200)).body
    expect(saved.progress.answered).toBe(10)
    // The other device sees the answers and the step, and adds its own without losing them.
    const resumed = (await ctx.http().get('/api/v1/firm/assessment').set(laptop).expect(200)).body
    expect(resumed.draft).toMatchObject({ id: started.id, currentStep: 1, answers: half })
    const rest = Object.fromEntries(keys.slice(10).map((k) => [k, all[k]!]))
    delete rest.sec_plan
    await ctx.http().patch(`/api/v1/firm/assessments/${started.id}/answers`).set(laptop).send({ answers: rest }).expect(200)

    // Missing answers: a clear message naming each question.
    const missing = await ctx.http().post(`/api/v1/firm/assessments/${started.id}/submit`).set(phone).send({}).expect(400)
    expect(missing.body.detail).toMatch(/1 required question is still unanswered/)
    expect(missing.body).toMatchObject({ code: 'assessment_unanswered', params: { count: 1 } })
    expect(missing.body.errors).toEqual([{ path: '/answers/sec_plan', message: 'required', keyword: 'required' }])

    await ctx.http().patch(`/api/v1/firm/assessments/${started.id}/answers`).set(phone).send({ answers: { sec_plan: 'yes' } }).expect(200)
    const submitted = (await ctx.http().post(`/api/v1/firm/assessments/${started.id}/submit`).set(phone).send({}).expect(200)).body
    expect(submitted).toMatchObject({ status: 'submitted' })
    expect(submitted.overall).toBeGreaterThan(0)
    const twice = await ctx.http().post(`/api/v1/firm/assessments/${started.id}/submit`).set(laptop).send({}).expect(409)
    expect(twice.body.detail).toMatch(/already submitted on \d{4}-\d{2}-\d{2}/)
    await ctx.http().patch(`/api/v1/firm/assessments/${started.id}/answers`).set(phone).send({ answers: { sec_plan: 'no' } }).expect(409)

    const f = await ctx.db.selectFrom('firm').select(['stage', 'maturity_level']).where('id', '=', firm.id).executeTakeFirstOrThrow()
    expect(f).toEqual({ stage: 2, maturity_level: submitted.level })
    const touch = await ctx.db.selectFrom('timeline_event').select(['type', 'source_module', 'summary']).where('firm_id', '=', firm.id).executeTakeFirstOrThrow()
    expect(touch).toMatchObject({ type: 'assessment', source_module: 'assessment' })
    expect(touch.summary).toContain(`${submitted.overall}/100`)

    const report = (await ctx.http().get(`/api/v1/firm/assessments/${started.id}/report`).set(phone).expect(200)).body
    expect(report).toMatchObject({ assessmentId: started.id, overall: submitted.overall, level: submitted.level, round: 0 })
    expect(report.dimensions).toHaveLength(8)
    expect(report.recommendations.length).toBeGreaterThan(0)
    expect(report.benchmark.groups.map((g: { available: boolean }) => g.available)).toEqual([false, false])
    const pdf = await ctx.http().get(`/api/v1/firm/assessments/${started.id}/report.pdf`).set(phone).buffer(true)
      .parse((res, cb) => { const c: Buffer[] = []; res.on('data', (d: Buffer) => c.push(d)); res.on('end', () => cb(null, Buffer.concat(c))) }).expect(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('refuses answers that do not fit the questionnaire, and saves none of them', async () => {
    const firm = await makeFirm(ctx.db)
    const token = as(await firmSession(ctx, firm.id))
    const { id } = (await ctx.http().post('/api/v1/firm/assessments').set(token).expect(201)).body
    const res = await ctx.http().patch(`/api/v1/firm/assessments/${id}/answers`).set(token)
      .send({ answers: { str_plan: 'written', str_customers: 9, rdy_tools: ['fax'], nope: 'x' } }).expect(400)
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/answers/nope', '/answers/rdy_tools', '/answers/str_customers'])
    const row = await ctx.db.selectFrom('assessment').select('answers').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.answers).toEqual({})
    await ctx.http().patch(`/api/v1/firm/assessments/${id}/answers`).set(token).send({ answers: {}, extra: 1 }).expect(400)
  })

  it("row-level: a firm session reaches only its own firm's assessments; a vouchers-only link reaches none", async () => {
    const mine = await makeFirm(ctx.db)
    const other = await makeFirm(ctx.db)
    const myToken = as(await firmSession(ctx, mine.id))
    const otherToken = as(await firmSession(ctx, other.id))
    const { id } = (await ctx.http().post('/api/v1/firm/assessments').set(myToken).expect(201)).body
    await ctx.http().patch(`/api/v1/firm/assessments/${id}/answers`).set(otherToken).send({ answers: { str_plan: 'none' } }).expect(404)
    await ctx.http().post(`/api/v1/firm/assessments/${id}/submit`).set(otherToken).send({}).expect(404)
    await ctx.http().get(`/api/v1/firm/assessments/${id}/report`).set(otherToken).expect(404)
    const vouchersOnly = as(await firmSession(ctx, mine.id, ['vouchers']))
    await ctx.http().get('/api/v1/firm/assessment').set(vouchersOnly).expect(403)
  })
})
