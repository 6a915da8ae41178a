import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_QUESTIONNAIRE, type Answers } from '@pid/shared'
import { chamberId, createTestContext, type TestContext } from '../../../test/helpers.ts'
import { makeAgreement, makeFirm, makePartner } from '../../../test/crm-factories.ts'
import { firmSession } from '../../../test/firm-access-helpers.ts'
import { answersFor } from '../../../test/assessment-helpers.ts'
import { partnerUser, userAuth, type Auth } from '../../../test/actors.ts'

let ctx: TestContext
let milano: number, bergamo: number
let coordinator: Auth, promoter: Auth
const api = (path: string, c = milano) => `/api/v1/chambers/${c}${path}`
const only = (a: Auth & { userId?: number }): Auth => ({ authorization: a.authorization })

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  coordinator = only(await userAuth(ctx, 'digital_coordinator', milano))
  promoter = only(await userAuth(ctx, 'digital_promoter', milano))
})
afterAll(async () => { await ctx.close() })

/** A firm that fills and submits the default questionnaire; returns the assessment id. */
async function submitted(firmId: number, answers: Answers = answersFor()): Promise<number> {
  const token = { authorization: `Bearer ${await firmSession(ctx, firmId)}` }
  const { id } = (await ctx.http().post('/api/v1/firm/assessments').set(token).expect((r) => expect([200, 201]).toContain(r.status))).body
  await ctx.http().patch(`/api/v1/firm/assessments/${id}/answers`).set(token).send({ answers }).expect(200)
  await ctx.http().post(`/api/v1/firm/assessments/${id}/submit`).set(token).send({}).expect(200)
  return id
}

const allDims = (score: number) => Object.fromEntries(DEFAULT_QUESTIONNAIRE.dimensions.map((d) => [d.key, { score, note: `nota ${d.key}` }]))

