import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginDemo, type TestContext, twoChamberContext } from '../../../../test/helpers.ts'
import { sql } from 'kysely'
import { IMPORT_SAMPLE_CSV, vatCheckDigit } from '@pid/shared'
import { runImport } from './run-import.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'

const SAMPLE = Buffer.from(IMPORT_SAMPLE_CSV)
const HEADER = SAMPLE.toString('utf8').split('\n')[0]!

let ctx: TestContext
let milano: number, bergamo: number
let coordinator: { authorization: string }

beforeAll(async () => {
  ({ ctx, milano, bergamo, auth: coordinator } = await twoChamberContext('coordinatore@pid.example'))
})
afterAll(async () => { await ctx.close() })

function upload(content: Buffer | string, fileName = 'estratto.csv', chamber = milano) {
  return ctx.http().post(`/api/v1/chambers/${chamber}/imports`).query({ fileName }).set(coordinator)
    .set('content-type', 'text/csv').send(Buffer.isBuffer(content) ? content : Buffer.from(content))
}

/** Uploads, runs the queued job, returns the finished run as the API shows it. */
async function importFile(content: Buffer | string, fileName?: string) {
  const queued = await upload(content, fileName).expect(202)
  expect(queued.body).toMatchObject({ status: 'queued', processedRows: 0 })
  await ctx.app.jobs.drain()
  return (await ctx.http().get(`/api/v1/chambers/${milano}/imports/${queued.body.id}`).set(coordinator).expect(200)).body
}

