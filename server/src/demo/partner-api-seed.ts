import type { Db } from '../db/database.ts'
import type { AuditContext } from '../core/audit.ts'
import { hashToken } from '../core/auth/tokens.ts'
import { Mailer } from '../core/mail.ts'
import { CrmService } from '../modules/crm/crm.service.ts'
import { ApiClientsService } from '../modules/partner-api/clients/clients.service.ts'
import { Webhooks } from '../modules/partner-api/webhooks/emitter.ts'
import type { JobQueue } from '../core/jobs.ts'

/**
 * The demo's partner API client, so a newcomer can call the API at once (README, "Partner API"):
 * Confartigianato Milano's management system, with every scope. Its id and secret are fixed and
 * public: DEMO DATA ONLY (a real client's secret is random and shown once).
 */
export const DEMO_API_CLIENT = { clientId: 'pid_demo_confartigianato', clientSecret: 'pidsk_demo_only_not_a_real_secret_0000' } as const

export async function seedDemoPartnerApi(db: Db, jobs: JobQueue): Promise<void> {
  const milano = await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirst()
  const partner = await db.selectFrom('partner').select('id').where('name', '=', 'Confartigianato Imprese Milano').executeTakeFirst()
  const leader = await db.selectFrom('app_user').select('id').where('email', '=', 'leader@pid.example').executeTakeFirst()
  if (!milano || !partner || !leader) return
  const ctx: AuditContext = { actorId: leader.id, requestId: 'seed', ip: null }
  const webhooks: Webhooks = new Webhooks({ crm: () => crm, jobs })
  const crm: CrmService = new CrmService(db, { mailer: new Mailer(null, 'demo'), publicUrl: '', webhooks })
  // Nothing is revoked here, so no token check needs telling.
  const clients = new ApiClientsService({ db, crm, apiClients: { forget: () => {} } })
  const created = await clients.create(milano.id, {
    partnerId: partner.id, name: 'Gestionale associati Confartigianato',
    scopes: ['firms:read', 'firms:write', 'referrals', 'feedback', 'assessments:invite', 'vouchers:apply', 'events:register', 'webhooks'],
    rateLimitPerMinute: 600,
  }, ctx)
  await db.updateTable('api_client').set({ client_id: DEMO_API_CLIENT.clientId }).where('id', '=', created.client.id).execute()
  await db.updateTable('api_client_secret').set({ secret_hash: hashToken(DEMO_API_CLIENT.clientSecret), hint: DEMO_API_CLIENT.clientSecret.slice(-4) })
    .where('api_client_id', '=', created.client.id).execute()
}
