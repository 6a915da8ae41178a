import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  BookMentoringSlotBody, ChamberParams, CreateMentoringDayBody, CreateMentoringRequestBody, CreateMentoringSlotBody, DeclineProposalBody,
  FirmBookSlotBody, FirmCreateMentoringRequestBody, FirmMentoringRequest, FirmMentoringRequestList, FirmMentoringSlotList, FirmRequestParams, FirmSlotParams,
  MentoringDay, MentoringDayList, MentoringDayParams, MentoringMatchParams, MentoringRequest, MentoringRequestListQuery, MentoringRequestPage,
  MentoringRequestParams, MentoringSlotParams, MentoringSuggestionList, MentorProposal, MentorOptionList, MentorProposalList, MentorProposalParams, ProposeMentorBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import { currentMentorId } from '../mentors/current-mentor.ts'
import type { RequestsService } from './requests.service.ts'
import type { DaysService } from './days.service.ts'

const tags = ['mentoring: matching']
const base = '/chambers/:chamberId/mentoring'
const firmGuard = { guard: { firm: 'mentoring' } } as const
const mentorGuard = guarded('mentoring.mentor', 'global')

/** Requests, suggestions, proposals and matchmaking days: staff, the mentor's area and the firm. */
export default async function matchingRoutes(fastify: FastifyInstance, { requests, days }: { requests: RequestsService; days: DaysService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get(`${base}/requests`, {
    schema: { tags, summary: "The chamber's mentoring requests, newest first (filters: status, source, area, firm)", params: ChamberParams,
      querystring: MentoringRequestListQuery, response: { 200: MentoringRequestPage, 400: problem, ...denied, 404: problem } },
    config: guarded('mentoring.read'),
  }, async (req) => requests.list(req.params.chamberId, req.query))

  app.post(`${base}/requests`, {
    schema: { tags, summary: "Open a request for a firm, or from a plan item of kind 'mentoring' (409 mentoring_request_duplicate: one open request per area)",
      params: ChamberParams, body: CreateMentoringRequestBody, response: { 201: MentoringRequest, 400: problem, ...denied, 404: problem, 409: problem } },
    config: guarded('mentoring.match'),
  }, async (req, reply) => reply.code(201).send(await requests.createByStaff(req.params.chamberId, req.body, auditContext(req))))

  app.get(`${base}/requests/:requestId`, {
    schema: { tags, summary: 'A request with its matches and time to match', params: MentoringRequestParams,
      response: { 200: MentoringRequest, 400: problem, ...denied, 404: problem } },
    config: guarded('mentoring.read'),
  }, async (req) => requests.one(app.db, req.params.chamberId, req.params.requestId))

  app.post(`${base}/requests/:requestId/withdraw`, {
    schema: { tags, summary: 'Withdraw an open request (a pending proposal with it)', params: MentoringRequestParams,
      response: { 200: MentoringRequest, 400: problem, ...denied, 404: problem, 409: problem } },
    config: guarded('mentoring.match'),
  }, async (req) => requests.withdraw(req.params.chamberId, req.params.requestId, auditContext(req)))

  app.get(`${base}/requests/:requestId/suggestions`, {
    schema: { tags, summary: "Active mentors of the network ranked for the request, each with its explanation; blocked ones apart with the reasons",
      params: MentoringRequestParams, response: { 200: MentoringSuggestionList, 400: problem, ...denied, 404: problem } },
    config: guarded('mentoring.match'),
  }, async (req) => requests.suggestions(req.params.chamberId, req.params.requestId))

  app.post(`${base}/requests/:requestId/proposals`, {
    schema: { tags, summary: 'Propose a mentor (409: a live match already, the request not open, or a gate: the blocker\'s code)',
      params: MentoringRequestParams, body: ProposeMentorBody, response: { 201: MentoringRequest, 400: problem, ...denied, 404: problem, 409: problem } },
    config: guarded('mentoring.match'),
  }, async (req, reply) => reply.code(201).send(await requests.propose(req.params.chamberId, req.params.requestId, req.body.mentorId, auditContext(req))))

  app.post(`${base}/requests/:requestId/proposals/:matchId/withdraw`, {
    schema: { tags, summary: 'Withdraw a proposal still waiting for the mentor', params: MentoringMatchParams,
      response: { 200: MentoringRequest, 400: problem, ...denied, 404: problem, 409: problem } },
    config: guarded('mentoring.match'),
  }, async (req) => requests.withdrawProposal(req.params.chamberId, req.params.requestId, req.params.matchId, auditContext(req)))

  // The mentor's area.
  app.get('/mentoring/me/proposals', {
    schema: { tags, summary: "The signed-in mentor's proposals and matches, those waiting first", response: { 200: MentorProposalList, ...denied, 404: problem } },
    config: mentorGuard,
  }, async (req) => requests.mentorProposals(await currentMentorId(app.db, req.actor!.userId)))

  app.post('/mentoring/me/proposals/:matchId/accept', {
    schema: { tags, summary: 'Accept a proposal (409 mentor_at_capacity, a gate, or not waiting any more)', params: MentorProposalParams,
      response: { 200: MentorProposal, 400: problem, ...denied, 404: problem, 409: problem } },
    config: mentorGuard,
  }, async (req) => requests.accept(await currentMentorId(app.db, req.actor!.userId), req.params.matchId, auditContext(req)))

  app.post('/mentoring/me/proposals/:matchId/decline', {
    schema: { tags, summary: 'Decline a proposal with a reason: the request is free for another proposal', params: MentorProposalParams,
      body: DeclineProposalBody, response: { 200: MentorProposal, 400: problem, ...denied, 404: problem, 409: problem } },
    config: mentorGuard,
  }, async (req) => requests.decline(await currentMentorId(app.db, req.actor!.userId), req.params.matchId, req.body.reason, auditContext(req)))

  // The firm.
  app.get('/firm/mentoring/requests', {
    schema: { tags, summary: "The firm's own mentoring requests", response: { 200: FirmMentoringRequestList, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req) => requests.firmList(req.firm!.firmId))

  app.post('/firm/mentoring/requests', {
    schema: { tags, summary: 'The firm asks for a mentor (409 mentoring_request_duplicate: one open request per area)', body: FirmCreateMentoringRequestBody,
      response: { 201: FirmMentoringRequest, 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req, reply) => reply.code(201).send(await requests.createByFirm(req.firm!.firmId, req.firm!.chamberId, req.body, auditContext(req))))

  app.post('/firm/mentoring/requests/:requestId/withdraw', {
    schema: { tags, summary: 'The firm withdraws its open request', params: FirmRequestParams,
      response: { 200: FirmMentoringRequestList, 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req) => {
    await requests.withdraw(req.firm!.chamberId, req.params.requestId, auditContext(req), req.firm!.firmId)
    return requests.firmList(req.firm!.firmId)
  })

  app.get('/firm/mentoring/slots', {
    schema: { tags, summary: "The coming speed-mentoring slots of the firm's chamber, free or taken", response: { 200: FirmMentoringSlotList, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req) => days.firmSlots(req.firm!.chamberId, req.firm!.firmId))

  app.post('/firm/mentoring/slots/:slotId/book', {
    schema: { tags, summary: 'Book a free slot (409 mentoring_slot_taken)', params: FirmSlotParams, body: FirmBookSlotBody,
      response: { 200: FirmMentoringSlotList, 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req) => days.firmBook(req.firm!.chamberId, req.firm!.firmId, req.params.slotId, req.body.topic, auditContext(req)))

  app.post('/firm/mentoring/slots/:slotId/cancel', {
    schema: { tags, summary: "Cancel the firm's booking of a slot", params: FirmSlotParams,
      response: { 200: FirmMentoringSlotList, 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req) => days.firmCancel(req.firm!.chamberId, req.firm!.firmId, req.params.slotId, auditContext(req)))

  // Matchmaking days.
  app.get(`${base}/days`, {
    schema: { tags, summary: "The chamber's speed-mentoring days with their slots", params: ChamberParams,
      response: { 200: MentoringDayList, 400: problem, ...denied, 404: problem } },
    config: guarded('mentoring.read'),
  }, async (req) => days.list(req.params.chamberId))

  app.get(`${base}/mentor-options`, {
    schema: { tags, summary: 'Active mentors of the network by name (a slot\'s mentor picker)', params: ChamberParams,
      response: { 200: MentorOptionList, 400: problem, ...denied, 404: problem } },
    config: guarded('mentoring.match'),
  }, async () => days.mentorOptions())

  app.post(`${base}/days`, {
    schema: { tags, summary: "Create a day (optionally tied to a matchmaking event of the chamber's experience centre)", params: ChamberParams,
      body: CreateMentoringDayBody, response: { 201: MentoringDay, 400: problem, ...denied, 404: problem } },
    config: guarded('mentoring.match'),
  }, async (req, reply) => reply.code(201).send(await days.create(req.params.chamberId, req.body, auditContext(req))))

  app.get(`${base}/days/:dayId`, {
    schema: { tags, summary: 'A day with its slots', params: MentoringDayParams, response: { 200: MentoringDay, 400: problem, ...denied, 404: problem } },
    config: guarded('mentoring.read'),
  }, async (req) => days.one(app.db, req.params.chamberId, req.params.dayId))

  app.post(`${base}/days/:dayId/slots`, {
    schema: { tags, summary: 'Add a slot with a mentor (409 mentoring_mentor_busy: the mentor is in another slot then)', params: MentoringDayParams,
      body: CreateMentoringSlotBody, response: { 201: MentoringDay, 400: problem, ...denied, 404: problem, 409: problem } },
    config: guarded('mentoring.match'),
  }, async (req, reply) => reply.code(201).send(await days.addSlot(req.params.chamberId, req.params.dayId, req.body, auditContext(req))))

  app.post(`${base}/days/:dayId/slots/:slotId/book`, {
    schema: { tags, summary: 'Book the slot for a firm (409 mentoring_slot_taken)', params: MentoringSlotParams, body: BookMentoringSlotBody,
      response: { 200: MentoringDay, 400: problem, ...denied, 404: problem, 409: problem } },
    config: guarded('mentoring.match'),
  }, async (req) => days.book(req.params.chamberId, req.params.dayId, req.params.slotId, req.body, auditContext(req)))

  app.post(`${base}/days/:dayId/slots/:slotId/cancel`, {
    schema: { tags, summary: "Cancel the slot's booking", params: MentoringSlotParams,
      response: { 200: MentoringDay, 400: problem, ...denied, 404: problem, 409: problem } },
    config: guarded('mentoring.match'),
  }, async (req) => {
    await days.cancelBooking(req.params.chamberId, req.params.dayId, req.params.slotId, auditContext(req))
    return days.one(app.db, req.params.chamberId, req.params.dayId)
  })
}
