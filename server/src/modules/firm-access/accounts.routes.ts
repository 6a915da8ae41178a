import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  AccountSessionBody, FIRM_PURPOSES, FirmAccount, FirmAccountList, FirmAccountParams, FirmLinkParams, FirmSession, LinkFirmAccountBody, MyFirmList, PageQuery,
} from '@pid/shared'
import { audit, auditContext } from '../../core/audit.ts'
import { badRequest, conflict, HttpError, notFound } from '../../core/errors.ts'
import { denied, guarded, problem } from '../../core/route-kit.ts'
import { FIRM_SESSION_TTL_SECONDS, signAccountFirmSession } from '../../core/auth/firm-access.ts'
import { firmAccess, visibleFirm } from '../crm/index.ts'
import { findRoleHolder } from '../users/index.ts'
import { accountFirmIds, accountLinkFor, deleteFirmAccount, findFirmAccount, insertFirmAccount, listFirmAccounts } from './accounts.ts'

const tags = ['firm-access']
const manage = guarded('firm_access.manage')

/**
 * Firm accounts: staff (or a partner user related to the firm) link a firm_user login to the firm;
 * the account then sees the firm on its home and opens, from there, the same firm session a personal
 * link opens. Unlinking ends those sessions at their next request.
 */
export async function firmAccountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/chambers/:chamberId/firms/:firmId/accounts', {
    schema: { tags, summary: 'The firm_user accounts linked to the firm, by name (keyset pages: `cursor`, `limit`)', params: FirmLinkParams,
      querystring: PageQuery, response: { 200: FirmAccountList, 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'firm_access.manage')
    const firm = await visibleFirm(app.db, access, req.params.firmId)
    return listFirmAccounts(app.db, firm.id, { cursor: req.query.cursor, limit: req.query.limit ?? 50 })
  })

  app.post('/chambers/:chamberId/firms/:firmId/accounts', {
    schema: { tags, summary: 'Link an active firm_user account of the chamber (by user id or e-mail) to the firm',
      params: FirmLinkParams, body: LinkFirmAccountBody,
      response: { 201: FirmAccount, 400: problem, ...denied, 404: problem, 409: problem } },
    config: manage,
  }, async (req, reply) => {
    const { userId, email } = req.body
    if ((userId === undefined) === (email === undefined)) {
      const path = userId === undefined ? '/email' : '/userId'
      throw badRequest('name the account by its user id or by its e-mail address, not both', [{ path, message: 'give exactly one of userId and email' }])
    }
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'firm_access.manage')
    const ctx = auditContext(req)
    const linked = await app.db.transaction().execute(async (tx) => {
      const firm = await visibleFirm(tx, access, req.params.firmId)
      const { user, holdsRole } = await findRoleHolder(tx, userId !== undefined ? { userId } : { email: email! }, 'firm_user', firm.chamberId)
      if (!user) throw notFound('user')
      const field = userId !== undefined ? '/userId' : '/email'
      if (!holdsRole) throw badRequest('the account is not a firm user of this chamber', [{ path: field, message: 'not a firm_user of the chamber' }])
      if (user.status !== 'active') throw badRequest('the account is not active', [{ path: field, message: `the account is ${user.status}` }])
      const id = await insertFirmAccount(tx, { userId: user.id, firmId: firm.id, chamberId: firm.chamberId, createdBy: ctx.actorId })
      if (id === null) throw conflict('this account is already linked to the firm')
      await app.crm.recordEvent(tx, ctx, { firmId: firm.id, type: 'note', sourceModule: 'firm-access',
        summary: `Account ${user.email} collegato all'impresa`, details: { userId: user.id } })
      await audit(tx, ctx, { chamberId: firm.chamberId, action: 'firm_access.account_linked', entity: 'firm_user_account',
        entityId: id, after: { firmId: firm.id, userId: user.id, email: user.email } })
      return (await findFirmAccount(tx, firm.id, user.id))!
    })
    return reply.code(201).send(linked)
  })

  app.delete('/chambers/:chamberId/firms/:firmId/accounts/:userId', {
    schema: { tags, summary: "Unlink an account from the firm: the firm sessions it opened stop working at once",
      params: FirmAccountParams, response: { 204: { type: 'null' }, 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req, reply) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'firm_access.manage')
    const ctx = auditContext(req)
    await app.db.transaction().execute(async (tx) => {
      const firm = await visibleFirm(tx, access, req.params.firmId)
      const before = await findFirmAccount(tx, firm.id, req.params.userId)
      const id = before ? await deleteFirmAccount(tx, firm.id, before.userId) : null
      if (!before || id === null) throw notFound('account')
      await app.crm.recordEvent(tx, ctx, { firmId: firm.id, type: 'note', sourceModule: 'firm-access',
        summary: `Account ${before.email} scollegato dall'impresa`, details: { userId: before.userId } })
      await audit(tx, ctx, { chamberId: firm.chamberId, action: 'firm_access.account_unlinked', entity: 'firm_user_account',
        entityId: id, before: { firmId: firm.id, userId: before.userId, email: before.email } })
    })
    return reply.code(204).send(null)
  })

  app.get('/firm-access/my-firms', {
    schema: { tags, summary: 'The firms the signed-in account acts for (empty for anyone but a linked firm user)',
      response: { 200: MyFirmList, ...denied } },
    config: { guard: 'authenticated' },
  }, async (req) => {
    const cards = await app.crm.firmCards(app.db, await accountFirmIds(app.db, req.actor!.userId))
    return { items: cards.map((f) => ({ id: f.id, name: f.name, chamberId: f.chamberId, taxCode: f.taxCode, town: f.town, provinceCode: f.provinceCode })) }
  })

  app.post('/firm-access/account-session', {
    schema: { tags, summary: 'Open a firm session (as a personal link does) for a firm the signed-in account is linked to',
      body: AccountSessionBody, response: { 200: FirmSession, 400: problem, ...denied, 404: problem } },
    config: { guard: 'authenticated' },
  }, async (req) => {
    const actor = req.actor!
    if (!actor.sessionId) throw new HttpError(401, 'unauthorized', 'sign in again')
    return app.db.transaction().execute(async (tx) => {
      // Another firm, a firm unlinked since, a merged duplicate: all the same "not found".
      const linkId = await accountLinkFor(tx, actor.userId, req.body.firmId)
      if (linkId === null) throw notFound('firm')
      const firm = await app.crm.firmProfile(tx, req.body.firmId)
      if (!firm) throw notFound('firm')
      await audit(tx, auditContext(req), { chamberId: firm.chamberId, action: 'firm_access.account_session_opened', entity: 'firm_user_account',
        entityId: linkId, after: { firmId: firm.id } })
      const accessToken = signAccountFirmSession(app, { userId: actor.userId, sessionId: actor.sessionId!, firmId: firm.id, chamberId: firm.chamberId })
      return {
        accessToken, expiresIn: FIRM_SESSION_TTL_SECONDS,
        firm: { id: firm.id, name: firm.name, chamberId: firm.chamberId }, purposes: [...FIRM_PURPOSES],
      }
    })
  })
}
