import { sql } from 'kysely'
import type { ApiClient, ApiClientQuery, ApiClientWithSecret, CreateApiClientBody, UpdateApiClientBody } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import type { CrmService } from '../../crm/index.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, notFound } from '../../../core/errors.ts'
import { Service } from '../../../core/service.ts'
import { atVersion, preconditionFailed, versionOf, type Version } from '../../../core/etag.ts'
import type { ClientCheck } from '../../../core/auth/client-check.ts'
import { createServiceAccount, disableServiceAccount, renameServiceAccount } from '../../users/index.ts'
import { clientQuery, toApiClient, type ClientRow } from './client-rows.ts'
import { newClientId, newClientSecret } from './secrets.ts'

/**
 * Partner organisations' API clients as a chamber's staff manage them: a chamber sees the clients
 * of the organisations it has an agreement with (any of them may create, rotate or revoke one:
 * the client's reach is the organisation's, whatever chamber created it).
 */
export class ApiClientsService extends Service<{ db: Db; crm: CrmService; apiClients: Pick<ClientCheck, 'forget'> }> {
  async list(chamberId: number, q: ApiClientQuery): Promise<{ items: ApiClient[]; nextCursor: string | null }> {
    const partners = await this.deps.crm.partnersOfChamber(this.deps.db, chamberId)
    if (partners.length === 0) return { items: [], nextCursor: null }
    const limit = q.limit ?? 50
    let query = clientQuery(this.deps.db).where('c.partner_id', 'in', partners).orderBy('c.id', 'desc').limit(limit + 1)
    if (q.partnerId !== undefined) query = query.where('c.partner_id', '=', q.partnerId)
    if (q.status !== undefined) query = query.where('c.status', '=', q.status)
    if (q.cursor !== undefined) {
      if (!/^[0-9]{1,15}$/.test(q.cursor)) throw badRequest('cursor is not valid', [{ path: '/querystring/cursor', message: 'not a cursor' }])
      query = query.where('c.id', '<', Number(q.cursor))
    }
    const rows = await query.execute()
    const page = rows.slice(0, limit)
    return { items: await this.toClients(this.deps.db, page), nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null }
  }

  async get(chamberId: number, id: number, db: DbOrTx = this.deps.db): Promise<ApiClient> {
    return (await this.toClients(db, [await this.row(db, chamberId, id)]))[0]!
  }

  /** The client with the version its ETag names. */
  async getVersioned(chamberId: number, id: number): Promise<{ body: ApiClient; version: Version }> {
    const row = await this.row(this.deps.db, chamberId, id)
    return { body: (await this.toClients(this.deps.db, [row]))[0]!, version: row.version }
  }

  async create(chamberId: number, body: CreateApiClientBody, ctx: AuditContext): Promise<ApiClientWithSecret> {
    return this.deps.db.transaction().execute(async (tx) => {
      if (!(await this.deps.crm.partnerHasAgreement(tx, body.partnerId, chamberId))) {
        throw badRequest('the organisation has no agreement with this chamber', [{ path: '/partnerId', message: 'no agreement with this chamber' }])
      }
      const serviceUserId = await createServiceAccount(tx, serviceName(body.name))
      await this.deps.crm.linkPartnerAccount(tx, serviceUserId, body.partnerId)
      const { id } = await tx.insertInto('api_client').values({
        partner_id: body.partnerId, name: body.name, client_id: newClientId(), scopes: body.scopes,
        rate_limit_per_minute: body.rateLimitPerMinute ?? 600, service_user_id: serviceUserId, created_by: ctx.actorId,
      }).returning('id').executeTakeFirstOrThrow()
      const secret = newClientSecret()
      await tx.insertInto('api_client_secret').values({ api_client_id: id, secret_hash: secret.hash, hint: secret.hint, created_by: ctx.actorId }).execute()
      const client = await this.get(chamberId, id, tx)
      await audit(tx, ctx, { chamberId, action: 'partner_api.client.created', entity: 'api_client', entityId: id, after: client })
      return { client, clientSecret: secret.secret }
    })
  }

