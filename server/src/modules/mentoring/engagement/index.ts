import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  AgreementBody, can, ChamberParams, CloseMatchBody, EngagementMatch, EngagementMatchListQuery, EngagementMatchPage, EngagementMatchParams,
  FeedbackBody, FirmAgreementAcceptBody, FirmFeedbackBody, FirmMentoringHome, MentoringFeedback, MentoringSession, MentoringSessionList,
  MyMatchList, MyMatchParams, PairsExportQuery, SessionBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import { currentMentorId } from '../mentors/current-mentor.ts'
import { EngagementService, type Viewer } from './engagement.service.ts'
import { pairRows } from './pairs-export.ts'
import { CONTENT_TYPES, spreadsheet } from '../spreadsheet.ts'

const staffTags = ['mentoring: engagement']
const meTags = ['mentoring: the mentor area']
const firmTags = ['mentoring (firm)']
const read = guarded('mentoring.read')
const match = guarded('mentoring.match')
const mentor = guarded('mentoring.mentor', 'global')
const firmGuard = { guard: { firm: 'mentoring' } } as const
const staffBase = '/chambers/:chamberId/mentoring/matches'
const meBase = '/mentoring/me/matches'

/**
 * Mentoring's engagement part: the agreement of an accepted match (drafted by staff or the mentor,
 * accepted by both, then locked), the sessions the mentor logs (confidential notes only for the
 * mentor and the coordinator), the closure with its outcome, each side's feedback, the firm's
 * maturity before and after; the staff's pairs, the mentor's area, the firm's page.
 */
