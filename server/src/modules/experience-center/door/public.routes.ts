import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DoorTokenParams, Ok, SurveyBody, SurveyView } from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { problem } from '../../../core/route-kit.ts'
import { answerSurvey, certificatePdf, surveyView } from './after.service.ts'

const tags = ['experience centre (public)']
const binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })
const open = { guard: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } } as const

/** What the attendee reaches with their personal link, without signing in: the certificate and the survey. */
export default async function doorPublicRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/public/experience/certificates/:token', {
    schema: { tags, summary: 'The attendance certificate by the personal link (PDF); only for those who attended',
      params: DoorTokenParams, response: { 200: binary, 400: problem, 404: problem, 409: problem } },
    config: open,
  }, async (req, reply) => {
    const { pdf, fileName } = await certificatePdf(app, { token: req.params.token })
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).send(pdf)
  })

  app.get('/public/experience/surveys/:token', {
    schema: { tags, summary: 'The feedback survey by the personal link: the event, whether the person attended and already answered',
      params: DoorTokenParams, response: { 200: SurveyView, 400: problem, 404: problem } },
    config: open,
  }, async (req) => surveyView(app, req.params.token))

  app.post('/public/experience/surveys/:token', {
    schema: { tags, summary: 'Answer the survey: once per attendee (409 door_feedback_given), only attendees (409 door_not_attended)',
      params: DoorTokenParams, body: SurveyBody, response: { 201: Ok, 400: problem, 404: problem, 409: problem } },
    config: open,
  }, async (req, reply) => {
    await answerSurvey(app, auditContext(req), req.params.token, req.body)
    return reply.code(201).send({ ok: true })
  })
}