describe('expert review, plan, progress', () => {
  it('a coordinator validates the scores, agrees areas and a plan whose referral becomes a CRM referral', async () => {
    const firm = await makeFirm(ctx.db)
    const id = await submitted(firm.id)
    const list = (await ctx.http().get(api('/assessments?status=submitted&reviewed=false')).set(promoter).expect(200)).body
    expect(list.items.map((i: { id: number }) => i.id)).toContain(id)
    await ctx.http().put(api(`/assessments/${id}/review`)).set(promoter).send({ dimensions: allDims(50), improvementAreas: [] }).expect(403)
    const bad = await ctx.http().put(api(`/assessments/${id}/review`)).set(coordinator).send({ dimensions: { strategy: { score: 10 } }, improvementAreas: ['nope'] }).expect(400)
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/dimensions/data', '/improvementAreas/0']))
    const review = (await ctx.http().put(api(`/assessments/${id}/review`)).set(coordinator)
      .send({ dimensions: { ...allDims(40), security: { score: 80, note: 'MFA attiva' } }, improvementAreas: ['data', 'automation'], notes: 'Incontro del 12' }).expect(200)).body
    // (40 x 7 + 80) / 8 = 45 -> Specialista (40+).
    expect(review).toMatchObject({ overall: 45, level: 3, improvementAreas: ['data', 'automation'] })
    let stage = (await ctx.db.selectFrom('firm').select('stage').where('id', '=', firm.id).executeTakeFirstOrThrow()).stage
    expect(stage).toBe(3)

    const partnerId = await makePartner(ctx.db, 'Digital Innovation Hub Lombardia')
    await makeAgreement(ctx.db, partnerId, milano)
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
    const referral = (await ctx.http().post(api(`/assessments/${id}/plan`)).set(coordinator)
      .send({ kind: 'partner_referral', dimension: 'data', title: 'Analisi dei dati di vendita', dueOn: due, partnerId }).expect(201)).body
    expect(referral.referralId).toBeGreaterThan(0)
    const crmReferral = await ctx.db.selectFrom('referral').select(['firm_id', 'partner_id', 'need']).where('id', '=', referral.referralId).executeTakeFirstOrThrow()
    expect(crmReferral).toEqual({ firm_id: firm.id, partner_id: partnerId, need: 'Analisi dei dati di vendita' })
    const training = (await ctx.http().post(api(`/assessments/${id}/plan`)).set(coordinator)
      .send({ kind: 'training', dimension: 'automation', title: 'Corso su automazione', dueOn: due }).expect(201)).body
    expect(training).toMatchObject({ kind: 'training', status: 'open', referralId: null })
    await ctx.http().post(api(`/assessments/${id}/plan`)).set(coordinator).send({ kind: 'partner_referral', title: 'x', dueOn: due }).expect(400)
    await ctx.http().post(api(`/assessments/${id}/plan`)).set(coordinator).send({ kind: 'training', title: 'x', dueOn: '2020-01-01' }).expect(400)
    await ctx.http().patch(api(`/assessments/${id}/plan/${training.id}`)).set(coordinator).send({ status: 'done' }).expect(200)
    stage = (await ctx.db.selectFrom('firm').select('stage').where('id', '=', firm.id).executeTakeFirstOrThrow()).stage
    expect(stage).toBe(4)
    const types = (await ctx.db.selectFrom('timeline_event').select('type').where('firm_id', '=', firm.id).orderBy('id').execute()).map((e) => e.type)
    expect(types).toEqual(['assessment', 'assessment_review', 'referral', 'assessment_plan', 'assessment_plan'])

    const detail = (await ctx.http().get(api(`/assessments/${id}`)).set(promoter).expect(200)).body
    expect(detail.plan).toHaveLength(2)
    expect(detail.review.dimensions.security).toEqual({ score: 80, note: 'MFA attiva' })
    const report = (await ctx.http().get(api(`/assessments/${id}/report`)).set(promoter).expect(200)).body
    expect(new Set(report.recommendations.map((r: { dimension: string }) => r.dimension))).toEqual(new Set(['data', 'automation']))
    expect(report.recommendations.some((r: { source: string }) => r.source === 'catalogue')).toBe(true)
    expect(report.dimensions.find((d: { key: string }) => d.key === 'security').validated.score).toBe(80)
  })

  it('re-assessment: T0/T1 deltas per dimension, and cohorts with vs without a voucher', async () => {
    const firm = await makeFirm(ctx.db)
    const t0 = await submitted(firm.id, answersFor(undefined, 'worst'))
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
    await ctx.http().post(api(`/assessments/${t0}/plan`)).set(coordinator).send({ kind: 'voucher', title: 'Voucher digitale', dueOn: due }).expect(201)
    const t1 = await submitted(firm.id, answersFor(undefined, 'best'))
    const other = await makeFirm(ctx.db)
    await submitted(other.id, answersFor(undefined, 'middle'))
    await submitted(other.id, answersFor(undefined, 'middle'))
    const progress = (await ctx.http().get(api(`/firms/${firm.id}/assessment-progress`)).set(promoter).expect(200)).body
    expect(progress.assessments.map((a: { round: number }) => a.round)).toEqual([0, 1])
    const [o0, o1] = progress.assessments.map((a: { overall: number }) => a.overall)
    expect(o0).toBeLessThan(5)
    expect(o1).toBe(100)
    expect(progress.comparison).toMatchObject({ t0, t1, overallDelta: o1 - o0, levelDelta: 4 })
    expect(progress.comparison.dimensions).toHaveLength(8)
    const cohorts = (await ctx.http().get(api('/assessment/cohorts?kind=voucher')).set(coordinator).expect(200)).body
    expect(cohorts.with).toMatchObject({ firms: 1, meanOverallDelta: o1 - o0 })
    expect(cohorts.without).toMatchObject({ firms: 1, meanOverallDelta: 0 })
    // Only the latest assessment of a firm counts in distributions.
    const latest = await ctx.db.selectFrom('assessment').select('id').where('firm_id', '=', firm.id).where('is_latest', '=', true).execute()
    expect(latest).toEqual([{ id: t1 }])
  })

  it('row-level: other chambers, partners not related to the firm and regional readers get what they should', async () => {
    const firm = await makeFirm(ctx.db)
    const id = await submitted(firm.id)
    const bergamoCoordinator = only(await userAuth(ctx, 'digital_coordinator', bergamo))
    await ctx.http().get(api(`/assessments/${id}`, bergamo)).set(bergamoCoordinator).expect(404)
    await ctx.http().get(api(`/assessments/${id}`)).set(bergamoCoordinator).expect(403)
    await ctx.http().put(api(`/assessments/${id}/review`, bergamo)).set(bergamoCoordinator).send({ dimensions: allDims(1), improvementAreas: [] }).expect(404)
    const partner = await partnerUser(ctx, milano)
    await ctx.http().get(api(`/assessments/${id}`)).set(partner.auth).expect(404)
    expect((await ctx.http().get(api('/assessments')).set(partner.auth).expect(200)).body.items).toEqual([])
    await ctx.db.updateTable('firm').set({ registered_by_partner_id: partner.partnerId }).where('id', '=', firm.id).execute()
    await ctx.http().get(api(`/assessments/${id}`)).set(partner.auth).expect(200)
    expect((await ctx.http().get(api('/assessments')).set(partner.auth).expect(200)).body.items.map((i: { id: number }) => i.id)).toEqual([id])
    await ctx.http().put(api(`/assessments/${id}/review`)).set(partner.auth).send({ dimensions: allDims(1), improvementAreas: [] }).expect(403)
  })
})
