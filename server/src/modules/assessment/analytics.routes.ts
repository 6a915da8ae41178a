import type { FastifyInstance, FastifyReply } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { safeCsv } from '../../core/spreadsheet.ts'
import { Analytics, AnalyticsQuery, ChamberParams, CohortQuery, CohortView, LevelDistribution, RegionParams, type Analytics as AnalyticsT } from '@pid/shared'
import { firmAccess } from '../crm/index.ts'
import { analytics, cohorts, regionLevels } from './analytics.ts'
import { denied, guarded, problem } from '../../core/route-kit.ts'

const tags = ['assessment (analytics)']
const csvResponse = Type.String({ description: 'CSV, one row per group' })
const inChamber = guarded('assessment.analytics.read')
const inRegion = guarded('assessment.analytics.read', 'region')
const network = guarded('assessment.analytics.read', 'network')

function sendCsv(reply: FastifyReply, a: AnalyticsT) {
  const rows = a.groups.map((g) => [g.key ?? '', g.label ?? '', g.firms, ...g.levels, g.median ?? ''])
  const csv = safeCsv([[a.by, 'label', 'firms', 'level_1', 'level_2', 'level_3', 'level_4', 'level_5', 'median_score'], ...rows])
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="autovalutazioni-${a.scope.replace(':', '-')}-${a.by}.csv"`).send(csv)
}

/** Level and score distributions per chamber, region and network, by PID, sector or size; CSV export; cohorts. */
export default async function analyticsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const answers = { 200: Analytics, 400: problem, ...denied }
  const csvAnswers = { 200: csvResponse, 400: problem, ...denied }

  app.get('/chambers/:chamberId/assessment/analytics', { schema: { tags, summary: "Distribution of levels and scores of the chamber's firms",
    params: ChamberParams, querystring: AnalyticsQuery, response: answers }, config: inChamber },
  async (req) => analytics(app.db, { kind: 'chamber', chamberId: req.params.chamberId }, req.query))
  app.get('/chambers/:chamberId/assessment/analytics.csv', { schema: { tags, summary: 'The same, as CSV',
    params: ChamberParams, querystring: AnalyticsQuery, response: csvAnswers }, config: inChamber },
  async (req, reply) => sendCsv(reply, await analytics(app.db, { kind: 'chamber', chamberId: req.params.chamberId }, req.query)))

  app.get('/regions/:regionCode/assessment/analytics', { schema: { tags, summary: 'Distribution of levels and scores in a region',
    params: RegionParams, querystring: AnalyticsQuery, response: answers }, config: inRegion },
  async (req) => analytics(app.db, { kind: 'region', regionCode: req.params.regionCode }, req.query))
  app.get('/regions/:regionCode/assessment/analytics.csv', { schema: { tags, summary: 'The same, as CSV',
    params: RegionParams, querystring: AnalyticsQuery, response: csvAnswers }, config: inRegion },
  async (req, reply) => sendCsv(reply, await analytics(app.db, { kind: 'region', regionCode: req.params.regionCode }, req.query)))
  app.get('/regions/:regionCode/assessment/levels', { schema: { tags, summary: 'Level distribution of a region (latest assessment per firm)',
    params: RegionParams, response: { 200: LevelDistribution, 400: problem, ...denied } }, config: inRegion },
  async (req) => regionLevels(app.db, req.params.regionCode))

  app.get('/network/assessment/analytics', { schema: { tags, summary: 'Distribution of levels and scores across the network',
    querystring: AnalyticsQuery, response: answers }, config: network },
  async (req) => analytics(app.db, { kind: 'network' }, req.query))
  app.get('/network/assessment/analytics.csv', { schema: { tags, summary: 'The same, as CSV',
    querystring: AnalyticsQuery, response: csvAnswers }, config: network },
  async (req, reply) => sendCsv(reply, await analytics(app.db, { kind: 'network' }, req.query)))

  app.get('/chambers/:chamberId/assessment/cohorts', { schema: { tags, summary: 'Re-assessed firms with vs without an intervention of a kind: mean change T0 -> latest',
    params: ChamberParams, querystring: CohortQuery, response: { 200: CohortView, 400: problem, ...denied } }, config: inChamber },
  async (req) => cohorts(app.db, await firmAccess(app.db, req.actor!, req.params.chamberId, 'assessment.analytics.read'), req.query.kind))
}
