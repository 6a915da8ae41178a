import { afterAll, beforeAll, expect, it } from 'vitest'
import { IMPORT_SAMPLE_CSV, vatCheckDigit } from '@pid/shared'
import { chamberId, createTestContext, loginDemo, type TestContext } from '../../../../test/helpers.ts'
import { FILE_PART_BYTES, IMPORT_JOB } from './imports.service.ts'

/** A file larger than one stored part (migration 0014), in a database of its own: it loads thousands of firms. */
const HEADER = IMPORT_SAMPLE_CSV.split('\n')[0]!

let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext() })
afterAll(async () => { await ctx.close() })

it('a file stored in several parts is read across them, a character split between two parts included', async () => {
  // Long addresses (up to 300 characters are valid): fewer rows fill the parts.
  const street = `Via ${'Lunga '.repeat(45)}1`
  const row = (i: number, address = street) => {
    const vat = `${String(4_000_000 + i).padStart(7, '0')}015`
    return `${vat + vatCheckDigit(vat)},,Società Ùnica ${i} S.r.l.,srl,MI,${5_000_000 + i},95.31.10,,3,250000,,2019-03-01,${address},20121,015146,MI,,,attiva`
  }
  const rows = Array.from({ length: Math.ceil((FILE_PART_BYTES * 1.5) / row(0).length) }, (_, i) => row(i))
  // Pad the first row's address (trailing spaces are trimmed) so that the first part ends between
  // the two bytes of an "à".
  const split = Buffer.from([HEADER, ...rows].join('\n')).indexOf(Buffer.from('à'), FILE_PART_BYTES - 200)
  rows[0] = row(0, `${street}${' '.repeat(FILE_PART_BYTES - 1 - split)}`)
  const body = Buffer.from([HEADER, ...rows].join('\n'))
  expect(body.subarray(FILE_PART_BYTES - 1, FILE_PART_BYTES + 1)).toEqual(Buffer.from('à'))

  const milano = await chamberId(ctx.db, 'Milano')
  const auth = { authorization: `Bearer ${(await loginDemo(ctx, 'coordinatore@pid.example')).token}` }
  const queued = await ctx.http().post(`/api/v1/chambers/${milano}/imports`).query({ fileName: 'grande.csv' }).set(auth)
    .set('content-type', 'text/csv').send(body).expect(202)
  await ctx.app.jobs.runOnce([IMPORT_JOB])
  const run = (await ctx.http().get(`/api/v1/chambers/${milano}/imports/${queued.body.id}`).set(auth).expect(200)).body
  expect(run).toMatchObject({ status: 'completed', totalRows: rows.length, inserted: rows.length, errorRows: 0 })
  expect(await ctx.db.selectFrom('import_file').select('part').where('import_id', '=', run.id).orderBy('part').execute())
    .toEqual([{ part: 0 }, { part: 1 }])
  const names = await ctx.db.selectFrom('firm').select('name').where('name', 'like', 'Società Ùnica %').execute()
  expect(names).toHaveLength(rows.length)
  expect(names.every((n) => /^Società Ùnica \d+ S\.r\.l\.$/.test(n.name))).toBe(true)
}, 120_000)
