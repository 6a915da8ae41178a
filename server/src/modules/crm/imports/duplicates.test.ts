import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginDemo, type TestContext, twoChamberContext } from '../../../../test/helpers.ts'
import { fakeVat, makeAgreement, makeFirm, makePartner } from '../../../../test/crm-factories.ts'
import { conflict } from '../../../core/errors.ts'
import { SCAN_QUEUE } from './duplicate-scan.ts'

let ctx: TestContext
let milano: number, bergamo: number
let coordinator: { authorization: string }
const MILANO_CITY = '015146'
const RHO = '015182'

beforeAll(async () => {
  ({ ctx, milano, bergamo, auth: coordinator } = await twoChamberContext('coordinatore@pid.example'))
})
afterAll(async () => { await ctx.close() })

/** Staff ask for a scan; the worker runs it (here: drained at once). */
async function scan(chamber = milano) {
  await ctx.http().post(`/api/v1/chambers/${chamber}/firms/duplicates/scan`).set(coordinator).expect(202)
  await ctx.app.jobs.drain()
}

async function allPairs(chamber = milano) {
  await scan(chamber)
  const pairs: { reason: string; score: number; a: { id: number }; b: { id: number } }[] = []
  let cursor: string | null = null
  do {
    const res: { body: { items: typeof pairs; nextCursor: string | null } } = await ctx.http().get(`/api/v1/chambers/${chamber}/firms/duplicates`).query({ limit: 2, ...(cursor ? { cursor } : {}) }).set(coordinator).expect(200)
    pairs.push(...res.body.items)
    cursor = res.body.nextCursor
  } while (cursor)
  return pairs
}

