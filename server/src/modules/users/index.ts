import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ChamberParams, ChamberUser, ChamberUserList, ChamberUserParams, InviteBody, UpdateChamberUserBody } from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import { listChamberUsers, UsersService } from './users.service.ts'
import { denied, problem } from '../../core/route-kit.ts'

const tags = ['users']

/** Staff administration inside a chamber. */
export default async function usersModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new UsersService({ db: app.db, mailer: app.mailer, publicUrl: app.config.publicUrl })

  app.get('/chambers/:chamberId/users', {
    schema: { tags, summary: 'Users holding a role in the chamber', params: ChamberParams,
      response: { 200: ChamberUserList, 400: problem, ...denied } },
    config: { guard: { action: 'users.read', scope: 'chamber' } },
  }, async (req) => ({ items: await listChamberUsers(app.db, req.params.chamberId) }))

  app.post('/chambers/:chamberId/invitations', {
    schema: { tags, summary: 'Invite a person into the chamber with a role (mails an activation link)',
      params: ChamberParams, body: InviteBody,
      response: { 201: ChamberUser, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: { action: 'users.manage', scope: 'chamber' } },
  }, async (req, reply) => reply.code(201).send(await service.invite(req.params.chamberId, req.body, auditContext(req))))

  app.patch('/chambers/:chamberId/users/:userId', {
    schema: { tags, summary: "Change a user's roles in the chamber, or enable/disable the account",
      params: ChamberUserParams, body: UpdateChamberUserBody,
      response: { 200: ChamberUser, 204: { type: 'null' }, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: { action: 'users.manage', scope: 'chamber' } },
  }, async (req, reply) => {
    const user = await service.update(req.params.chamberId, req.params.userId, req.body, auditContext(req))
    // A disabled account's sessions are revoked in that transaction: this instance asks again at once.
    if (req.body.status === 'disabled') app.sessions.endUser(req.params.userId)
    // Removing every role takes the user out of the chamber: nothing left to show.
    return user ? user : reply.code(204).send(null)
  })
}

// Other modules ask whether a user holds a role in a chamber (firm access links firm_user accounts).
export { findRoleHolder, type RoleHolder } from './role-holders.ts'
export { createServiceAccount, disableServiceAccount, renameServiceAccount } from './service-accounts.ts'
