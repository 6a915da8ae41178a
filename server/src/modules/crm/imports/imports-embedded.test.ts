import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IMPORT_SAMPLE_CSV } from '@pid/shared'
import { chamberId, createTestContext, loginDemo, type TestContext } from '../../../../test/helpers.ts'
import { isEmbedded } from './staging.ts'

/**
 * The embedded database (PGlite behind pglite-socket) cannot take COPY FROM STDIN (the session is
 * dropped), so there the staging table is filled by multi-row INSERTs: same run, same results.
 */
const SAMPLE = Buffer.from(IMPORT_SAMPLE_CSV)

let ctx: TestContext
let milano: number
let coordinator: { authorization: string }
beforeAll(async () => {
  ctx = await createTestContext({ embedded: true, env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  coordinator = { authorization: `Bearer ${(await loginDemo(ctx, 'coordinatore@pid.example')).token}` }
}, 120_000)
afterAll(async () => { await ctx.close() })

async function importFile(content: Buffer) {
  const queued = await ctx.http().post(`/api/v1/chambers/${milano}/imports`).query({ fileName: 'estratto.csv' }).set(coordinator)
    .set('content-type', 'text/csv').send(content).expect(202)
  await ctx.app.jobs.drain()
  return (await ctx.http().get(`/api/v1/chambers/${milano}/imports/${queued.body.id}`).set(coordinator).expect(200)).body
}

describe('register import on the embedded database', () => {
  it('runs on the INSERT path and gives the same counts as on a server', async () => {
    expect(await isEmbedded(ctx.db)).toBe(true)
    const run = await importFile(SAMPLE)
    expect(run).toMatchObject({ status: 'completed', totalRows: 28, inserted: 26, updated: 0, unchanged: 0, errorRows: 2 })
    const firm = await ctx.db.selectFrom('firm').select(['name', 'ateco_section', 'size_class', 'secondary_ateco_codes']).where('tax_code', '=', '02560470052').executeTakeFirstOrThrow()
    expect(firm).toEqual({ name: 'Macelleria Cattaneo S.n.c.', ateco_section: 'G', size_class: 'medium', secondary_ateco_codes: ['71.20.22', '46.12.05'] })
    const again = await importFile(SAMPLE)
    expect(again).toMatchObject({ status: 'completed', inserted: 0, updated: 0, unchanged: 26, errorRows: 2 })
    const errors = await ctx.http().get(`/api/v1/chambers/${milano}/imports/${run.id}/errors.csv`).set(coordinator).expect(200)
    expect(errors.text).toContain('28,codice_fiscale,the check digit is wrong')
  })

  it('a failed run applies nothing there either', async () => {
    const rows = SAMPLE.toString('utf8').trim().split('\n')
    const run = await importFile(Buffer.from([rows[0], rows[1], '"unterminated,x'].join('\n')))
    expect(run).toMatchObject({ status: 'failed', inserted: 0 })
  })

  it('scans for duplicates there too (the imports asked for a scan, the worker ran it)', async () => {
    const res = await ctx.http().get(`/api/v1/chambers/${milano}/firms/duplicates`).set(coordinator).expect(200)
    expect(res.body.scan).toMatchObject({ state: 'done', pairs: res.body.items.length, finishedAt: expect.any(String) })
  })
})
