/**
 * The PID partner API from start to finish: a token, a firm registered and read back, a
 * referral's feedback sheet, a webhook received and verified. Run it with Node 24 (which runs
 * TypeScript as is):
 *
 *   PID_BASE_URL=https://pid.example.it PID_CLIENT_ID=... PID_CLIENT_SECRET=... PID_CHAMBER_ID=3 \
 *   PID_WEBHOOK_PORT=8787 node examples/quickstart.ts
 *
 * In your own project import from '@pid/partner-client' instead of '../src/index.ts'.
 */
import {
  createPartnerClient, newIdempotencyKey, orThrow, IDEMPOTENCY_KEY, type PartnerClient, type VerifiedWebhook,
} from '../src/index.ts'
import type { Client } from 'openapi-fetch'
import type { PathsWithWebhooks } from './webhook-routes.ts'
import { startWebhookReceiver } from './webhook-receiver.ts'

export interface QuickstartConfig {
  baseUrl: string
  clientId: string
  clientSecret: string
  /** A chamber the partner has an agreement in force with. */
  chamberId: number
  /** Where to receive webhooks; without it the webhook part is left out. 0: any free port. */
  webhookPort?: number
  /** The URL the PID reaches the receiver at: https in production (a proxy to webhookPort). Default http://127.0.0.1:<port>/pid-webhooks. */
  webhookUrl?: string
  /** How long to wait for the ping (default 60 s). */
  webhookWaitMs?: number
  /** The firm to register; a made-up one with a valid partita IVA when absent. */
  firm?: { name: string; taxCode: string }
  fetch?: typeof globalThis.fetch
}

export interface QuickstartOutcome {
  scopes: string[]
  firm: { id: number; name: string; taxCode: string }
  referral: { id: number; status: string }
  /** The verified ping, when webhookPort was given. */
  webhook?: VerifiedWebhook
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): QuickstartConfig {
  const required = (name: string) => env[name] || fail(`set ${name}`)
  return {
    baseUrl: required('PID_BASE_URL'),
    clientId: required('PID_CLIENT_ID'),
    clientSecret: required('PID_CLIENT_SECRET'),
    chamberId: Number(required('PID_CHAMBER_ID')),
    ...(env.PID_WEBHOOK_PORT ? { webhookPort: Number(env.PID_WEBHOOK_PORT) } : {}),
    ...(env.PID_WEBHOOK_URL ? { webhookUrl: env.PID_WEBHOOK_URL } : {}),
  }
}

