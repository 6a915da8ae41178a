import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { PublicCall, PublicCallList, PublicCallParams, PublicChamberParams } from '@pid/shared'
import { dbNow, loadCall, publishedCalls, toPublicCall } from './call-state.ts'
import { problem } from '../../core/route-kit.ts'

const tags = ['vouchers (public)']
const open = { guard: 'public' } as const

/** The public page of a call: anyone reads its terms, its phase and the funds left, without signing in. */
export default async function publicRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/public/vouchers/calls/:callId', {
    schema: { tags, summary: 'A published call: terms, phase (scheduled, open, closed, closed for exhausted funds) and funds left',
      params: PublicCallParams, response: { 200: PublicCall, 400: problem, 404: problem } },
    config: open,
  }, async (req) => toPublicCall(await loadCall(app.db, req.params.callId, { published: true }), await dbNow(app.db)))

  app.get('/public/chambers/:chamberId/vouchers/calls', {
    schema: { tags, summary: "A chamber's published calls, newest first", params: PublicChamberParams, response: { 200: PublicCallList, 400: problem } },
    config: open,
  }, async (req) => {
    const now = await dbNow(app.db)
    return { items: (await publishedCalls(app.db, req.params.chamberId, 50)).map((c) => toPublicCall(c, now)) }
  })
}
