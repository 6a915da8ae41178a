import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { checkTaxCode, checkVatNumber } from '@pid/shared'
import { createTestContext, loginDemo, type TestContext } from '../../test/helpers.ts'
import { seedDemo } from './seed.ts'

let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext({ crmDemo: true }) })
afterAll(async () => { await ctx.close() })

describe('demo data', () => {
  it('gives a newcomer a living CRM with valid codes', async () => {
    const firms = await ctx.db.selectFrom('firm').select(['name', 'tax_code', 'vat_number', 'stage', 'last_touch_at']).execute()
    expect(firms.length).toBe(240)
    expect(firms.filter((f) => !checkTaxCode(f.tax_code).ok || !checkVatNumber(f.vat_number!).ok)).toEqual([])
    const names = firms.map((f) => f.name)
    expect(names).toEqual(expect.arrayContaining(['Società agricola Cascina Bianchi s.s.', 'Trattoria Da Gino di Rossi Luigi', 'Officine Meccaniche Lombarde S.r.l.']))
    // Every firm's stage is where its recorded history took it.
    const mismatched = await sql<{ id: number }>`select f.id from firm f left join lateral (
        select to_stage from stage_change s where s.firm_id = f.id order by changed_at desc, id desc limit 1) last on true
      where f.stage <> coalesce(last.to_stage, 0)`.execute(ctx.db)
    expect(mismatched.rows).toEqual([])
    expect(firms.filter((f) => f.stage > 0).length).toBeGreaterThan(100)
  })

  it('links the demo partner user to an organisation with an agreement with Milano', async () => {
    const row = await ctx.db.selectFrom('partner_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id')
      .innerJoin('partner_agreement as a', 'a.partner_id', 'm.partner_id').innerJoin('chamber as c', 'c.id', 'a.chamber_id')
      .select(['u.email', 'c.short_name']).executeTakeFirstOrThrow()
    expect(row).toEqual({ email: 'partner@pid.example', short_name: 'Milano' })
  })

  it('links the demo firm user to a Milano firm that has applied for a voucher', async () => {
    const rows = await ctx.db.selectFrom('firm_user_account as a').innerJoin('app_user as u', 'u.id', 'a.user_id')
      .innerJoin('chamber as c', 'c.id', 'a.chamber_id').select(['u.email', 'c.short_name', 'a.firm_id']).execute()
    expect(rows).toEqual([{ email: 'impresa@pid.example', short_name: 'Milano', firm_id: expect.any(Number) }])
    const applied = await ctx.db.selectFrom('voucher_application').select('id').where('firm_id', '=', rows[0]!.firm_id)
      .where('protocol_number', 'is not', null).execute()
    expect(applied.length).toBeGreaterThan(0)
  })

  it("shows a newcomer Milano's monitoring figures and this year's targets", async () => {
    const auth = { authorization: `Bearer ${(await loginDemo(ctx, 'leader@pid.example')).token}` }
    const milano = (await ctx.db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()).id
    const figures = (await ctx.http().get(`/api/v1/chambers/${milano}/monitoring/figures`).set(auth).expect(200)).body
    const total = (metric: string) => figures.series.find((s: { metric: string }) => s.metric === metric).values.reduce((a: number, b: number) => a + b, 0)
    expect(total('touches')).toBeGreaterThan(0)
    expect(total('firms_reached')).toBeGreaterThan(0)
    expect(figures.updatedAt).not.toBeNull()
    const targets = (await ctx.http().get(`/api/v1/chambers/${milano}/monitoring/targets`).set(auth).expect(200)).body
    expect(targets.items.every((i: { target: number | null }) => i.target !== null && i.target > 0)).toBe(true)
    expect(targets.updatedBy).toBe('Laura Digital Leader')
  })

  it('is the same every time it is reset', async () => {
    const snapshot = async () => (await ctx.db.selectFrom('firm').select(['name', 'tax_code', 'stage']).orderBy('tax_code').execute())
    const before = await snapshot()
    await seedDemo(ctx.db, ctx.app.jobs)
    expect(await snapshot()).toEqual(before)
  })
})
