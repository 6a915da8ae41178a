import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'

/** Migration 0015: the firm's chamber, ATECO code, municipality and province, checked per statement. */
let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext() })
afterAll(async () => { await ctx.close() })

const refused = async (work: Promise<unknown>) => {
  const err = await work.then(() => null, (e: unknown) => e as { code?: string; constraint?: string })
  expect(err, 'the statement should have been refused').not.toBeNull()
  return { code: err!.code, constraint: err!.constraint }
}

describe('firm references', () => {
  it('accepts firms whose references exist, one or many in a statement', async () => {
    const firm = await makeFirm(ctx.db, { municipality_code: '015146' })
    await ctx.db.updateTable('firm').set({ municipality_code: '015002', ateco_code: '10.71.20' }).where('id', '=', firm.id).execute()
    await sql`INSERT INTO firm (chamber_id, name, tax_code, province_code, municipality_code, ateco_code)
      SELECT ${firm.chamberId}, 'Impresa ' || n, '9' || lpad(n::text, 10, '0'), 'MI', '015146', '62.10.00' FROM generate_series(1, 500) n`.execute(ctx.db)
  })

  it('refuses a missing chamber, ATECO code, municipality or province, as a foreign key would', async () => {
    const firm = await makeFirm(ctx.db)
    expect(await refused(makeFirm(ctx.db, { chamber_id: 999_999 }))).toEqual({ code: '23503', constraint: 'firm_chamber_id_fkey' })
    expect(await refused(makeFirm(ctx.db, { ateco_code: '99.99.99' }))).toEqual({ code: '23503', constraint: 'firm_ateco_code_fkey' })
    expect(await refused(ctx.db.updateTable('firm').set({ municipality_code: '999999' }).where('id', '=', firm.id).execute()))
      .toEqual({ code: '23503', constraint: 'firm_municipality_code_fkey' })
    expect(await refused(ctx.db.updateTable('firm').set({ province_code: 'ZZ' }).where('id', '=', firm.id).execute()))
      .toEqual({ code: '23503', constraint: 'firm_province_code_fkey' })
    // One bad row fails the whole statement.
    expect(await refused(sql`INSERT INTO firm (chamber_id, name, tax_code, province_code, municipality_code)
      SELECT ${firm.chamberId}, 'Impresa ' || n, '8' || lpad(n::text, 10, '0'), 'MI', CASE WHEN n = 300 THEN '000000' ELSE '015146' END
      FROM generate_series(1, 500) n`.execute(ctx.db))).toEqual({ code: '23503', constraint: 'firm_municipality_code_fkey' })
    expect(await ctx.db.selectFrom('firm').select('id').where('tax_code', 'like', '8%').execute()).toEqual([])
  })

  it('refuses deleting or re-keying a referenced row, and allows it for one no firm refers to', async () => {
    await makeFirm(ctx.db, { municipality_code: '015146', ateco_code: '62.10.00' })
    expect(await refused(ctx.db.deleteFrom('municipality').where('istat_code', '=', '015146').execute()))
      .toEqual({ code: '23503', constraint: 'firm_municipality_code_fkey' })
    expect(await refused(ctx.db.updateTable('ateco').set({ code: '62.10.99' }).where('code', '=', '62.10.00').execute()))
      .toEqual({ code: '23503', constraint: 'firm_ateco_code_fkey' })
    const unused = await ctx.db.selectFrom('municipality').select('istat_code').where('province_code', '=', 'SO')
      .where('istat_code', 'not in', ctx.db.selectFrom('firm').select('municipality_code').where('municipality_code', 'is not', null))
      .limit(1).executeTakeFirstOrThrow()
    await ctx.db.deleteFrom('municipality').where('istat_code', '=', unused.istat_code).execute()
  })
})
