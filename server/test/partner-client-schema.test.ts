import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  GENERATED_FILES, openApiDocument, renderSchema, renderWebhookEvents,
} from '../../partner-client/scripts/openapi-document.ts'
import { freshDatabase } from './helpers.ts'

/** The first line where two texts part, for a readable failure instead of a 40,000-line diff. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n')
  const b = actual.split('\n')
  const i = a.findIndex((line, n) => line !== b[n])
  const at = i < 0 ? a.length : i
  return `line ${at + 1}: generated ${JSON.stringify(a[at] ?? '<end>')}, committed ${JSON.stringify(b[at] ?? '<end>')}`
}

const REGENERATE = 'run `pnpm --filter @pid/partner-client generate` and commit the result'

describe('the partner client package is generated from the current API', () => {
  let document: Awaited<ReturnType<typeof openApiDocument>>
  let dropDb: () => Promise<void>

  beforeAll(async () => {
    const database = await freshDatabase(false)
    dropDb = database.dropDb
    document = await openApiDocument(database)
  })
  afterAll(async () => { await dropDb?.() })

  it('src/schema.d.ts holds the types of the OpenAPI document the app serves', async () => {
    const generated = await renderSchema(document)
    const committed = await readFile(GENERATED_FILES.schema, 'utf8')
    expect(generated === committed, `partner-client/src/schema.d.ts is stale (${firstDifference(generated, committed)}): ${REGENERATE}`).toBe(true)
  })

  it('src/webhook-events.ts lists the events the platform sends', async () => {
    const committed = await readFile(GENERATED_FILES.webhookEvents, 'utf8')
    expect(committed, `partner-client/src/webhook-events.ts is stale: ${REGENERATE}`).toBe(renderWebhookEvents())
  })

  it('the document it was generated from has the partner routes the quickstart uses', () => {
    for (const path of ['/api/v1/oauth/token', '/api/v1/partner/me', '/api/v1/chambers/{chamberId}/firms', '/api/v1/chambers/{chamberId}/referrals/{referralId}/feedback']) {
      expect(Object.keys(document.paths ?? {})).toContain(path)
    }
  })
})
