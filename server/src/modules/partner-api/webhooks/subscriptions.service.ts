import { randomBytes } from 'node:crypto'
import type { CreateWebhookBody, UpdateWebhookBody, WebhookDelivery, WebhookSubscription, WebhookWithSecret } from '@pid/shared'
import type { Config } from '../../../config.ts'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { notFound } from '../../../core/errors.ts'
import { Service } from '../../../core/service.ts'
import type { Webhooks } from './emitter.ts'
import { deliveryQuery, toDelivery, toSubscription, type Owner } from './rows.ts'
import { checkWebhookUrl } from './urls.ts'

/** A Standard Webhooks signing secret: whsec_ and 24 random bytes in base64. */
const newSigningSecret = () => `whsec_${randomBytes(24).toString('base64')}`

/**
 * An API client's webhook subscriptions, managed by the chamber's staff or by the client itself:
 * the caller has checked that it reaches the client (Owner); a subscription of another client is
 * not found. The signing secret is shown once, at creation.
 */
export class SubscriptionsService extends Service<{ db: Db; webhooks: Webhooks; config: Pick<Config, 'env'> }> {
  async list(owner: Owner): Promise<{ items: WebhookSubscription[] }> {
    const rows = await this.deps.db.selectFrom('webhook_subscription').selectAll()
      .where('api_client_id', '=', owner.clientId).orderBy('id').execute()
    return { items: rows.map(toSubscription) }
  }

  async create(owner: Owner, body: CreateWebhookBody, ctx: AuditContext): Promise<WebhookWithSecret> {
    checkWebhookUrl(body.url, this.deps.config.env)
    return this.deps.db.transaction().execute(async (tx) => {
      const secret = newSigningSecret()
      const row = await tx.insertInto('webhook_subscription').values({
        api_client_id: owner.clientId, url: body.url, events: body.events, description: body.description ?? null, secret, created_by: ctx.actorId,
      }).returningAll().executeTakeFirstOrThrow()
      const subscription = toSubscription(row)
      await audit(tx, ctx, { chamberId: owner.chamberId, action: 'partner_api.webhook.created', entity: 'webhook_subscription', entityId: row.id, after: subscription })
      return { subscription, secret }
    })
  }

  async update(owner: Owner, id: number, body: UpdateWebhookBody, ctx: AuditContext): Promise<WebhookSubscription> {
    if (body.url !== undefined) checkWebhookUrl(body.url, this.deps.config.env)
    return this.deps.db.transaction().execute(async (tx) => {
      const before = toSubscription(await this.row(tx, owner, id))
      const row = await tx.updateTable('webhook_subscription').set({
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.events !== undefined ? { events: body.events } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.status !== undefined ? { status: body.status } : {}),
        updated_at: new Date(),
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
      const after = toSubscription(row)
      await audit(tx, ctx, { chamberId: owner.chamberId, action: 'partner_api.webhook.updated', entity: 'webhook_subscription', entityId: id, before, after })
      return after
    })
  }

  /** Gone with its delivery log (a job still waiting for one of them finds nothing to send). */
  async remove(owner: Owner, id: number, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      // The deliveries are locked before the subscription: a sender recording an attempt holds its
      // delivery and (its second update of the row checks the foreign key) then shares the
      // subscription's row, so the other order deadlocks. The sender then finds its delivery gone.
      await this.row(tx, owner, id, false)
      const deliveries = (await tx.selectFrom('webhook_delivery').select('id').where('subscription_id', '=', id).forUpdate().execute()).map((d) => d.id)
      const before = toSubscription(await this.row(tx, owner, id))
      if (deliveries.length) await tx.deleteFrom('webhook_attempt').where('delivery_id', 'in', deliveries).execute()
      await tx.deleteFrom('webhook_delivery').where('subscription_id', '=', id).execute()
      await tx.deleteFrom('webhook_subscription').where('id', '=', id).execute()
      await audit(tx, ctx, { chamberId: owner.chamberId, action: 'partner_api.webhook.deleted', entity: 'webhook_subscription', entityId: id, before })
    })
  }

  /** A `ping` delivery to this subscription alone, sent now whatever events it listens to. */
  async ping(owner: Owner, id: number): Promise<WebhookDelivery> {
    return this.deps.db.transaction().execute(async (tx) => {
      await this.row(tx, owner, id)
      const [deliveryId] = await this.deps.webhooks.enqueue(tx, [id], 'ping', { subscriptionId: id })
      return toDelivery(await deliveryQuery(tx, owner.clientId).where('d.id', '=', deliveryId!).executeTakeFirstOrThrow())
    })
  }

  private async row(db: DbOrTx, owner: Owner, id: number, lock = true) {
    let q = db.selectFrom('webhook_subscription').selectAll().where('id', '=', id).where('api_client_id', '=', owner.clientId)
    if (lock) q = q.forUpdate()
    const row = await q.executeTakeFirst()
    if (!row) throw notFound('webhook subscription')
    return row
  }
}
