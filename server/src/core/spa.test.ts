import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../test/helpers.ts'

let ctx: TestContext
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pid-spa-'))
  await mkdir(join(dir, 'assets'))
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>PID</title><div id="app"></div>')
  await writeFile(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)')
  ctx = await createTestContext({ env: { SPA_DIR: dir, RATE_LIMIT_MAX: '5' }, demo: false })
})
afterAll(async () => { await ctx.close() })

describe('the built SPA', () => {
  it('is served at / with history-mode fallback for its routes', async () => {
    const home = await ctx.http().get('/').expect(200)
    expect(home.text).toContain('<div id="app">')
    const deep = await ctx.http().get('/utenti/42?tab=ruoli').expect(200)
    expect(deep.text).toContain('<div id="app">')
    expect(deep.headers['cache-control']).toBe('no-cache')
  })

  it('serves hashed assets as immutable', async () => {
    const js = await ctx.http().get('/assets/app-abc123.js').expect(200)
    expect(js.headers['cache-control']).toContain('immutable')
  })

  it('does not swallow unknown API routes', async () => {
    const res = await ctx.http().get('/api/v1/unknown').expect(404)
    expect(res.headers['content-type']).toMatch(/problem\+json/)
  })

  it('counts API calls against the rate limit, never the app\'s own files', async () => {
    for (let i = 0; i < 8; i++) await ctx.http().get('/assets/app-abc123.js').expect(200)
    await ctx.http().get('/imprese').expect(200)
    // The limit is 5 a minute: more than that many files went through, and the API still answers.
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await ctx.http().get('/api/v1/unknown')).status)
    expect(statuses).toContain(404)
    expect(statuses.at(-1)).toBe(429)
    await ctx.http().get('/assets/app-abc123.js').expect(200)
  })
})