describe('duplicates', () => {
  it('finds the same partita IVA under two codici fiscali, and similar names in one municipality only', async () => {
    const vat = fakeVat()
    const company = await makeFirm(ctx.db, { name: 'Officina Brambilla S.r.l.', vat_number: vat, municipality_code: MILANO_CITY })
    // The sole trader's personal code, registered again with the same partita IVA.
    const person = await makeFirm(ctx.db, { name: 'Brambilla Mario', tax_code: 'BRMMRA70A01F205S', vat_number: vat, legal_form: 'ditta_individuale', municipality_code: RHO })
    const a = await makeFirm(ctx.db, { name: 'Trattoria da Nicolò Sempione S.n.c.', municipality_code: MILANO_CITY })
    const b = await makeFirm(ctx.db, { name: 'Trattoria da Nicolo Sempione snc', municipality_code: MILANO_CITY })
    const elsewhere = await makeFirm(ctx.db, { name: 'Trattoria da Nicolò Sempione S.n.c.', municipality_code: RHO })
    await makeFirm(ctx.db, { name: 'Pasticceria Cova', municipality_code: MILANO_CITY })

    const pairs = await allPairs()
    expect(pairs).toContainEqual(expect.objectContaining({ reason: 'same_vat', score: 1, a: expect.objectContaining({ id: company.id }), b: expect.objectContaining({ id: person.id }) }))
    const names = pairs.filter((p) => p.reason === 'similar_name')
    expect(names).toEqual([expect.objectContaining({ a: expect.objectContaining({ id: a.id }), b: expect.objectContaining({ id: b.id }) })])
    expect(names[0]!.score).toBeGreaterThanOrEqual(0.6)
    expect(pairs.some((p) => [p.a.id, p.b.id].includes(elsewhere.id))).toBe(false)
    // Bergamo sees none of Milano's firms.
    expect(await ctx.http().get(`/api/v1/chambers/${bergamo}/firms/duplicates`).set(coordinator).expect(403))
  })

  it('tolerates a typo in one distinctive word: the other one still brings the names together', async () => {
    const a = await makeFirm(ctx.db, { name: 'Carrozzeria Bergognone Lambrate S.a.s.', municipality_code: MILANO_CITY })
    const b = await makeFirm(ctx.db, { name: 'Carrozzeria Bergognone Lambrae sas', municipality_code: MILANO_CITY })
    const pairs = await allPairs()
    expect(pairs).toContainEqual(expect.objectContaining({ reason: 'similar_name', a: expect.objectContaining({ id: a.id }), b: expect.objectContaining({ id: b.id }) }))
  })

  it('says when the pairs were found; requests while a scan waits are absorbed by it', async () => {
    const url = `/api/v1/chambers/${milano}/firms/duplicates`
    expect(await ctx.app.jobs.pending(SCAN_QUEUE)).toEqual([])
    const first = await ctx.http().post(`${url}/scan`).set(coordinator).expect(202)
    expect(first.body).toMatchObject({ state: 'waiting', requestedAt: expect.any(String) })
    await ctx.http().post(`${url}/scan`).set(coordinator).expect(202)
    await makeFirm(ctx.db) // the factory writes directly; a firm made through the API asks for a scan too
    expect(await ctx.app.jobs.pending(SCAN_QUEUE)).toHaveLength(1)
    await ctx.app.jobs.drain()
    const page = await ctx.http().get(url).set(coordinator).expect(200)
    expect(page.body.scan).toMatchObject({ state: 'done', finishedAt: expect.any(String), pairs: expect.any(Number) })
    expect(page.body.scan.pairs).toBeGreaterThan(0)
    const past = await ctx.http().get(url).query({ cursor: '999999999:0' }).set(coordinator).expect(200)
    expect(past.body).toMatchObject({ items: [], nextCursor: null })
    await ctx.http().get(url).query({ cursor: 'x' }).set(coordinator).expect(400)
  })

  it('never proposes again a pair staff declared distinct; refuses a pair outside the chamber', async () => {
    const a = await makeFirm(ctx.db, { name: 'Ferramenta Gallaratese Rossi Snc', municipality_code: RHO })
    const b = await makeFirm(ctx.db, { name: 'Ferramenta Gallaratese Rossini Snc', municipality_code: RHO })
    const isProposed = (pairs: { a: { id: number }; b: { id: number } }[]) => pairs.some((p) => p.a.id === a.id && p.b.id === b.id)
    expect(isProposed(await allPairs())).toBe(true)
    const url = `/api/v1/chambers/${milano}/firms/duplicates/dismissals`
    await ctx.http().post(url).set(coordinator).send({ aId: b.id, bId: a.id }).expect(204)
    expect(isProposed(await allPairs())).toBe(false)
    const inBergamo = await makeFirm(ctx.db, { province_code: 'BG' })
    await ctx.http().post(url).set(coordinator).send({ aId: a.id, bId: inBergamo.id }).expect(404)
    await ctx.http().post(url).set(coordinator).send({ aId: a.id, bId: a.id }).expect(400)
    const promoter = { authorization: `Bearer ${(await loginDemo(ctx, 'promotore@pid.example')).token}` }
    await ctx.http().post(url).set(promoter).send({ aId: a.id, bId: b.id }).expect(403)
  })
})

