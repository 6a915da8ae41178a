import { sql, type Kysely } from 'kysely'

/**
 * The partner API: API clients of partner organisations (OAuth 2.0 client credentials), their
 * secrets (hashed; two live at once while a rotation overlaps), the log of every call a client
 * makes (usage figures), webhook subscriptions and their deliveries with every attempt.
 *
 * Each client acts through a service account (an app_user without a password, linked to the
 * organisation like a partner user), so everything it writes is audited under its own name and
 * the CRM's partner visibility applies to it unchanged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('api_client')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('partner_id', 'bigint', (c) => c.notNull().references('partner.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // The public identifier partners send as client_id.
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', sql`text[]`, (c) => c.notNull())
    .addColumn('rate_limit_per_minute', 'integer', (c) => c.notNull().defaultTo(600).check(sql`rate_limit_per_minute between 1 and 100000000`))
    .addColumn('service_user_id', 'bigint', (c) => c.notNull().unique().references('app_user.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'revoked')`))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('last_token_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('api_client_partner_idx').on('api_client').columns(['partner_id', 'created_at']).execute()

  await db.schema.createTable('api_client_secret')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('api_client_id', 'bigint', (c) => c.notNull().references('api_client.id'))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    // The last four characters, so staff and partner can tell which secret is which.
    .addColumn('hint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Set when a rotation supersedes it: it keeps working until then (the overlap).
    .addColumn('expires_at', 'timestamptz')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .execute()
  await db.schema.createIndex('api_client_secret_client_idx').on('api_client_secret').column('api_client_id').execute()

  // One row per call, written in batches: the client's usage figures and its audit trail for reads.
  await db.schema.createTable('api_call_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('api_client_id', 'bigint', (c) => c.notNull().references('api_client.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('status_code', 'smallint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .execute()
  await db.schema.createIndex('api_call_log_client_idx').on('api_call_log').columns(['api_client_id', 'at']).execute()

  await db.schema.createTable('webhook_subscription')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('api_client_id', 'bigint', (c) => c.notNull().references('api_client.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', sql`text[]`, (c) => c.notNull())
    .addColumn('description', 'text')
    // Standard Webhooks secret (whsec_<base64>): the sender needs it to sign, so it is kept, not hashed.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'disabled')`))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('webhook_subscription_client_idx').on('webhook_subscription').column('api_client_id').execute()

  await db.schema.createTable('webhook_delivery')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // The webhook-id header (msg_...): the same on every attempt and replay, so receivers drop duplicates.
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('subscription_id', 'bigint', (c) => c.notNull().references('webhook_subscription.id'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'delivered', 'failed')`))
    .addColumn('attempts', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('last_status_code', 'smallint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('webhook_delivery_subscription_idx').on('webhook_delivery').columns(['subscription_id', 'id']).execute()

  await db.schema.createTable('webhook_attempt')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('delivery_id', 'bigint', (c) => c.notNull().references('webhook_delivery.id'))
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('status_code', 'smallint')
    .addColumn('response_excerpt', 'text')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    // Set when staff or the partner asked for it again (replay).
    .addColumn('replayed_by', 'bigint', (c) => c.references('app_user.id'))
    .execute()
  await db.schema.createIndex('webhook_attempt_delivery_idx').on('webhook_attempt').columns(['delivery_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['webhook_attempt', 'webhook_delivery', 'webhook_subscription', 'api_call_log', 'api_client_secret', 'api_client']) {
    await db.schema.dropTable(t).execute()
  }
}