export default async function engagementPart(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const s = new EngagementService(app)
  const staff = (req: { params: { chamberId: number }; actor: { grants: Parameters<typeof can>[0] } | null }): Viewer =>
    ({ kind: 'staff', chamberId: req.params.chamberId, notes: can(req.actor!.grants, 'mentoring.notes.read', req.params.chamberId) })
  const me = async (req: { actor: { userId: number } | null }): Promise<Viewer & { kind: 'mentor' }> =>
    ({ kind: 'mentor', mentorId: await currentMentorId(app.db, req.actor!.userId) })

  // Staff ------------------------------------------------------------------------------------------
  app.get(staffBase, {
    schema: { tags: staffTags, summary: 'The pairs (accepted and closed matches) of the chamber, newest first, by status and mentor',
      params: ChamberParams, querystring: EngagementMatchListQuery, response: { 200: EngagementMatchPage, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => s.list(req.params.chamberId, req.query))

  app.get(`${staffBase}/export`, {
    schema: { tags: staffTags, summary: "The chamber's pairs as CSV or XLSX, with the list's filters (never the confidential notes)",
      params: ChamberParams, querystring: PairsExportQuery,
      response: { 200: Type.String({ description: 'the file, as an attachment' }), 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req, reply) => {
    const format = req.query.format ?? 'csv'
    const items = await s.all(req.params.chamberId, { ...(req.query.status ? { status: req.query.status } : {}), ...(req.query.mentorId ? { mentorId: req.query.mentorId } : {}) })
    const body = await spreadsheet(format, 'Percorsi', pairRows(items), [])
    return reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="percorsi-mentoring.${format}"`).send(body)
  })

  app.get(`${staffBase}/:matchId`, {
    schema: { tags: staffTags, summary: "A pair's page: agreement, sessions (confidential notes only with mentoring.notes.read), closure, feedback, T0 -> T1",
      params: EngagementMatchParams, response: { 200: EngagementMatch, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => s.view(staff(req), req.params.matchId))

  app.get(`${staffBase}/:matchId/sessions`, {
    schema: { tags: staffTags, summary: "A pair's sessions, newest first (confidential notes only with mentoring.notes.read)",
      params: EngagementMatchParams, response: { 200: MentoringSessionList, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => ({ items: await s.sessions(staff(req), req.params.matchId) }))

  app.put(`${staffBase}/:matchId/agreement`, {
    schema: { tags: staffTags, summary: 'Draft or edit the agreement (an edit clears the acceptances; 409 once in force)',
      params: EngagementMatchParams, body: AgreementBody, response: { 200: EngagementMatch, 400: problem, ...denied, 404: problem, 409: problem } },
    config: match,
  }, async (req) => {
    await s.saveAgreement(staff(req), req.params.matchId, req.body, auditContext(req))
    return s.view(staff(req), req.params.matchId)
  })

  app.post(`${staffBase}/:matchId/close`, {
    schema: { tags: staffTags, summary: 'Close the pair with its outcome (its request closes too)',
      params: EngagementMatchParams, body: CloseMatchBody, response: { 200: EngagementMatch, 400: problem, ...denied, 404: problem, 409: problem } },
    config: match,
  }, async (req) => {
    await s.close(staff(req), req.params.matchId, req.body, auditContext(req))
    return s.view(staff(req), req.params.matchId)
  })

  // The mentor's area --------------------------------------------------------------------------------
  app.get(meBase, {
    schema: { tags: meTags, summary: "The signed-in mentor's own pairs (working first)", response: { 200: MyMatchList, ...denied, 404: problem } },
    config: mentor,
  }, async (req) => ({ items: await s.mine((await me(req)).mentorId) }))

  app.get(`${meBase}/:matchId`, {
    schema: { tags: meTags, summary: 'A pair of the mentor, with its own confidential notes (another mentor\'s: 404)',
      params: MyMatchParams, response: { 200: EngagementMatch, 400: problem, ...denied, 404: problem } },
    config: mentor,
  }, async (req) => s.view(await me(req), req.params.matchId))

  app.put(`${meBase}/:matchId/agreement`, {
    schema: { tags: meTags, summary: 'Draft or edit the agreement (an edit clears the acceptances; 409 once in force)',
      params: MyMatchParams, body: AgreementBody, response: { 200: EngagementMatch, 400: problem, ...denied, 404: problem, 409: problem } },
    config: mentor,
  }, async (req) => {
    const v = await me(req)
    await s.saveAgreement(v, req.params.matchId, req.body, auditContext(req))
    return s.view(v, req.params.matchId)
  })

  app.post(`${meBase}/:matchId/agreement/accept`, {
    schema: { tags: meTags, summary: 'The mentor accepts the agreement', params: MyMatchParams,
      response: { 200: EngagementMatch, 400: problem, ...denied, 404: problem, 409: problem } },
    config: mentor,
  }, async (req) => {
    const v = await me(req)
    await s.acceptAgreement(v, req.params.matchId, auditContext(req))
    return s.view(v, req.params.matchId)
  })

  app.post(`${meBase}/:matchId/sessions`, {
    schema: { tags: meTags, summary: 'Log a session (only while the agreement is in force)', params: MyMatchParams, body: SessionBody,
      response: { 201: MentoringSession, 400: problem, ...denied, 404: problem, 409: problem } },
    config: mentor,
  }, async (req, reply) => {
    const v = await me(req)
    return reply.code(201).send(await s.logSession(v.mentorId, req.actor!.userId, req.params.matchId, req.body, auditContext(req)))
  })

  app.post(`${meBase}/:matchId/close`, {
    schema: { tags: meTags, summary: 'Close the pair with its outcome', params: MyMatchParams, body: CloseMatchBody,
      response: { 200: EngagementMatch, 400: problem, ...denied, 404: problem, 409: problem } },
    config: mentor,
  }, async (req) => {
    const v = await me(req)
    await s.close(v, req.params.matchId, req.body, auditContext(req))
    return s.view(v, req.params.matchId)
  })

  app.post(`${meBase}/:matchId/feedback`, {
    schema: { tags: meTags, summary: "The mentor's feedback (once)", params: MyMatchParams, body: FeedbackBody,
      response: { 201: MentoringFeedback, 400: problem, ...denied, 404: problem, 409: problem } },
    config: mentor,
  }, async (req, reply) => reply.code(201).send(await s.feedback(await me(req), req.params.matchId, req.body, auditContext(req))))

  // The firm ------------------------------------------------------------------------------------------
  app.get('/firm/mentoring', {
    schema: { tags: firmTags, summary: "The firm's mentoring: its mentors, agreements, sessions (summaries only), its feedback",
      response: { 200: FirmMentoringHome, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req) => s.firmHome(req.firm!.firmId))

  app.post('/firm/mentoring/agreement/accept', {
    schema: { tags: firmTags, summary: 'The firm accepts the agreement, naming who accepts', body: FirmAgreementAcceptBody,
      response: { 200: FirmMentoringHome, 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req) => {
    await s.acceptAgreement({ kind: 'firm', firmId: req.firm!.firmId }, req.body.matchId, auditContext(req), req.body.acceptedBy)
    return s.firmHome(req.firm!.firmId)
  })

  app.post('/firm/mentoring/feedback', {
    schema: { tags: firmTags, summary: "The firm's feedback on its mentoring (once)", body: FirmFeedbackBody,
      response: { 201: MentoringFeedback, 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req, reply) => {
    const { matchId, ...body } = req.body
    return reply.code(201).send(await s.feedback({ kind: 'firm', firmId: req.firm!.firmId }, matchId, body, auditContext(req)))
  })
}
