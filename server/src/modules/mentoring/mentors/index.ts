import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  AcceptCodeBody, ChamberParams, CodeOfConduct, CodeVersion, ConflictBody, CreateMentorBody, LinkMentorAccountBody, Mentor, MentorConflictParams,
  MentorList, MentorListQuery, MentorParams, MentorStatusBody, MyConflictParams, MyFirmSearch, MyFirmSearchQuery, MyMentor, PublishCodeBody,
  UpdateMentorBody, UpdateMyMentorBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import { MentorsService } from './mentors.service.ts'
import { CodeService } from './code.service.ts'
import { currentMentorId } from './current-mentor.ts'

const tags = ['mentoring: mentors']
const read = guarded('mentoring.mentors.read')
const manage = guarded('mentoring.mentors.manage')
const mentor = guarded('mentoring.mentor', 'global')
const base = '/chambers/:chamberId/mentoring/mentors'
const errors = { 400: problem, ...denied, 404: problem } as const

/**
 * Mentoring's mentors part: staff keep mentors' records (application, selection, account,
 * conflicts); the national structure publishes the code of conduct; the mentor sees and edits its
 * own profile, accepts the code and declares its conflicts (/mentoring/me).
 */
export default async function mentorsPart(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const mentors = new MentorsService(app)
  const code = new CodeService(app)

  app.get(base, {
    schema: { tags, summary: "The chamber's mentors, by name (filters: status, area of expertise, name)", params: ChamberParams, querystring: MentorListQuery,
      response: { 200: MentorList, ...errors } },
    config: read,
  }, async (req) => mentors.list(req.params.chamberId, req.query))

  app.post(base, {
    schema: { tags, summary: "Register a mentor's application", params: ChamberParams, body: CreateMentorBody,
      response: { 201: Mentor, ...errors, 409: problem } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await mentors.create(req.params.chamberId, req.body, auditContext(req))))

  app.get(`${base}/:mentorId`, {
    schema: { tags, summary: "A mentor's record: profile, status and its history, account, code of conduct, conflicts, load", params: MentorParams,
      response: { 200: Mentor, ...errors } },
    config: read,
  }, async (req) => mentors.get(req.params.chamberId, req.params.mentorId))

  app.patch(`${base}/:mentorId`, {
    schema: { tags, summary: "Change a mentor's profile", params: MentorParams, body: UpdateMentorBody, response: { 200: Mentor, ...errors, 409: problem } },
    config: manage,
  }, async (req) => mentors.update(req.params.chamberId, req.params.mentorId, req.body, auditContext(req)))

  app.post(`${base}/:mentorId/status`, {
    schema: { tags, summary: 'Move the mentor along its path (applied -> selected -> active -> suspended / retired; rejected), with a reason',
      params: MentorParams, body: MentorStatusBody, response: { 200: Mentor, ...errors, 409: problem } },
    config: manage,
  }, async (req) => mentors.setStatus(req.params.chamberId, req.params.mentorId, req.body, auditContext(req)))

  app.post(`${base}/:mentorId/account`, {
    schema: { tags, summary: 'Link the mentor to the account of a user holding the mentor role in the chamber', params: MentorParams,
      body: LinkMentorAccountBody, response: { 200: Mentor, ...errors, 409: problem } },
    config: manage,
  }, async (req) => mentors.linkAccount(req.params.chamberId, req.params.mentorId, req.body.email, auditContext(req)))

  app.post(`${base}/:mentorId/conflicts`, {
    schema: { tags, summary: 'Declare a conflict of interest of the mentor with a firm or a group of firms', params: MentorParams, body: ConflictBody,
      response: { 201: Mentor, ...errors } },
    config: manage,
  }, async (req, reply) => {
    await mentors.declareConflict(req.params.chamberId, req.params.mentorId, req.body, { kind: 'staff', grants: req.actor!.grants }, auditContext(req))
    return reply.code(201).send(await mentors.get(req.params.chamberId, req.params.mentorId))
  })

  app.delete(`${base}/:mentorId/conflicts/:conflictId`, {
    schema: { tags, summary: 'Remove a conflict of interest (kept, marked removed)', params: MentorConflictParams, response: { 200: Mentor, ...errors } },
    config: manage,
  }, async (req) => {
    await mentors.removeConflict(req.params.chamberId, req.params.mentorId, req.params.conflictId, auditContext(req))
    return mentors.get(req.params.chamberId, req.params.mentorId)
  })

  app.get('/mentoring/code-of-conduct', {
    schema: { tags, summary: "The code of conduct's current version and the versions published", response: { 200: CodeOfConduct, ...denied } },
    config: { guard: 'authenticated' },
  }, async () => code.get())

  app.post('/mentoring/code-of-conduct', {
    schema: { tags, summary: 'Publish a new version of the code of conduct (mentors are asked to accept it again)', body: PublishCodeBody,
      response: { 201: CodeVersion, 400: problem, ...denied } },
    config: guarded('mentoring.code.manage', 'network'),
  }, async (req, reply) => reply.code(201).send(await code.publish(req.body.text, auditContext(req))))

  /** The signed-in mentor's record (404 for a user with the mentor role but no record). */
  const me = async (userId: number) => {
    const id = await currentMentorId(app.db, userId)
    const row = await app.db.selectFrom('mentor').select('chamber_id').where('id', '=', id).executeTakeFirstOrThrow()
    return { id, chamberId: row.chamber_id }
  }

  app.get('/mentoring/me', {
    schema: { tags, summary: "The mentor's own profile, code of conduct state and conflicts", response: { 200: MyMentor, ...errors } },
    config: mentor,
  }, async (req) => mentors.mine((await me(req.actor!.userId)).id))

  app.patch('/mentoring/me', {
    schema: { tags, summary: 'Change my profile (not the e-mail, not the status)', body: UpdateMyMentorBody, response: { 200: MyMentor, ...errors } },
    config: mentor,
  }, async (req) => mentors.updateMine((await me(req.actor!.userId)).id, req.body, auditContext(req)))

  app.post('/mentoring/me/code-of-conduct/accept', {
    schema: { tags, summary: 'Accept the version of the code of conduct I read (the current one)', body: AcceptCodeBody,
      response: { 200: MyMentor, ...errors, 409: problem } },
    config: mentor,
  }, async (req) => {
    const m = await me(req.actor!.userId)
    await code.accept(m.id, m.chamberId, req.body.version, auditContext(req))
    return mentors.mine(m.id)
  })

  app.post('/mentoring/me/conflicts', {
    schema: { tags, summary: 'Declare a conflict of interest with firms of my chamber', body: ConflictBody, response: { 201: MyMentor, ...errors } },
    config: mentor,
  }, async (req, reply) => {
    const m = await me(req.actor!.userId)
    await mentors.declareConflict(m.chamberId, m.id, req.body, { kind: 'mentor' }, auditContext(req))
    return reply.code(201).send(await mentors.mine(m.id))
  })

  app.delete('/mentoring/me/conflicts/:conflictId', {
    schema: { tags, summary: 'Remove one of my conflicts of interest', params: MyConflictParams, response: { 200: MyMentor, ...errors } },
    config: mentor,
  }, async (req) => {
    const m = await me(req.actor!.userId)
    await mentors.removeConflict(m.chamberId, m.id, req.params.conflictId, auditContext(req))
    return mentors.mine(m.id)
  })

  app.get('/mentoring/me/firms', {
    schema: { tags, summary: "Firms of my chamber by name (to name a conflict of interest)", querystring: MyFirmSearchQuery,
      response: { 200: MyFirmSearch, ...errors } },
    config: mentor,
  }, async (req) => ({ items: await mentors.searchFirms((await me(req.actor!.userId)).id, req.query.q) }))

}