describe('merge', () => {
  it('moves all history to the kept firm, fills its empty fields, keeps the higher stage and hides the duplicate', async () => {
    const kept = await makeFirm(ctx.db, { name: 'Fumagalli Impianti S.r.l.', pec: null, employees: 12, stage: 1 })
    const dup = await makeFirm(ctx.db, { name: 'Fumagalli Impianti srl', pec: 'fumagalli@pec.it', employees: 8, stage: 3, tags: ['manifattura'] })
    const contact = await ctx.db.insertInto('contact').values({ firm_id: dup.id, first_name: 'Giulia', last_name: 'Fumagalli', email: 'g@fumagalli.example' }).returning('id').executeTakeFirstOrThrow()
    await ctx.db.insertInto('consent').values({ contact_id: contact.id, purpose: 'newsletter', granted_at: new Date(), source: 'form', text_version: 'v1' }).execute()
    await ctx.db.insertInto('timeline_event').values({ firm_id: dup.id, chamber_id: milano, type: 'desk_visit', occurred_at: new Date(), summary: 'Visita allo sportello' }).execute()
    await ctx.db.insertInto('stage_change').values({ firm_id: dup.id, from_stage: 0, to_stage: 3, automatic: false, reason: 'a mano' }).execute()
    const partner = await makePartner(ctx.db)
    await makeAgreement(ctx.db, partner, milano)
    await ctx.db.insertInto('referral').values({ firm_id: dup.id, chamber_id: milano, partner_id: partner, need: 'cybersecurity', due_on: '2026-12-31' }).execute()
    await ctx.db.insertInto('firm_partner_consent').values([{ firm_id: dup.id, partner_id: partner, source: 'modulo' }, { firm_id: kept.id, partner_id: partner, source: 'modulo', withdrawn_at: new Date() }]).execute()
    const campaigns = await ctx.db.insertInto('campaign').values([1, 2].map((n) => ({ chamber_id: milano, name: `Campagna ${n}`, goal: 'awareness', starts_on: '2026-01-01' }))).returning('id').execute()
    await ctx.db.insertInto('campaign_firm').values([
      { campaign_id: campaigns[0]!.id, firm_id: dup.id, outcome: 'interested' }, { campaign_id: campaigns[0]!.id, firm_id: kept.id },
      { campaign_id: campaigns[1]!.id, firm_id: dup.id, outcome: 'contacted' },
    ]).execute()

    const res = await ctx.http().post(`/api/v1/chambers/${milano}/firms/${dup.id}/merge`).set(coordinator).send({ intoFirmId: kept.id }).expect(200)
    expect(res.body).toMatchObject({ firmId: kept.id, mergedFirmId: dup.id, stage: 3, moved: { contacts: 1, timelineEvents: 1, stageChanges: 1, referrals: 1, campaignRows: 1, partnerConsents: 0 } })
    expect(res.body.filledFields).toContain('pec')

    const after = await ctx.db.selectFrom('firm').select(['id', 'pec', 'employees', 'stage', 'tags', 'merged_into_id']).where('id', 'in', [kept.id, dup.id]).orderBy('id').execute()
    expect(after).toEqual([
      { id: kept.id, pec: 'fumagalli@pec.it', employees: 12, stage: 3, tags: ['manifattura'], merged_into_id: null },
      { id: dup.id, pec: 'fumagalli@pec.it', employees: 8, stage: 3, tags: ['manifattura'], merged_into_id: kept.id },
    ])
    const rows = await ctx.db.selectFrom('campaign_firm').select(['campaign_id', 'firm_id', 'outcome']).where('firm_id', 'in', [kept.id, dup.id]).orderBy('campaign_id').execute()
    expect(rows).toEqual([{ campaign_id: campaigns[0]!.id, firm_id: kept.id, outcome: 'interested' }, { campaign_id: campaigns[1]!.id, firm_id: kept.id, outcome: 'contacted' }])
    const consent = await ctx.db.selectFrom('firm_partner_consent').selectAll().where('partner_id', '=', partner).execute()
    expect(consent).toEqual([expect.objectContaining({ firm_id: kept.id, withdrawn_at: null })])
    expect((await ctx.db.selectFrom('contact').select('firm_id').where('id', '=', contact.id).executeTakeFirstOrThrow()).firm_id).toBe(kept.id)
    const timeline = await ctx.db.selectFrom('timeline_event').select('type').where('firm_id', '=', kept.id).orderBy('id').execute()
    expect(timeline.map((t) => t.type)).toEqual(['desk_visit', 'merge'])
    const audit = await ctx.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'crm.firm.merged').where('entity_id', '=', String(kept.id)).executeTakeFirstOrThrow()
    expect(audit.before).toMatchObject({ kept: { id: kept.id }, merged: { id: dup.id } })

    // The merged firm no longer shows among the duplicates, and cannot be merged again.
    expect((await allPairs()).some((p) => [p.a.id, p.b.id].includes(dup.id))).toBe(false)
    const again = await ctx.http().post(`/api/v1/chambers/${milano}/firms/${dup.id}/merge`).set(coordinator).send({ intoFirmId: kept.id }).expect(409)
    expect(again.body.code).toBe('conflict')
    const other = await makeFirm(ctx.db)
    await ctx.http().post(`/api/v1/chambers/${milano}/firms/${other.id}/merge`).set(coordinator).send({ intoFirmId: dup.id }).expect(409)
  })

  it("takes other modules' rows along through their handlers; a handler's refusal refuses the whole merge", async () => {
    const kept = await makeFirm(ctx.db, { name: 'Modulare Uno Srl' })
    const dup = await makeFirm(ctx.db, { name: 'Modulare Uno srl', pec: 'modulare@pec.it' })
    const seen: { fromId: number; intoId: number }[] = []
    ctx.app.crm.onFirmMerged('test-module', async (_tx, m) => { seen.push({ fromId: m.fromId, intoId: m.intoId }); return 2 })
    const res = await ctx.http().post(`/api/v1/chambers/${milano}/firms/${dup.id}/merge`).set(coordinator).send({ intoFirmId: kept.id }).expect(200)
    expect(seen).toEqual([{ fromId: dup.id, intoId: kept.id }])
    const event = await ctx.db.selectFrom('timeline_event').select('details').where('firm_id', '=', kept.id).where('type', '=', 'merge').executeTakeFirstOrThrow()
    expect(event.details).toMatchObject({ movedByModules: { 'test-module': 2 } })
    expect(res.body.firmId).toBe(kept.id)

    const other = await makeFirm(ctx.db, { pec: null })
    const twin = await makeFirm(ctx.db, { pec: 'twin@pec.it' })
    ctx.app.crm.onFirmMerged('test-module', async () => { throw conflict('both firms applied to the same call') })
    const refused = await ctx.http().post(`/api/v1/chambers/${milano}/firms/${twin.id}/merge`).set(coordinator).send({ intoFirmId: other.id }).expect(409)
    expect(refused.body.detail).toBe('both firms applied to the same call')
    const after = await ctx.db.selectFrom('firm').select(['merged_into_id', 'pec']).where('id', 'in', [other.id, twin.id]).orderBy('id').execute()
    // Nothing of the merge landed: no link, no field filled from the twin.
    expect(after).toEqual([{ merged_into_id: null, pec: null }, { merged_into_id: null, pec: 'twin@pec.it' }])
    ctx.app.crm.onFirmMerged('test-module', async () => 0)
  })

  it('refuses merging into itself, across chambers, or without the permission', async () => {
    const a = await makeFirm(ctx.db)
    const inBergamo = await makeFirm(ctx.db, { province_code: 'BG' })
    await ctx.http().post(`/api/v1/chambers/${milano}/firms/${a.id}/merge`).set(coordinator).send({ intoFirmId: a.id }).expect(400)
    const cross = await ctx.http().post(`/api/v1/chambers/${milano}/firms/${a.id}/merge`).set(coordinator).send({ intoFirmId: inBergamo.id }).expect(400)
    expect(cross.body.errors).toEqual([{ path: '/intoFirmId', message: 'not found in the chamber' }])
    await ctx.http().post(`/api/v1/chambers/${milano}/firms/${inBergamo.id}/merge`).set(coordinator).send({ intoFirmId: a.id }).expect(404)
    await ctx.http().post(`/api/v1/chambers/${bergamo}/firms/${inBergamo.id}/merge`).set(coordinator).send({ intoFirmId: a.id }).expect(403)
    const promoter = { authorization: `Bearer ${(await loginDemo(ctx, 'promotore@pid.example')).token}` }
    await ctx.http().post(`/api/v1/chambers/${milano}/firms/${a.id}/merge`).set(promoter).send({ intoFirmId: a.id }).expect(403)
    expect(await ctx.db.selectFrom('firm').select('merged_into_id').where('id', '=', a.id).executeTakeFirstOrThrow()).toEqual({ merged_into_id: null })
  })
})
