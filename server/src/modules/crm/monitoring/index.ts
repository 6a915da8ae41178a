import type { FastifyInstance, FastifyReply } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ChamberParams, CrmDashboard, DashboardCsv, DashboardQuery, DashboardRegionParams } from '@pid/shared'
import { dashboard, type DashboardScope } from './dashboard.service.ts'
import { dashboardCsv } from './dashboard.csv.ts'
import { denied, problem } from '../../../core/route-kit.ts'

const tags = ['crm']
const action = 'crm.monitoring.read' as const

/** CRM: network monitoring - the dashboard of a chamber, a region, the network, and its CSV (routes under /api/v1). */
export default async function monitoringRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  const sendCsv = async (reply: FastifyReply, scope: DashboardScope, query: DashboardQuery, name: string) => {
    const body = dashboardCsv(await dashboard(app.db, scope, query))
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cruscotto-crm-${name}.csv"`).send(body)
  }

  app.get('/chambers/:chamberId/crm/dashboard', {
    schema: { tags, summary: "The chamber's CRM dashboard: firms by stage, sector, size; touches by month and by author",
      params: ChamberParams, querystring: DashboardQuery, response: { 200: CrmDashboard, 400: problem, ...denied, 404: problem } },
    config: { guard: { action, scope: 'chamber' } },
  }, async (req) => dashboard(app.db, { kind: 'chamber', chamberId: req.params.chamberId }, req.query))

  app.get('/chambers/:chamberId/crm/dashboard.csv', {
    schema: { tags, summary: "The chamber's CRM dashboard as CSV (Italian headers)", produces: ['text/csv'],
      params: ChamberParams, querystring: DashboardQuery, response: { 200: DashboardCsv, 400: problem, ...denied, 404: problem } },
    config: { guard: { action, scope: 'chamber' } },
  }, async (req, reply) => sendCsv(reply, { kind: 'chamber', chamberId: req.params.chamberId }, req.query, `camera-${req.params.chamberId}`))

  app.get('/regions/:regionCode/crm/dashboard', {
    schema: { tags, summary: "A region's CRM dashboard: its chambers (merged predecessors included) rolled up and side by side",
      params: DashboardRegionParams, querystring: DashboardQuery, response: { 200: CrmDashboard, 400: problem, ...denied, 404: problem } },
    config: { guard: { action, scope: 'region' } },
  }, async (req) => dashboard(app.db, { kind: 'region', regionCode: req.params.regionCode }, req.query))

  app.get('/regions/:regionCode/crm/dashboard.csv', {
    schema: { tags, summary: "A region's CRM dashboard as CSV (Italian headers)", produces: ['text/csv'],
      params: DashboardRegionParams, querystring: DashboardQuery, response: { 200: DashboardCsv, 400: problem, ...denied, 404: problem } },
    config: { guard: { action, scope: 'region' } },
  }, async (req, reply) => sendCsv(reply, { kind: 'region', regionCode: req.params.regionCode }, req.query, `regione-${req.params.regionCode}`))

  app.get('/crm/dashboard', {
    schema: { tags, summary: 'The national CRM dashboard: every chamber rolled up and side by side',
      querystring: DashboardQuery, response: { 200: CrmDashboard, 400: problem, ...denied } },
    config: { guard: { action, scope: 'network' } },
  }, async (req) => dashboard(app.db, { kind: 'network' }, req.query))

  app.get('/crm/dashboard.csv', {
    schema: { tags, summary: 'The national CRM dashboard as CSV (Italian headers)', produces: ['text/csv'],
      querystring: DashboardQuery, response: { 200: DashboardCsv, 400: problem, ...denied } },
    config: { guard: { action, scope: 'network' } },
  }, async (req, reply) => sendCsv(reply, { kind: 'network' }, req.query, 'rete'))
}