export async function main(config: QuickstartConfig, log: (line: string) => void = console.log): Promise<QuickstartOutcome> {
  const client = createPartnerClient({
    baseUrl: config.baseUrl, clientId: config.clientId, clientSecret: config.clientSecret, ...(config.fetch ? { fetch: config.fetch } : {}),
  })
  const { chamberId } = config

  // 1. Who are we? The first call fetches a token (client credentials); later calls reuse it.
  const me = await orThrow(client.GET('/api/v1/partner/me'))
  log(`signed in as ${me.name} of ${me.partner.name}, scopes: ${me.scopes.join(' ')}`)

  // 2. Register a firm, in a province of the chamber. The Idempotency-Key makes a retry of this
  //    POST (after a timeout, say) answer with the firm created the first time instead of failing.
  const chamber = (await orThrow(client.GET('/api/v1/chambers'))).find((c) => c.id === chamberId) ?? fail(`chamber ${chamberId} not found`)
  const wanted = config.firm ?? { name: `Quickstart ${Date.now()} S.r.l.`, taxCode: madeUpVatNumber() }
  const created = await orThrow(client.POST('/api/v1/chambers/{chamberId}/firms', {
    params: { path: { chamberId } },
    headers: { [IDEMPOTENCY_KEY]: newIdempotencyKey() },
    body: { ...wanted, provinceCode: chamber.provinces[0] ?? fail('the chamber covers no province') },
  }))
  const firm = await orThrow(client.GET('/api/v1/chambers/{chamberId}/firms/{firmId}', { params: { path: { chamberId, firmId: created.id } } }))
  log(`registered firm ${firm.id}: ${firm.name} (${firm.taxCode})`)

  // 3. A referral waiting for us: accept it, then send its feedback sheet (which completes it).
  const open = await orThrow(client.GET('/api/v1/chambers/{chamberId}/referrals', { params: { path: { chamberId }, query: { status: 'sent', limit: 1 } } }))
  const referral = open.items[0] ?? fail('no referral is waiting for an answer: ask the chamber to refer a firm to your organisation')
  const referralPath = { path: { chamberId, referralId: referral.id } }
  await orThrow(client.POST('/api/v1/chambers/{chamberId}/referrals/{referralId}/response', { params: referralPath, body: { accept: true } }))
  const completed = await orThrow(client.POST('/api/v1/chambers/{chamberId}/referrals/{referralId}/feedback', {
    params: referralPath,
    body: { outcome: 'solved', servicesDelivered: ['Digital maturity check-up', 'E-commerce set-up'], followUp: 'A follow-up call in three months.' },
  }))
  log(`referral ${completed.id} for ${completed.firmName}: ${completed.status}`)

  const outcome: QuickstartOutcome = {
    scopes: me.scopes,
    firm: { id: firm.id, name: firm.name, taxCode: firm.taxCode },
    referral: { id: completed.id, status: completed.status },
  }
  if (config.webhookPort !== undefined) outcome.webhook = await receiveAPing(client, config, log)
  return outcome
}

/** 4. Subscribe a tiny local receiver, ask the PID for a ping, verify it, unsubscribe. */
async function receiveAPing(partnerClient: PartnerClient, config: QuickstartConfig, log: (line: string) => void): Promise<VerifiedWebhook> {
  const client = partnerClient as unknown as Client<PathsWithWebhooks>
  const receiver = await startWebhookReceiver(config.webhookPort!)
  try {
    const { subscription, secret } = await orThrow(client.POST('/api/v1/partner/webhooks', {
      headers: { [IDEMPOTENCY_KEY]: newIdempotencyKey() },
      body: { url: config.webhookUrl ?? `http://127.0.0.1:${receiver.port}/pid-webhooks`, events: ['ping', 'referral.created'], description: 'quickstart' },
    }))
    receiver.secret = secret // shown once: a real integration stores it with the subscription's id
    const path = { path: { subscriptionId: subscription.id } }
    try {
      const ping = receiver.next((event) => event.type === 'ping', config.webhookWaitMs ?? 60_000)
      await orThrow(client.POST('/api/v1/partner/webhooks/{subscriptionId}/ping', { params: path }))
      const event = await ping
      log(`webhook ${event.webhookId} verified: ${event.type} at ${event.timestamp}`)
      return event
    } finally {
      await orThrow(client.DELETE('/api/v1/partner/webhooks/{subscriptionId}', { params: path }))
    }
  } finally {
    await receiver.close()
  }
}

/** A partita IVA that passes the checks (7 digits, a provincial office 001-100, the check digit): a demo firm's. */
export function madeUpVatNumber(): string {
  const digits = String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0') + String(1 + Math.floor(Math.random() * 100)).padStart(3, '0')
  let sum = 0
  for (let i = 0; i < 10; i++) {
    const d = Number(digits[i])
    sum += i % 2 === 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2
  }
  return digits + String((10 - (sum % 10)) % 10)
}

function fail(message: string): never {
  throw new Error(message)
}

if (import.meta.main) {
  try {
    await main(configFromEnv())
  } catch (err) {
    const cause = err instanceof Error && err.cause ? ` (${String(err.cause)})` : ''
    console.error(`quickstart failed: ${err instanceof Error ? err.message : String(err)}${cause}`)
    process.exitCode = 1
  }
}
