import { randomBytes } from 'node:crypto'
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript'
import { buildApp, type AppDeps } from '../../server/src/app.ts'
import { loadConfig } from '../../server/src/config.ts'
import { WEBHOOK_EVENTS } from '../../shared/src/partner-api/webhook-events.ts'

/**
 * What `pnpm --filter @pid/partner-client generate` writes and what the server suite checks is
 * still what it would write (server/test/partner-client-schema.test.ts): the package's types must
 * follow every route change, and a forgotten regeneration fails `pnpm test` rather than a partner.
 */
export const GENERATED_FILES = {
  schema: new URL('../src/schema.d.ts', import.meta.url),
  webhookEvents: new URL('../src/webhook-events.ts', import.meta.url),
}

/**
 * The OpenAPI document of the real application, as /api/openapi.json serves it. Building the app
 * needs a migrated database (modules read and seed reference rows while they register), never a
 * listening socket; the settings are fixed so the document never depends on who generates it.
 */
export async function openApiDocument(deps: AppDeps): Promise<OpenAPI3> {
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', COOKIE_SECURE: 'false',
    JWT_SECRET: randomBytes(32).toString('hex'), PUBLIC_URL: 'http://pid.test',
  })
  const app = await buildApp(config, deps)
  try {
    await app.ready()
    // A deep copy: the generator must not hold on to (or change) the app's own document.
    return JSON.parse(JSON.stringify(app.swagger())) as OpenAPI3
  } finally {
    await app.close()
  }
}

const HEADER = `${COMMENT_HEADER}/*
 * Generated from the PID OpenAPI document by \`pnpm --filter @pid/partner-client generate\`
 * (openapi-typescript). A test fails when it is older than the routes: regenerate, never edit.
 */

`

/** src/schema.d.ts: the document's paths, components and operations as TypeScript types. */
export async function renderSchema(document: OpenAPI3): Promise<string> {
  const ast = await openapiTS(document, { alphabetize: true })
  return HEADER + astToString(ast)
}

/**
 * src/webhook-events.ts: the event types, copied from @pid/shared rather than imported, so the
 * published package needs nothing of the workspace at run time (@pid/shared is private and would
 * pull the server's validation schemas into every partner's bundle).
 */
export function renderWebhookEvents(): string {
  return `/*
 * Generated from @pid/shared (partner-api/webhook-events.ts) by \`pnpm --filter @pid/partner-client generate\`.
 * A test fails when it differs from the platform's list: regenerate, never edit.
 */

/** The events a webhook subscription may ask for. */
export const WEBHOOK_EVENTS = ${JSON.stringify(WEBHOOK_EVENTS, null, 2).replaceAll('"', "'").replace(/\n]$/, ',\n]')} as const
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number]
`
}
