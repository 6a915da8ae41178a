import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_SCOPES, WEBHOOK_EVENTS } from '@pid/shared'
import { createTestContext, type TestContext } from '../../../test/helpers.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../../../../', import.meta.url))
const spectral = join(root, 'server/node_modules/.bin/spectral')

interface Op { operationId: string; security?: Record<string, string[]>[]; responses: Record<string, { $ref?: string; content?: Record<string, unknown> }> }
let ctx: TestContext
let doc: { paths: Record<string, Record<string, Op>>; tags: { name: string; description?: string }[]; webhooks: Record<string, unknown>; components: Record<string, Record<string, unknown>> }
beforeAll(async () => {
  ctx = await createTestContext({ demo: false })
  doc = (await ctx.http().get('/api/openapi.json').expect(200)).body
}, 180_000) // an app start compiles every route's schemas: minutes on a loaded 2-core machine
afterAll(async () => { await ctx.close() })

const operations = () => Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })))

describe('the OpenAPI document', () => {
  it("passes Spectral's OpenAPI rules and our ModI rules (.spectral.yaml), warnings included", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pid-openapi-'))
    try {
      const file = join(dir, 'openapi.json')
      await writeFile(file, JSON.stringify(doc))
      const result = await run(spectral, ['lint', file, '--ruleset', join(root, '.spectral.yaml'), '--fail-severity=warn', '-f', 'text'], { cwd: root })
        .then((r) => ({ code: 0, out: r.stdout }), (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, out: err.stdout + err.stderr }))
      expect(result.out.split('\n').slice(0, 40).join('\n'), 'spectral found problems').not.toMatch(/\b(error|warning)\b/)
      expect(result.code).toBe(0)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 240_000) // spectral walks ~1 MB of JSON: a minute on a loaded 2-core machine

  it('gives every operation a unique camelCase operationId made of its method and path', () => {
    const ids = operations().map(({ op }) => op.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(doc.paths['/api/v1/chambers/{chamberId}/api-clients/{apiClientId}']!.get!.operationId).toBe('getChambersApiClientsByApiClientId')
    expect(doc.paths['/api/v1/oauth/token']!.post!.operationId).toBe('postOauthToken')
  })

  it('lists the oauth2 scopes that open a route beside the bearer token, and none where no scope does', () => {
    const firm = doc.paths['/api/v1/chambers/{chamberId}/firms/{firmId}']!.get!
    expect(firm.security).toEqual([{ bearerAuth: [] }, { oauth2: ['firms:read'] }])
    const clients = doc.paths['/api/v1/chambers/{chamberId}/api-clients']!.get!
    expect(clients.security).toEqual([{ bearerAuth: [] }])
    expect(doc.paths['/api/v1/partner/me']!.get!.security).toEqual([{ oauth2: [] }])
    expect(doc.paths['/api/v1/oauth/token']!.post!.security).toEqual([])
    const scheme = (doc.components.securitySchemes as Record<string, { flows?: { clientCredentials: { tokenUrl: string; scopes: Record<string, string> } } }>).oauth2!
    expect(scheme.flows!.clientCredentials.tokenUrl).toBe('/api/v1/oauth/token')
    expect(Object.keys(scheme.flows!.clientCredentials.scopes).sort()).toEqual([...API_SCOPES].sort())
    // An action two scopes open: either one will do.
    expect(doc.paths['/api/v1/chambers/{chamberId}/referrals/{referralId}']!.get!.security)
      .toEqual([{ bearerAuth: [] }, { oauth2: ['referrals'] }, { oauth2: ['feedback'] }])
  })

  it('documents 401, 403, 429 and a default on guarded operations, every error as problem+json', () => {
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`
      if (op.security?.length) expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(['401', '403']))
      if (!/^\/api\/(health|ready)$/.test(path)) expect(op.responses['429'], where).toEqual({ $ref: '#/components/responses/TooManyRequests' })
      expect(op.responses.default, where).toBeDefined()
      for (const [status, r] of Object.entries(op.responses)) {
        if ((status === 'default' || Number(status) >= 400) && r.content) expect(Object.keys(r.content), `${where} ${status}`).toEqual(['application/problem+json'])
      }
    }
  })

  it('describes every tag in use, and every webhook event', () => {
    const used = new Set(operations().flatMap(({ op }) => (op as { tags?: string[] }).tags ?? []))
    for (const t of used) expect(doc.tags.find((d) => d.name === t)?.description, t).toBeTruthy()
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENTS].sort())
  })
})