  /** `expected`: the versions If-Match named (null: unconditional); a client at another version is a 412 and nothing is written. */
  async update(chamberId: number, id: number, body: UpdateApiClientBody, ctx: AuditContext,
    expected: Version[] | null = null): Promise<{ body: ApiClient; version: Version }> {
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await this.row(tx, chamberId, id, true)
      if (row.status === 'revoked') throw conflict('the client is revoked', 'api_client_revoked')
      const before = (await this.toClients(tx, [row]))[0]!
      const updated = await tx.updateTable('api_client').set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.scopes !== undefined ? { scopes: body.scopes } : {}),
        ...(body.rateLimitPerMinute !== undefined ? { rate_limit_per_minute: body.rateLimitPerMinute } : {}),
        updated_at: new Date(),
      }).where('id', '=', id).$if(expected !== null, (q) => q.where(atVersion('updated_at', expected!)))
        .returning(versionOf('updated_at').as('version')).executeTakeFirst()
      if (!updated) throw preconditionFailed()
      if (body.name !== undefined) await renameServiceAccount(tx, row.service_user_id, serviceName(body.name))
      const after = await this.get(chamberId, id, tx)
      await audit(tx, ctx, { chamberId, action: 'partner_api.client.updated', entity: 'api_client', entityId: id, before, after })
      return { body: after, version: updated.version }
    })
  }

  /**
   * A new secret; the ones in use keep working for `overlapHours` (0: they stop now), so the
   * partner can deploy the new one without downtime.
   */
  async rotate(chamberId: number, id: number, overlapHours: number, ctx: AuditContext): Promise<ApiClientWithSecret> {
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await this.row(tx, chamberId, id, true)
      if (row.status === 'revoked') throw conflict('the client is revoked', 'api_client_revoked')
      // The database's clock, as every check of a secret's expiry uses: overlap 0 ends the old secrets at once.
      const until = sql<Date>`now() + make_interval(hours => ${overlapHours})`
      await tx.updateTable('api_client_secret').set({ expires_at: until })
        .where('api_client_id', '=', id).where((w) => w.or([w('expires_at', 'is', null), w('expires_at', '>', until)])).execute()
      const secret = newClientSecret()
      await tx.insertInto('api_client_secret').values({ api_client_id: id, secret_hash: secret.hash, hint: secret.hint, created_by: ctx.actorId }).execute()
      await tx.updateTable('api_client').set({ updated_at: new Date() }).where('id', '=', id).execute()
      const client = await this.get(chamberId, id, tx)
      await audit(tx, ctx, { chamberId, action: 'partner_api.client.secret_rotated', entity: 'api_client', entityId: id, after: { hint: secret.hint, overlapHours } })
      return { client, clientSecret: secret.secret }
    })
  }

  /** Revoked for good: no new token, and the tokens it holds stop working (within seconds on other instances). */
  async revoke(chamberId: number, id: number, ctx: AuditContext): Promise<ApiClient> {
    const client = await this.deps.db.transaction().execute(async (tx) => {
      const row = await this.row(tx, chamberId, id, true)
      if (row.status === 'revoked') return this.get(chamberId, id, tx)
      await tx.updateTable('api_client').set({ status: 'revoked', revoked_at: new Date(), revoked_by: ctx.actorId, updated_at: new Date() })
        .where('id', '=', id).execute()
      await disableServiceAccount(tx, row.service_user_id)
      const after = await this.get(chamberId, id, tx)
      await audit(tx, ctx, { chamberId, action: 'partner_api.client.revoked', entity: 'api_client', entityId: id, after })
      return after
    })
    this.deps.apiClients.forget(id)
    return client
  }

  /** The client if the chamber's staff reach it (its organisation has an agreement with the chamber); 404 otherwise. */
  async row(db: DbOrTx, chamberId: number, id: number, forUpdate = false): Promise<ClientRow> {
    let q = clientQuery(db).where('c.id', '=', id)
    if (forUpdate) q = q.forUpdate()
    const row = await q.executeTakeFirst()
    if (!row || !(await this.deps.crm.partnerHasAgreement(db, row.partner_id, chamberId))) throw notFound('API client')
    return row
  }

  private async toClients(db: DbOrTx, rows: ClientRow[]): Promise<ApiClient[]> {
    const names = await this.deps.crm.partnerNames(db, rows.map((r) => r.partner_id))
    return rows.map((r) => toApiClient(r, names))
  }
}

/** How the client's service account is named in the audit log and in every "created by". */
const serviceName = (name: string) => `API: ${name}`.slice(0, 200)
