import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Chamber, ChamberParams, ChamberQuery, CreateChamberBody, MergeChambersBody, Province, ProvinceQuery, Region } from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import { notFound } from '../../core/errors.ts'
import { findChamber, findChambers } from './network.repository.ts'
import { NetworkService } from './network.service.ts'
import { denied, problem } from '../../core/route-kit.ts'
import type { DbOrTx } from '../../db/database.ts'

const tags = ['network']

/** Reference geography and the chamber network. */
export default async function networkModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new NetworkService(app)

  app.get('/regions', {
    schema: { tags, summary: 'Italian regions (ISTAT codes)', response: { 200: Type.Array(Region), ...denied } },
    config: { guard: { action: 'network.read', scope: 'global' } },
  }, async () => app.db.selectFrom('region').select(['code', 'name']).orderBy('code').execute())

  app.get('/provinces', {
    schema: { tags, summary: 'Provinces with ISTAT and plate codes', querystring: ProvinceQuery,
      response: { 200: Type.Array(Province), 400: problem, ...denied } },
    config: { guard: { action: 'network.read', scope: 'global' } },
  }, async (req) => {
    let q = app.db.selectFrom('province').select(['code', 'istat_code as istatCode', 'name', 'region_code as regionCode']).orderBy('name')
    if (req.query.region) q = q.where('region_code', '=', req.query.region)
    return q.execute()
  })

  app.get('/chambers', {
    schema: { tags, summary: 'Chambers of commerce of the network', querystring: ChamberQuery,
      response: { 200: Type.Array(Chamber), 400: problem, ...denied } },
    config: { guard: { action: 'network.read', scope: 'global' } },
  }, async (req) => findChambers(app.db, { region: req.query.region, includeMerged: req.query.includeMerged }))

  app.get('/chambers/:chamberId', {
    schema: { tags, summary: 'One chamber with its provinces and predecessors', params: ChamberParams,
      response: { 200: Chamber, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: 'chamber.read', scope: 'chamber' } },
  }, async (req) => {
    const chamber = await findChamber(app.db, req.params.chamberId)
    if (!chamber) throw notFound('chamber')
    return chamber
  })

  app.post('/chambers', {
    schema: { tags, summary: 'Create a chamber covering one or more provinces', body: CreateChamberBody,
      response: { 201: Chamber, 400: problem, ...denied, 409: problem } },
    config: { guard: { action: 'chamber.manage', scope: 'network' } },
  }, async (req, reply) => reply.code(201).send(await service.createChamber(req.body, auditContext(req))))

  app.post('/chambers/merge', {
    schema: { tags, summary: 'Merge chambers into a new one (history is kept)', body: MergeChambersBody,
      response: { 201: Chamber, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: { action: 'chamber.manage', scope: 'network' } },
  }, async (req, reply) => reply.code(201).send(await service.merge(req.body, auditContext(req))))
}

/** A region's name ("Lombardia" for 03), for other modules' documents; null for an unknown code. */
export async function regionName(db: DbOrTx, code: string): Promise<string | null> {
  return (await db.selectFrom('region').select('name').where('code', '=', code).executeTakeFirst())?.name ?? null
}