const firmCount = async () => Number((await ctx.db.selectFrom('firm').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

describe('register import', () => {
  let firstRun: { id: number }

  it('imports the sample extract: counts, firm fields, timeline, audit, and an errors.csv naming the bad rows', async () => {
    const run = await importFile(SAMPLE, 'sample-registro-imprese.csv')
    firstRun = run
    expect(run).toMatchObject({ status: 'completed', totalRows: 28, processedRows: 28, inserted: 26, updated: 0, unchanged: 0, errorRows: 2, failure: null })

    const firm = await ctx.db.selectFrom('firm').selectAll().where('tax_code', '=', '02559350273').executeTakeFirstOrThrow()
    expect(firm).toMatchObject({
      chamber_id: milano, name: 'Pasticceria Farina S.r.l.', vat_number: '02559350273', legal_form: 'srl', rea_province: 'MI',
      rea_number: 1000003, ateco_code: '10.71.20', ateco_section: 'C', employees: 163, turnover_cents: 1924839100,
      balance_sheet_cents: 1252338100, size_class: 'medium', founded_on: '1996-02-21', municipality_code: '015179',
      province_code: 'MI', status: 'active', pec: 'pasticceriafarinasrl3@pec.it', website: 'https://www.pasticceriafarinasrl.it',
    })
    const soleTrader = await ctx.db.selectFrom('firm').select(['legal_form', 'vat_number', 'size_class']).where('tax_code', '=', 'SLASRA86D51H470H').executeTakeFirstOrThrow()
    expect(soleTrader).toEqual({ legal_form: 'ditta_individuale', vat_number: '02560610483', size_class: 'micro' })
    const withSecondary = await ctx.db.selectFrom('firm').select('secondary_ateco_codes').where('tax_code', '=', '02560470052').executeTakeFirstOrThrow()
    expect(withSecondary.secondary_ateco_codes).toEqual(['71.20.22', '46.12.05'])

    // A new firm's record starts with the import: no timeline event for it (see upsert.ts).
    expect(await ctx.db.selectFrom('timeline_event').select('id').execute()).toEqual([])
    const audit = await ctx.db.selectFrom('audit_log').select('after').where('action', '=', 'crm.import.completed').where('entity_id', '=', String(run.id)).executeTakeFirstOrThrow()
    expect(audit.after).toMatchObject({ inserted: 26, errorRows: 2 })

    const errors = await ctx.http().get(`/api/v1/chambers/${milano}/imports/${run.id}/errors.csv`).set(coordinator).expect(200)
    expect(errors.headers['content-type']).toMatch(/^text\/csv/)
    expect(errors.headers['content-disposition']).toContain('attachment')
    const lines = errors.text.replace(/^\uFEFF/, '').trim().split('\n')
    expect(lines[0]).toBe('riga,colonna,messaggio')
    expect(lines).toContain('28,codice_fiscale,the check digit is wrong')
    expect(lines).toContain('29,provincia,the chamber does not cover the province BG')

    const list = await ctx.http().get(`/api/v1/chambers/${milano}/imports`).set(coordinator).expect(200)
    expect(list.body.items[0]).toMatchObject({ id: run.id, fileName: 'sample-registro-imprese.csv', status: 'completed' })
  })

  it('re-importing the same file changes nothing: all unchanged, no updated_at bump, no timeline noise', async () => {
    const before = await ctx.db.selectFrom('firm').select(['id', 'updated_at']).orderBy('id').execute()
    const events = Number((await ctx.db.selectFrom('timeline_event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    const run = await importFile(SAMPLE)
    expect(run).toMatchObject({ status: 'completed', inserted: 0, updated: 0, unchanged: 26, errorRows: 2 })
    expect(await ctx.db.selectFrom('firm').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(before)
    expect(Number((await ctx.db.selectFrom('timeline_event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(events)
    expect(run.id).not.toBe(firstRun.id)
  })

  it('updates what changed, keeps what an empty cell does not say, and reports conflicts as row errors', async () => {
    const other = await makeFirm(ctx.db, { province_code: 'BG' })
    const rows = SAMPLE.toString('utf8').trim().split('\n')
    const changed = rows[4]!.replace('Pasticceria Farina S.r.l.', 'Pasticceria Farina & Figli S.r.l.').replace('pasticceriafarinasrl3@pec.it', '')
    const duplicate = rows[5]!
    const elsewhere = rows[6]!.replace(/^\d{11},\d{11}/, `${other.taxCode},${other.taxCode}`).replace(',1000005,', ',1000905,')
    const reaTaken = rows[7]!.replace(',1000006,', ',1000000,')
    const run = await importFile([HEADER, changed, duplicate, duplicate, elsewhere, reaTaken].join('\n'))
    expect(run).toMatchObject({ status: 'completed', totalRows: 5, inserted: 0, updated: 1, unchanged: 1, errorRows: 3 })
    const firm = await ctx.db.selectFrom('firm').select(['name', 'pec']).where('tax_code', '=', '02559350273').executeTakeFirstOrThrow()
    expect(firm).toEqual({ name: 'Pasticceria Farina & Figli S.r.l.', pec: 'pasticceriafarinasrl3@pec.it' })
    const events = await ctx.db.selectFrom('timeline_event as t').innerJoin('firm as f', 'f.id', 't.firm_id')
      .select(['f.tax_code', 't.type', 't.details', 't.source_module']).execute()
    expect(events).toEqual([{ tax_code: '02559350273', type: 'registry_update', details: { importId: run.id, fileName: 'estratto.csv' }, source_module: 'imports' }])
    const errors = await ctx.db.selectFrom('import_error').select(['row_number', 'column_name', 'message']).where('import_id', '=', run.id).orderBy('row_number').execute()
    expect(errors).toEqual([
      { row_number: 4, column_name: 'codice_fiscale', message: 'the codice fiscale repeats row 3' },
      { row_number: 5, column_name: 'codice_fiscale', message: 'the firm is registered with another chamber' },
      { row_number: 6, column_name: 'rea_numero', message: expect.stringContaining('the REA belongs to another firm') },
    ])
  })

  it('a file with a broken row reports it and imports the rest', async () => {
    const [vatA, vatB] = ['0300001012', '0300003012'].map((b) => b + vatCheckDigit(b))
    const good = `${vatA},${vatA},Officina Meccanica Brambilla S.r.l.,srl,MI,2000001,95.31.10,,3,250000,,2019-03-01,Via Roma 1,20121,015146,MI,,,attiva`
    const shortRow = `03000020008,Trattoria Sempione`
    const badDate = good.replace(`${vatA},${vatA}`, `${vatB},${vatB}`).replace('2019-03-01', '2019-02-30').replace(',2000001,', ',2000002,')
    const run = await importFile([HEADER, good, shortRow, badDate].join('\n'))
    expect(run).toMatchObject({ status: 'completed', inserted: 1, errorRows: 2 })
    const errors = await ctx.db.selectFrom('import_error').select(['row_number', 'column_name']).where('import_id', '=', run.id).orderBy('row_number').execute()
    expect(errors.map((e) => e.row_number)).toContain(3)
    expect(errors).toContainEqual({ row_number: 4, column_name: 'data_costituzione' })
  })

  it('a file that is not the register layout fails, says why, and applies nothing', async () => {
    const firms = await firmCount()
    const wrongHeader = await importFile('nome,cognome\nMario,Rossi\n')
    expect(wrongHeader).toMatchObject({ status: 'failed', inserted: 0, errorRows: 0 })
    expect(wrongHeader.failure).toMatch(/header/)
    const missing = await importFile(HEADER.replace(',ateco,', ',attività,') + '\n')
    expect(missing.failure).toContain('ateco')
    // A broken quote late in the file: the good rows before it are not applied either.
    const rows = SAMPLE.toString('utf8').trim().split('\n')
    const broken = [HEADER, rows[1]!.replace('02559140351,02559140351', '03000040000,03000040000').replace(',1000000,', ',2000010,'), 'x,"unterminated,y'].join('\n')
    const run = await importFile(broken)
    expect(run).toMatchObject({ status: 'failed', inserted: 0 })
    expect(run.failure).toMatch(/not a readable CSV/)
    expect(await firmCount()).toBe(firms)
    expect(await ctx.db.selectFrom('import_error').select('row_number').where('import_id', '=', run.id).execute()).toEqual([])
    const audit = await ctx.db.selectFrom('audit_log').select('after').where('action', '=', 'crm.import.failed').where('entity_id', '=', String(run.id)).executeTakeFirstOrThrow()
    expect(audit.after).toMatchObject({ failure: run.failure })
  })

  it('shows progress while it runs: total estimated at start, processed rows as it goes', async () => {
    const queued = await upload(SAMPLE).expect(202)
    const seen: unknown[] = []
    // Poll from another connection while the job runs, as the SPA does, until the run ends
    // (bounded by time, not by a count of polls: a slow machine needs more of them).
    const poll = (async () => {
      const deadline = Date.now() + 30_000
      while (Date.now() < deadline) {
        const r = await ctx.db.selectFrom('import_run').select(['status', 'total_rows', 'processed_rows']).where('id', '=', queued.body.id).executeTakeFirstOrThrow()
        seen.push(r)
        if (r.status === 'completed' || r.status === 'failed') return
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
    })()
    await ctx.app.jobs.drain()
    await poll
    expect(seen).toContainEqual(expect.objectContaining({ status: 'running', total_rows: expect.any(Number) }))
    expect(seen.at(-1)).toEqual({ status: 'completed', total_rows: 28, processed_rows: 28 })
  })

  it('a second worker on a run another one is loading steps aside (the job may expire on a big file)', async () => {
    const queued = await upload(SAMPLE, 'estratto.csv').set('content-type', 'text/csv; charset=utf-8').expect(202)
    await ctx.db.connection().execute(async (other) => {
      await sql`select pg_advisory_lock(${0x1a70}, ${queued.body.id}::int)`.execute(other)
      await runImport(ctx.db, ctx.pool, ctx.app.jobs, queued.body.id)
      expect((await ctx.db.selectFrom('import_run').select('status').where('id', '=', queued.body.id).executeTakeFirstOrThrow()).status).toBe('queued')
      await sql`select pg_advisory_unlock(${0x1a70}, ${queued.body.id}::int)`.execute(other)
    })
    await runImport(ctx.db, ctx.pool, ctx.app.jobs, queued.body.id)
    expect(await ctx.db.selectFrom('import_run').select(['status', 'unchanged']).where('id', '=', queued.body.id).executeTakeFirstOrThrow()).toEqual({ status: 'completed', unchanged: 26 })
  })

  it('refuses other chambers, roles without the permission, bodies that are not CSV, and empty files', async () => {
    await upload(SAMPLE, 'x.csv', bergamo).expect(403)
    const promoter = { authorization: `Bearer ${(await loginDemo(ctx, 'promotore@pid.example')).token}` }
    await ctx.http().post(`/api/v1/chambers/${milano}/imports`).query({ fileName: 'x.csv' }).set(promoter).set('content-type', 'text/csv').send(SAMPLE).expect(403)
    await ctx.http().get(`/api/v1/chambers/${milano}/imports/${firstRun.id}`).set(promoter).expect(403)
    await ctx.http().get(`/api/v1/chambers/${bergamo}/imports/${firstRun.id}`).set(coordinator).expect(403)
    const json = await ctx.http().post(`/api/v1/chambers/${milano}/imports`).query({ fileName: 'x.csv' }).set(coordinator).send({ a: 1 }).expect(415)
    expect(json.body.code).toBe('unsupported_media_type')
    await upload('').expect(400)
    await ctx.http().post(`/api/v1/chambers/${milano}/imports`).set(coordinator).set('content-type', 'text/csv').send(SAMPLE).expect(400)
  })
})
