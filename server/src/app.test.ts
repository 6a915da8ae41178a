import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, loginDemo, type TestContext } from '../test/helpers.ts'

let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext() })
afterAll(async () => { await ctx.close() })

describe('operations endpoints', () => {
  it('answers liveness and readiness', async () => {
    expect((await ctx.http().get('/api/health')).body).toEqual({ status: 'ok' })
    expect((await ctx.http().get('/api/ready')).body).toEqual({ status: 'ready' })
  })

  it('echoes a well-formed request id and makes one otherwise', async () => {
    const given = await ctx.http().get('/api/health').set('x-request-id', 'proxy-abc-123')
    expect(given.headers['x-request-id']).toBe('proxy-abc-123')
    const made = await ctx.http().get('/api/health').set('x-request-id', 'bad id with spaces')
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('OpenAPI', () => {
  it('documents every API route with its response schemas', async () => {
    const doc = (await ctx.http().get('/api/openapi.json').expect(200)).body
    expect(doc.openapi).toBe('3.1.0')
    const documented = new Set<string>()
    for (const [path, ops] of Object.entries<Record<string, { responses?: Record<string, unknown> }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)
        expect(Object.keys(op.responses ?? {}), `${method} ${path}`).not.toHaveLength(0)
        for (const [status, r] of Object.entries(op.responses ?? {})) {
          // Shared answers (401, 429, default...) are references to components.responses, which have content.
          const answer = (r as { $ref?: string }).$ref ? doc.components.responses[(r as { $ref: string }).$ref.split('/').pop()!] : r
          // No content: 204, and a redirect (3xx), which says where in its Location header.
          if (status !== '204' && !status.startsWith('3')) expect((answer as { content?: unknown }).content, `${method} ${path} ${status}`).toBeDefined()
        }
      }
    }
    const routes = [...ctx.app.routeGuards.keys()].filter((r) => !r.endsWith('/api/openapi.json'))
    expect(routes.length).toBeGreaterThan(10)
    for (const r of routes) expect(documented, r).toContain(r)
  })

  it('renders the interactive reference at /api/docs', async () => {
    const res = await ctx.http().get('/api/docs/').expect(200)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.text).toMatch(/swagger/i)
  })
})

describe('security', () => {
  it('sends security headers with a strict CSP', async () => {
    const res = await ctx.http().get('/api/health')
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/)
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
  })

  it('keeps CORS closed by default', async () => {
    const res = await ctx.http().options('/api/v1/auth/login')
      .set('origin', 'https://evil.example').set('access-control-request-method', 'POST')
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('answers unknown routes and unexpected errors with problem+json, without internals', async () => {
    const res = await ctx.http().get('/api/v1/nothing-here').expect(404)
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(res.body).toMatchObject({ status: 404, code: 'not_found' })

    const { token } = await loginDemo(ctx, 'leader@pid.example')
    const milano = (await ctx.db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()).id
    // Break the table behind the route: the client must see a plain 500, no SQL, no stack.
    await ctx.db.schema.alterTable('mail_outbox').renameColumn('subject', 'subject_x').execute()
    try {
      const boom = await ctx.http().get(`/api/v1/chambers/${milano}/mail`).set('authorization', `Bearer ${token}`).expect(500)
      expect(boom.body).toMatchObject({ status: 500, code: 'internal' })
      expect(JSON.stringify(boom.body)).not.toMatch(/subject|select|mail_outbox|at .*\.ts/i)
      expect(boom.body.requestId).toBe(boom.headers['x-request-id'])
    } finally {
      await ctx.db.schema.alterTable('mail_outbox').renameColumn('subject_x', 'subject').execute()
    }
  })
})
