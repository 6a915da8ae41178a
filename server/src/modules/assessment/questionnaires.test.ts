import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_QUESTIONNAIRE_CODE } from '@pid/shared'
import { chamberId, createTestContext, type TestContext } from '../../../test/helpers.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { firmSession } from '../../../test/firm-access-helpers.ts'
import { userAuth, type Auth } from '../../../test/actors.ts'

let ctx: TestContext
let milano: number
let coordinator: Auth
const api = (path: string) => `/api/v1/chambers/${milano}${path}`

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  coordinator = { authorization: (await userAuth(ctx, 'digital_coordinator', milano)).authorization }
})
afterAll(async () => { await ctx.close() })

describe('questionnaire versions', () => {
  it('the default is seeded once, published; a draft copy is edited, checked, published and frozen; responses keep their version', async () => {
    const list = (await ctx.http().get(api('/assessment/questionnaires')).set(coordinator).expect(200)).body.items
    const def = list.find((q: { code: string }) => q.code === DEFAULT_QUESTIONNAIRE_CODE)
    expect(def).toMatchObject({ chamberId: null, version: 1, status: 'published', questionCount: 36 })
    // A firm that started on version 1 keeps it.
    const firm = await makeFirm(ctx.db)
    const token = { authorization: `Bearer ${await firmSession(ctx, firm.id)}` }
    const started = (await ctx.http().post('/api/v1/firm/assessments').set(token).expect(201)).body
    expect(started.questionnaireId).toBe(def.id)

    const network = await ctx.http().put(api(`/assessment/questionnaires/${def.id}`)).set(coordinator).send({ definition: (await ctx.http().get(api(`/assessment/questionnaires/${def.id}`)).set(coordinator)).body.definition }).expect(409)
    expect(network.body.code).toBe('questionnaire_read_only')
    const draft = (await ctx.http().post(api('/assessment/questionnaires')).set(coordinator).send({ copyFrom: def.id }).expect(201)).body
    expect(draft).toMatchObject({ chamberId: milano, code: DEFAULT_QUESTIONNAIRE_CODE, version: 2, status: 'draft' })
    const edited = structuredClone(draft.definition)
    edited.questions[0].text.it = 'Avete una strategia digitale scritta?'
    edited.questions[1].weight = 3
    await ctx.http().put(api(`/assessment/questionnaires/${draft.id}`)).set(coordinator).send({ definition: edited }).expect(200)
    const broken = structuredClone(edited)
    broken.questions[2].dimension = 'nowhere'
    const bad = await ctx.http().put(api(`/assessment/questionnaires/${draft.id}`)).set(coordinator).send({ definition: broken }).expect(400)
    // Each check has a code and the values it names, for the client to word; the English stays for API consumers.
    expect(bad.body.errors).toEqual(expect.arrayContaining([{ path: '/definition/questions/2/dimension', message: 'unknown dimension nowhere',
      code: 'unknown_dimension', params: { dimension: 'nowhere' } }]))
    broken.questions[3].id = broken.questions[1].id
    broken.levels[1].min = 0
    const worse = (await ctx.http().put(api(`/assessment/questionnaires/${draft.id}`)).set(coordinator).send({ definition: broken }).expect(400)).body
    expect(worse.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: '/definition/questions/3/id', code: 'question_id_twice', params: { id: broken.questions[1].id } }),
      expect.objectContaining({ path: '/definition/levels', code: 'levels_not_rising' }),
    ]))
    // A shape the schema refuses names its keyword and params.
    const shapeless = (await ctx.http().put(api(`/assessment/questionnaires/${draft.id}`)).set(coordinator)
      .send({ definition: { ...edited, questions: [{ ...edited.questions[0], weight: 99 }, ...edited.questions.slice(1)] } }).expect(400)).body
    expect(shapeless.errors[0]).toMatchObject({ path: '/definition/questions/0/weight', keyword: 'maximum', params: { limit: 10 } })
    const published = (await ctx.http().post(api(`/assessment/questionnaires/${draft.id}/publish`)).set(coordinator).send({}).expect(200)).body
    expect(published.status).toBe('published')
    const frozen = (await ctx.http().put(api(`/assessment/questionnaires/${draft.id}`)).set(coordinator).send({ definition: edited }).expect(409)).body
    expect(frozen.code).toBe('questionnaire_frozen')
    // The database itself refuses to change a published version.
    await expect(ctx.db.updateTable('assessment_questionnaire').set({ definition: JSON.stringify(broken) }).where('id', '=', draft.id).execute()).rejects.toThrow(/published/)

    const state = (await ctx.http().get('/api/v1/firm/assessment').set(token).expect(200)).body
    expect(state.questionnaire.id).toBe(def.id)
    const newcomer = await makeFirm(ctx.db)
    const newToken = { authorization: `Bearer ${await firmSession(ctx, newcomer.id)}` }
    const fresh = (await ctx.http().get('/api/v1/firm/assessment').set(newToken).expect(200)).body
    expect(fresh.questionnaire).toMatchObject({ id: draft.id, version: 2 })
    expect(fresh.questionnaire.definition.questions[0].text.it).toBe('Avete una strategia digitale scritta?')
  })

  it('the service catalogue: network services read-only, the chamber adds and edits its own', async () => {
    const items = (await ctx.http().get(api('/assessment/services')).set(coordinator).expect(200)).body.items
    expect(items.length).toBeGreaterThanOrEqual(10)
    const network = items[0]
    await ctx.http().patch(api(`/assessment/services/${network.id}`)).set(coordinator).send({ active: false }).expect(409)
    const body = { code: 'sportello-cyber', serviceLine: 'D', title: { it: 'Check-up cyber', en: 'Cyber check-up' },
      description: { it: 'Una verifica di base.', en: 'A basic check.' }, dimensions: ['security'], belowScore: 70, url: null, active: true }
    const created = (await ctx.http().post(api('/assessment/services')).set(coordinator).send(body).expect(201)).body
    expect(created.chamberId).toBe(milano)
    await ctx.http().post(api('/assessment/services')).set(coordinator).send(body).expect(409)
    const changed = (await ctx.http().patch(api(`/assessment/services/${created.id}`)).set(coordinator).send({ belowScore: 50 }).expect(200)).body
    expect(changed.belowScore).toBe(50)
  })
})
