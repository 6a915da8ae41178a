import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ChamberProgrammeParams, Programme, ProgrammeBody, ProgrammeList, ProgrammeParams, ProgrammeView, RegionPlan, RegionPlanParams,
  RegionProgrammeParams, ThresholdsBody,
} from '@pid/shared'
import { audit, auditContext } from '../../core/audit.ts'
import { badRequest, notFound } from '../../core/errors.ts'
import { thresholdsOf } from './figures.ts'
import { insertProgramme } from './plans.repository.ts'
import { programmeRow } from './plans.queries.ts'
import { programmeView, regionChamberIds, regionPlan } from './rollups.ts'
import { problem } from '../../core/route-kit.ts'

const tags = ['budget']
const denied = { 400: problem, 401: problem, 403: problem }

const toProgramme = (p: NonNullable<Awaited<ReturnType<typeof programmeRow>>>): Programme => ({
  id: p.id, regionCode: p.region_code, name: p.name, firstYear: p.first_year, lastYear: p.last_year, thresholds: thresholdsOf(p),
})

/** Programmes (set up by the platform admin, thresholds included) and the roll-ups per programme and region. */
export default async function rollupRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/budget/programmes', {
    schema: { tags, summary: 'Programmes of several years, with their rule thresholds', response: { 200: ProgrammeList, 401: problem, 403: problem } },
    config: { guard: { action: 'budget.read', scope: 'global' } },
  }, async () => {
    const rows = await app.db.selectFrom('budget_programme').selectAll().orderBy('region_code').orderBy('first_year').execute()
    return { items: rows.map(toProgramme) }
  })

  app.post('/budget/programmes', {
    schema: { tags, summary: 'Set up a programme for a region (years and thresholds)', body: ProgrammeBody,
      response: { 201: Programme, ...denied } },
    config: { guard: { action: 'budget.programmes.manage', scope: 'network' } },
  }, async (req, reply) => {
    const b = req.body
    if (b.lastYear < b.firstYear || b.lastYear > b.firstYear + 9) throw badRequest('a programme lasts 1 to 10 years', [{ path: '/lastYear', message: 'from firstYear to firstYear + 9' }])
    const region = await app.db.selectFrom('region').select('code').where('code', '=', b.regionCode).executeTakeFirst()
    if (!region) throw badRequest('no such region', [{ path: '/regionCode', message: 'not an ISTAT region code' }])
    const programme = await app.db.transaction().execute(async (tx) => {
      const id = await insertProgramme(tx, b)
      await audit(tx, auditContext(req), { chamberId: null, action: 'budget.programme.created', entity: 'budget_programme', entityId: id, after: b })
      return (await programmeRow(tx, id))!
    })
    return reply.code(201).send(toProgramme(programme))
  })

  app.patch('/budget/programmes/:programmeId', {
    schema: { tags, summary: "Change a programme's rule thresholds", params: ProgrammeParams, body: ThresholdsBody,
      response: { 200: Programme, ...denied, 404: problem } },
    config: { guard: { action: 'budget.programmes.manage', scope: 'network' } },
  }, async (req) => app.db.transaction().execute(async (tx) => {
    const before = await programmeRow(tx, req.params.programmeId)
    if (!before) throw notFound('programme')
    const t = req.body.thresholds
    await tx.updateTable('budget_programme').set({
      voucher_share_min_year_pm: t.voucherShareMinYearPm, voucher_share_min_programme_pm: t.voucherShareMinProgrammePm,
      internal_share_max_pm: t.internalShareMaxPm,
    }).where('id', '=', before.id).execute()
    await audit(tx, auditContext(req), { chamberId: null, action: 'budget.programme.thresholds', entity: 'budget_programme', entityId: before.id,
      before: thresholdsOf(before), after: t })
    return toProgramme((await programmeRow(tx, before.id))!)
  }))

  app.get('/chambers/:chamberId/budget/programmes/:programmeId', {
    schema: { tags, summary: "The chamber's plans over a programme's years, and the programme's rules",
      params: ChamberProgrammeParams, response: { 200: ProgrammeView, ...denied, 404: problem } },
    config: { guard: { action: 'budget.read', scope: 'chamber' } },
  }, async (req) => {
    const chamber = await app.db.selectFrom('chamber').select('region_code').where('id', '=', req.params.chamberId).executeTakeFirst()
    const programme = await programmeRow(app.db, req.params.programmeId)
    if (!chamber || !programme || programme.region_code !== chamber.region_code) throw notFound('programme')
    return programmeView(app.db, programme.id, [req.params.chamberId])
  })

  app.get('/regions/:regionCode/budget/plans/:year', {
    schema: { tags, summary: "The regional plan of a year: the sum of its chambers' plans, per line and per chamber",
      params: RegionPlanParams, response: { 200: RegionPlan, ...denied } },
    config: { guard: { action: 'budget.read', scope: 'region' } },
  }, async (req) => regionPlan(app.db, req.params.regionCode, req.params.year))

  app.get('/regions/:regionCode/budget/programmes/:programmeId', {
    schema: { tags, summary: "The region's chambers over a programme's years, and the programme's rules on their sum",
      params: RegionProgrammeParams, response: { 200: ProgrammeView, ...denied, 404: problem } },
    config: { guard: { action: 'budget.read', scope: 'region' } },
  }, async (req) => {
    const programme = await programmeRow(app.db, req.params.programmeId)
    if (!programme || programme.region_code !== req.params.regionCode) throw notFound('programme')
    return programmeView(app.db, programme.id, await regionChamberIds(app.db, req.params.regionCode))
  })
}
