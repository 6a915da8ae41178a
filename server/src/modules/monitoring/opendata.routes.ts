import type { FastifyInstance, FastifyReply } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ChamberParams, DashboardRegionParams, OpenDataCsv, OpenDataQuery, OpenDataSchema } from '@pid/shared'
import { denied, problem } from '../../core/route-kit.ts'
import type { MonitoringScopeRef } from '../crm/index.ts'
import { openDataCsv, openDataRows, openDataSchema } from './opendata.ts'

const tags = ['monitoring']
const read = 'monitoring.read' as const

/**
 * Open data's routes (under /api/v1): a year's anonymous export of a chamber, a region or the
 * network as CSV, and the Frictionless Table Schema describing it. Guarded like the other figures:
 * the export is meant to be published, but it is the chamber (region, network) who publishes it.
 */
export default async function openDataRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  const sendCsv = async (reply: FastifyReply, scope: MonitoringScopeRef, year: number, name: string) => {
    const rows = await openDataRows(app.db, await app.crm.chambersInScope(app.db, scope), year)
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="dati-aperti-${name}-${year}.csv"`).send(openDataCsv(rows))
  }
  const csv = { tags, produces: ['text/csv'], querystring: OpenDataQuery }
  const schema = { tags, response: { 200: OpenDataSchema, ...denied } }

  app.get('/chambers/:chamberId/monitoring/open-data.csv', {
    schema: { ...csv, summary: "The chamber's open data of a year: anonymous aggregates, small cells suppressed",
      params: ChamberParams, response: { 200: OpenDataCsv, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: read, scope: 'chamber' } },
  }, async (req, reply) => sendCsv(reply, { kind: 'chamber', chamberId: req.params.chamberId }, req.query.year, `camera-${req.params.chamberId}`))

  app.get('/regions/:regionCode/monitoring/open-data.csv', {
    schema: { ...csv, summary: "A region's open data of a year: its chambers' anonymous aggregates",
      params: DashboardRegionParams, response: { 200: OpenDataCsv, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: read, scope: 'region' } },
  }, async (req, reply) => sendCsv(reply, { kind: 'region', regionCode: req.params.regionCode }, req.query.year, `regione-${req.params.regionCode}`))

  app.get('/monitoring/open-data.csv', {
    schema: { ...csv, summary: "The network's open data of a year: every chamber's anonymous aggregates",
      response: { 200: OpenDataCsv, 400: problem, ...denied } },
    config: { guard: { action: read, scope: 'network' } },
  }, async (req, reply) => sendCsv(reply, { kind: 'network' }, req.query.year, 'rete'))

  app.get('/chambers/:chamberId/monitoring/open-data.schema.json', {
    schema: { ...schema, summary: "The Frictionless Table Schema of the chamber's open data CSV",
      params: ChamberParams, response: { ...schema.response, 400: problem, 404: problem } },
    config: { guard: { action: read, scope: 'chamber' } },
  }, async () => openDataSchema())

  app.get('/regions/:regionCode/monitoring/open-data.schema.json', {
    schema: { ...schema, summary: "The Frictionless Table Schema of a region's open data CSV",
      params: DashboardRegionParams, response: { ...schema.response, 400: problem, 404: problem } },
    config: { guard: { action: read, scope: 'region' } },
  }, async () => openDataSchema())

  app.get('/monitoring/open-data.schema.json', {
    schema: { ...schema, summary: "The Frictionless Table Schema of the network's open data CSV" },
    config: { guard: { action: read, scope: 'network' } },
  }, async () => openDataSchema())
}
