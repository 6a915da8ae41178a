import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  PowChallenge, PublicMunicipalityList, PublicMunicipalityQuery, PublicStartAccepted, PublicStartBody, PublicStartChamber,
  PublicStartChamberParams, PublicVerified, PublicVerifyBody, PUBLIC_START_NOTICE_VERSION,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { notFound } from '../../../core/errors.ts'
import { problem } from '../../../core/route-kit.ts'
import { createCounters } from './counters.ts'
import { ProofOfWork } from './pow.ts'
import { PublicStartService } from './public-start.service.ts'

const tags = ['assessment (public)']
const PRUNE_QUEUE = 'assessment.public-start.prune'
const PRUNE_HOUR = 4

/**
 * The public self-assessment (README "Public self-assessment"): a chamber's page and the national
 * one, the proof-of-work challenge, the start (202, the same whatever the code) and the
 * verification of the mailed link, which opens the firm's self-assessment.
 */
export default async function publicStartRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const limits = app.config.publicStart
  const counters = createCounters(app.config.redisUrl)
  app.addHook('onClose', async () => { await counters.close() })
  const service = new PublicStartService(app, counters, new ProofOfWork(app.config.jwtSecret, counters, limits.powCounterMax))
  app.jobs.work(PRUNE_QUEUE, async () => { await service.pruneUsedLinks() })
  app.jobs.daily(PRUNE_QUEUE, PRUNE_HOUR)
  // Per client address, in the app's rate-limit store (Redis when configured): an hour's window.
  const perAddress = (max: number) => ({ guard: 'public', rateLimit: { max, timeWindow: '1 hour' } }) as const

  app.get('/public/chambers/:chamberId/self-assessment', {
    schema: { tags, summary: "A chamber's public self-assessment page: the chamber and the version of the notice shown",
      params: PublicStartChamberParams, response: { 200: PublicStartChamber, 400: problem, 404: problem } },
    config: { guard: 'public' },
  }, async (req) => {
    const chamber = await app.crm.publicChamber(app.db, req.params.chamberId)
    if (!chamber) throw notFound('chamber')
    return { chamber, noticeVersion: PUBLIC_START_NOTICE_VERSION }
  })

  app.get('/public/self-assessment/municipalities', {
    schema: { tags, summary: 'Municipalities by name prefix: the national page routes a firm to the chamber of its municipality',
      querystring: PublicMunicipalityQuery, response: { 200: PublicMunicipalityList, 400: problem } },
    config: { guard: 'public' },
  }, async (req) => ({ items: await app.crm.findMunicipalities(app.db, req.query.q, 20) }))

  app.get('/public/self-assessment/challenge', {
    schema: { tags, summary: 'A proof-of-work challenge (ALTCHA v2, SHA-256): solved by the page, valid 10 minutes, accepted once',
      response: { 200: PowChallenge, 429: problem } },
    config: perAddress(limits.ipMax * 2),
  }, async () => service.pow.challenge())

  app.post('/public/self-assessment/starts', {
    schema: { tags, summary: 'Start: mails a single-use verification link (24 h). Stores nothing; answers 202 alike for every firm code',
      body: PublicStartBody, response: { 202: PublicStartAccepted, 400: problem, 404: problem, 429: problem } },
    config: perAddress(limits.ipMax),
  }, async (req, reply) => {
    await service.start(req.body)
    return reply.code(202).send({ status: 'link_sent' as const })
  })

  app.post('/public/self-assessment/verifications', {
    schema: { tags, summary: "Verify the address with the mailed link (once): the firm is matched or becomes the chamber's prospect, its person is recorded with the consents given, and a firm session opens the self-assessment",
      body: PublicVerifyBody, response: { 200: PublicVerified, 400: problem, 409: problem, 410: problem, 429: problem } },
    config: perAddress(limits.ipMax),
  }, async (req) => service.verify(req.body.token, auditContext(req)))
}
