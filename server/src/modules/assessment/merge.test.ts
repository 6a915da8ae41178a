import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, loginDemo, type TestContext } from '../../../test/helpers.ts'
import { makeFirm } from '../../../test/crm-factories.ts'

/** A CRM merge of two firm records takes their assessments along; the firm stays counted once. */
let ctx: TestContext
let milano: number
let questionnaireId: number
beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  questionnaireId = (await ctx.db.selectFrom('assessment_questionnaire').select('id').executeTakeFirstOrThrow()).id
})
afterAll(async () => { await ctx.close() })

async function assessment(firmId: number, status: 'draft' | 'submitted', submittedAt?: string) {
  const submitted = status === 'submitted'
  const row = await ctx.db.insertInto('assessment').values({
    firm_id: firmId, chamber_id: milano, questionnaire_id: questionnaireId, status, firm_name: 'x', region_code: '03',
    ...(submitted ? { overall: 50, level: 3, scores: JSON.stringify({ strategy: 50 }), submitted_at: submittedAt!, round: 0, is_latest: true } : {}),
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

describe('merging firms with assessments', () => {
  it('moves them to the kept firm: its own draft wins, the most recent submission stays the latest', async () => {
    const kept = await makeFirm(ctx.db)
    const dup = await makeFirm(ctx.db)
    const keptOld = await assessment(kept.id, 'submitted', '2025-01-10T10:00:00Z')
    const keptDraft = await assessment(kept.id, 'draft')
    const dupNew = await assessment(dup.id, 'submitted', '2025-06-10T10:00:00Z')
    const dupDraft = await assessment(dup.id, 'draft')
    const auth = { authorization: `Bearer ${(await loginDemo(ctx, 'coordinatore@pid.example')).token}` }
    await ctx.http().post(`/api/v1/chambers/${milano}/firms/${dup.id}/merge`).set(auth).send({ intoFirmId: kept.id }).expect(200)

    const rows = await ctx.db.selectFrom('assessment').select(['id', 'firm_id', 'status', 'is_latest']).where('id', 'in', [keptOld, keptDraft, dupNew, dupDraft]).orderBy('id').execute()
    expect(rows).toEqual([
      { id: keptOld, firm_id: kept.id, status: 'submitted', is_latest: false },
      { id: keptDraft, firm_id: kept.id, status: 'draft', is_latest: false },
      { id: dupNew, firm_id: kept.id, status: 'submitted', is_latest: true },
    ])
    const event = await ctx.db.selectFrom('timeline_event').select('details').where('firm_id', '=', kept.id).where('type', '=', 'merge').executeTakeFirstOrThrow()
    expect(event.details).toMatchObject({ movedByModules: { assessment: 1 } })
  })
})
