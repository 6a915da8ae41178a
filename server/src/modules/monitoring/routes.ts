import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ROLE_SCOPE, ChamberParams, ChamberTargets, DashboardRegionParams, FiguresQuery, FunnelQuery, MonitoringFigures, MonitoringFunnel,
  SetTargetsBody, TargetsOverview, TargetsQuery, TargetYearParams,
} from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import { conflict } from '../../core/errors.ts'
import { denied, problem } from '../../core/route-kit.ts'
import type { MonitoringScopeRef } from '../crm/index.ts'
import { figures, funnel } from './figures.service.ts'
import { setTargets, targetsOf, thisYear } from './targets.service.ts'

const tags = ['monitoring']
const read = 'monitoring.read' as const

/** Who set the targets is a person's name: shown to the chamber's own staff only, as the CRM shows personal data. */
const chamberStaff = (req: FastifyRequest, chamberId: number) =>
  (req.actor?.grants ?? []).some((g) => ROLE_SCOPE[g.role] === 'chamber' && (g.chambers === undefined || g.chambers.includes(chamberId)))

/**
 * Network monitoring's routes (under /api/v1): figures, funnel and targets of a chamber, a region
 * (its chambers, merged predecessors included) and the network. Counts and sums only: the regional
 * and national roles read them, and no route names a firm or a person (but a chamber's targets
 * tell its own staff which of them set them).
 */
export default async function monitoringRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const chambersOf = (scope: MonitoringScopeRef) => app.crm.chambersInScope(app.db, scope)

  // ---- figures -------------------------------------------------------------------------------
  app.get('/chambers/:chamberId/monitoring/figures', {
    schema: { tags, summary: "The chamber's monthly figures from every module (by month, quarter or year)",
      params: ChamberParams, querystring: FiguresQuery, response: { 200: MonitoringFigures, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: read, scope: 'chamber' } },
  }, async (req) => figures(app.db, 'chamber', await chambersOf({ kind: 'chamber', chamberId: req.params.chamberId }), req.query))

  app.get('/regions/:regionCode/monitoring/figures', {
    schema: { tags, summary: "A region's figures: its chambers rolled up and side by side",
      params: DashboardRegionParams, querystring: FiguresQuery, response: { 200: MonitoringFigures, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: read, scope: 'region' } },
  }, async (req) => figures(app.db, 'region', await chambersOf({ kind: 'region', regionCode: req.params.regionCode }), req.query))

  app.get('/monitoring/figures', {
    schema: { tags, summary: "The network's figures: every chamber rolled up and side by side",
      querystring: FiguresQuery, response: { 200: MonitoringFigures, 400: problem, ...denied } },
    config: { guard: { action: read, scope: 'network' } },
  }, async (req) => figures(app.db, 'network', await chambersOf({ kind: 'network' }), req.query))

  // ---- funnel --------------------------------------------------------------------------------
  app.get('/chambers/:chamberId/monitoring/funnel', {
    schema: { tags, summary: "The chamber's awareness funnel now: firms per stage and conversion",
      params: ChamberParams, querystring: FunnelQuery, response: { 200: MonitoringFunnel, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: read, scope: 'chamber' } },
  }, async (req) => funnel(app.db, 'chamber', await chambersOf({ kind: 'chamber', chamberId: req.params.chamberId }), req.query))

  app.get('/regions/:regionCode/monitoring/funnel', {
    schema: { tags, summary: "A region's awareness funnel now",
      params: DashboardRegionParams, querystring: FunnelQuery, response: { 200: MonitoringFunnel, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: read, scope: 'region' } },
  }, async (req) => funnel(app.db, 'region', await chambersOf({ kind: 'region', regionCode: req.params.regionCode }), req.query))

  app.get('/monitoring/funnel', {
    schema: { tags, summary: "The network's awareness funnel now",
      querystring: FunnelQuery, response: { 200: MonitoringFunnel, 400: problem, ...denied } },
    config: { guard: { action: read, scope: 'network' } },
  }, async (req) => funnel(app.db, 'network', await chambersOf({ kind: 'network' }), req.query))

  // ---- targets -------------------------------------------------------------------------------
  app.get('/chambers/:chamberId/monitoring/targets', {
    schema: { tags, summary: "The chamber's yearly targets and progress (this year unless asked)",
      params: ChamberParams, querystring: TargetsQuery, response: { 200: ChamberTargets, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: read, scope: 'chamber' } },
  }, async (req) => {
    const [chamber] = await chambersOf({ kind: 'chamber', chamberId: req.params.chamberId })
    const [targets] = await targetsOf(app.db, [chamber!], req.query.year ?? thisYear(), chamberStaff(req, chamber!.id))
    return targets!
  })

  app.put('/chambers/:chamberId/monitoring/targets/:year', {
    schema: { tags, summary: "Sets the chamber's targets of a year (every metric; null clears it)",
      params: TargetYearParams, body: SetTargetsBody, response: { 200: ChamberTargets, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: { action: 'monitoring.targets.write', scope: 'chamber' } },
  }, async (req) => {
    const [chamber] = await chambersOf({ kind: 'chamber', chamberId: req.params.chamberId })
    // A merged predecessor's history still counts, but it sets no more targets: its successor does.
    if (chamber!.mergedIntoId !== null) throw conflict('the chamber was merged into another: set the targets of its successor')
    await setTargets(app.db, chamber!, req.params.year, req.body, auditContext(req))
    const [targets] = await targetsOf(app.db, [chamber!], req.params.year, true)
    return targets!
  })

  app.get('/regions/:regionCode/monitoring/targets', {
    schema: { tags, summary: "A region's chambers: their targets and progress side by side",
      params: DashboardRegionParams, querystring: TargetsQuery, response: { 200: TargetsOverview, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: read, scope: 'region' } },
  }, async (req) => {
    const year = req.query.year ?? thisYear()
    // Targets are set by chambers in office: merged predecessors have none to show.
    const chambers = (await chambersOf({ kind: 'region', regionCode: req.params.regionCode })).filter((c) => c.mergedIntoId === null)
    return { year, chambers: await targetsOf(app.db, chambers, year, false) }
  })

  app.get('/monitoring/targets', {
    schema: { tags, summary: "Every chamber's targets and progress side by side",
      querystring: TargetsQuery, response: { 200: TargetsOverview, 400: problem, ...denied } },
    config: { guard: { action: read, scope: 'network' } },
  }, async (req) => {
    const year = req.query.year ?? thisYear()
    const chambers = (await chambersOf({ kind: 'network' })).filter((c) => c.mergedIntoId === null)
    return { year, chambers: await targetsOf(app.db, chambers, year, false) }
  })
}
