import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Dimension } from '@pid/shared'
import { chamberId, demoAuth, login, makeUser, type Auth, type TestContext } from '../../../test/helpers.ts'
import { partnerUser } from '../../../test/actors.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { completeDraft, publishedCall, voucherTestContext } from '../../../test/voucher-factories.ts'
import { appUrl, callUrl, grant, submitted } from '../../../test/voucher-eval-helpers.ts'

let ctx: TestContext
let milano: number
let leader: Auth, coordinator: Auth, regional: Auth, national: Auth, partner: Auth, bergamoCoordinator: Auth
let partnerId: number

beforeAll(async () => {
  ({ ctx, milano, leader, coordinator } = await voucherTestContext(100_000_000))
  regional = await demoAuth(ctx, 'regione@pid.example')
  national = await demoAuth(ctx, 'nazionale@pid.example')
  const p = await partnerUser(ctx, milano, 'CNA Milano')
  partner = p.auth
  partnerId = p.partnerId
  const other = await makeUser(ctx.db, 'digital_coordinator', { chamberId: await chamberId(ctx.db, 'Bergamo') })
  bergamoCoordinator = { authorization: `Bearer ${(await login(ctx, other.email)).token}` }
})
afterAll(async () => { await ctx.close() })

describe('who reads and who writes the evaluation', () => {
  it('regional and national roles read the figures across chambers, never an application, and never write; another chamber\'s staff get nothing; partners see their firms only', async () => {
    const c = await publishedCall(ctx, leader, milano)
    const mine = await submitted(ctx, c.id, completeDraft(), await makeFirm(ctx.db, { registered_by_partner_id: partnerId }))
    const theirs = await submitted(ctx, c.id)
    await grant(ctx, coordinator, milano, mine.applicationId)
    const figures = [`${callUrl(milano, c.id)}/evaluation`, `${callUrl(milano, c.id)}/evaluation/rows`]
    const applications = [`${appUrl(milano, mine.applicationId)}/evaluation`, `${appUrl(milano, mine.applicationId)}/admissibility`,
      `${appUrl(milano, mine.applicationId)}/scores`, `${appUrl(milano, mine.applicationId)}/report`]
    const reads = [...figures, ...applications]
    const writes: [string, string, object][] = [
      ['put', `${appUrl(milano, theirs.applicationId)}/admissibility`, { checks: [{ code: 'documents', outcome: 'pass' }] }],
      ['post', `${appUrl(milano, theirs.applicationId)}/decision`, { outcome: 'not_admitted', reason: 'x' }],
      ['post', `${appUrl(milano, mine.applicationId)}/revoke`, { reason: 'per prova' }],
      ['post', `${callUrl(milano, c.id)}/evaluation/compute`, {}],
      ['post', `${appUrl(milano, mine.applicationId)}/report/check`, {}],
      ['post', `${appUrl(milano, mine.applicationId)}/payment`, { paidOn: '2026-01-01', orderRef: 'x' }],
      ['post', `${callUrl(milano, c.id)}/close-out`, {}],
    ]
    for (const auth of [regional, national]) {
      for (const url of figures) expect((await ctx.http().get(url).set(auth)).status, url).toBe(200)
      // A whole application (referent, declarations, documents, report) is personal data: not theirs to read.
      for (const url of applications) expect((await ctx.http().get(url).set(auth)).status, url).toBe(403)
      for (const [method, url, body] of writes) expect((await ctx.http()[method as 'post'](url).set(auth).send(body)).status, url).toBe(403)
    }
    for (const url of reads) expect((await ctx.http().get(url).set(bergamoCoordinator)).status, url).toBe(403)
    for (const [method, url, body] of writes) expect((await ctx.http()[method as 'post'](url).set(bergamoCoordinator).send(body)).status, url).toBe(403)
    expect((await ctx.db.selectFrom('voucher_application').select('status').where('id', '=', mine.applicationId).executeTakeFirstOrThrow()).status).toBe('granted')

    // A partner reads its related firm's evaluation and report, never another firm's, and never decides.
    for (const url of applications) expect((await ctx.http().get(url).set(partner)).status, url).toBe(200)
    expect((await ctx.http().get(`${appUrl(milano, theirs.applicationId)}/evaluation`).set(partner)).status).toBe(404)
    // The board and the figures cover every firm's application: they are the chamber's, not a partner's.
    for (const url of figures) expect((await ctx.http().get(url).set(partner)).status, url).toBe(403)
    for (const [method, url, body] of writes) expect((await ctx.http()[method as 'post'](url).set(partner).send(body)).status, url).toBe(403)
  })
})

describe('voucher calls in assessment reports', () => {
  it('recommends the chamber\'s open calls the firm may apply to and has not applied to yet', async () => {
    const c = await publishedCall(ctx, leader, milano, { code: 'VD-REC-1', title: { it: 'Voucher cloud' } })
    await publishedCall(ctx, leader, milano, { code: 'VD-REC-2', eligibility: { sizeClasses: ['medium'], seatInChamber: true, activeInRegister: true,
      atecoExclusions: [], annualFeePaid: true, assessment: null } })
    const firm = await makeFirm(ctx.db)
    const dimension = { key: 'data', title: { it: 'Dati', en: 'Data' }, weight: 1, competences: [] } as Dimension
    const recommend = () => ctx.app.assessmentRecommenders.recommend(ctx.db, { chamberId: milano, firmId: firm.id, focus: [{ dimension, score: 20 }] })
    const mine = (await recommend()).filter((r) => r.source === 'vouchers')
    // A micro firm: the call for medium firms is not proposed.
    expect(mine.map((r) => r.ref.code)).toContain('VD-REC-1')
    expect(mine.map((r) => r.ref.code)).not.toContain('VD-REC-2')
    expect(mine.find((r) => r.ref.code === 'VD-REC-1')).toMatchObject({ dimension: 'data', title: { it: 'Bando voucher VD-REC-1: Voucher cloud' },
      url: `/api/v1/public/vouchers/calls/${c.id}` })
    await submitted(ctx, c.id, completeDraft(), firm)
    expect((await recommend()).filter((r) => r.source === 'vouchers').map((r) => r.ref.code)).not.toContain('VD-REC-1')
  })
})
