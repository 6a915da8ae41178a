/**
 * The floor of a register import: how long the parts no design can skip take on this machine, each
 * alone, in one run, next to the bare COPY the crm-import goal is measured against.
 *
 *   BENCH_DB_NAME=pid_bench_mine pnpm --filter @pid/server exec node bench/import-floor.ts [extract.csv]
 *
 * Needs a migrated bench database (bench/keep-db.ts makes one) and the extract (keep-db writes it).
 * Scratch tables are dropped at the end; `firm` is not touched. Prints one table.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { readFile, rm, stat } from 'node:fs/promises'
import { once } from 'node:events'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { parse } from 'csv-parse'
import type { ImportColumn } from '@pid/shared'
import { createDb } from '../src/db/database.ts'
import { checkRow, headerIndex } from '../src/modules/crm/imports/columns.ts'
import { loadReference } from '../src/modules/crm/imports/reference.ts'
import { copyLine } from '../src/modules/crm/imports/staging.ts'
import { FILE_PART_BYTES } from '../src/modules/crm/imports/imports.service.ts'
import { benchDatabaseUrl } from './database.ts'
import { BENCH_FIRMS, bareCopy } from './crm-data.ts'

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const path = process.argv[2] ?? join(tmpdir(), `pid-bench-registro-${BENCH_FIRMS}.csv`)
const url = benchDatabaseUrl(ADMIN_URL)
const firmLines = join(tmpdir(), `pid-floor-firm-${process.pid}.copy`)
const results: { step: string; ms: number }[] = []

async function timed<T>(step: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now()
  const out = await fn()
  results.push({ step, ms: Math.round(performance.now() - started) })
  console.error(`  ${step}: ${results.at(-1)!.ms} ms`)
  return out
}

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  return c
}

const { db } = createDb(url, 1)
const chamber = (await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()).id
const ref = await loadReference(db, chamber)
await db.destroy()
const c = await client()
const indexes = (await c.query<{ name: string; def: string }>(
  `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'firm' ORDER BY indexname`)).rows
const busy = loadavg()[0]!

try {
  const copyMs = await bareCopy(url, path)
  results.push({ step: 'bare COPY of the CSV into a table of text columns (the goal\'s unit)', ms: copyMs })

  // The upload: the file stored as import_file stores it (4 MB parts, uncompressed).
  const file = await readFile(path)
  await c.query('CREATE TABLE floor_file (part integer, content bytea)')
  await c.query('ALTER TABLE floor_file ALTER COLUMN content SET STORAGE EXTERNAL')
  await timed('store the upload (4 MB parts of bytea)', async () => {
    await c.query('BEGIN')
    for (let p = 0; p * FILE_PART_BYTES < file.length; p++) {
      await c.query('INSERT INTO floor_file VALUES ($1, $2)', [p, file.subarray(p * FILE_PART_BYTES, (p + 1) * FILE_PART_BYTES)])
    }
    await c.query('COMMIT')
  })

  // Node's half: parse the CSV and check every row (as run-import.ts does), then also format COPY lines.
  await timed('Node: csv-parse alone', async () => {
    const parser = createReadStream(path, { highWaterMark: 4 << 20 }).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }))
    for await (const _ of parser) { /* count nothing: the parse is what is timed */ }
  })
  await timed('Node: csv-parse + check every row + COPY line (the import\'s Node side)', async () => {
    const out = createWriteStream(firmLines)
    const parser = createReadStream(path, { highWaterMark: 4 << 20 }).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }))
    let at: Record<ImportColumn, number> | null = null
    let n = 0
    let buffer = ''
    for await (const record of parser as AsyncIterable<string[]>) {
      n++
      if (!at) { at = headerIndex(record); continue }
      const r = checkRow(record, at, ref, n)
      if (!r.ok) continue
      // The firm-shaped table's columns: the chamber, then the staged row without its row number.
      buffer += `${chamber}\t${copyLine(r.row.slice(1))}`
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await once(out, 'drain')
        buffer = ''
      }
    }
    out.end(buffer)
    await once(out, 'finish')
  })

  // PostgreSQL's half: the rows into a table shaped like firm (its defaults, generated folded name,
  // CHECKs), without index, trigger or reference check; then each of firm's indexes built on it.
  await c.query('CREATE TABLE floor_firm (LIKE firm INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY INCLUDING CONSTRAINTS)')
  const columns = ['chamber_id', 'tax_code', 'name', 'vat_number', 'rea_province', 'rea_number', 'legal_form', 'ateco_code',
    'ateco_section', 'secondary_ateco_codes', 'employees', 'turnover_cents', 'balance_sheet_cents', 'size_class', 'founded_on',
    'address', 'postal_code', 'municipality_code', 'province_code', 'pec', 'website', 'status']
  await timed('COPY the checked rows into a table shaped like firm (no index)', () =>
    pipeline(createReadStream(firmLines), c.query(copyFrom(`COPY floor_firm (${columns.join(', ')}) FROM STDIN`))))
  await c.query('VACUUM ANALYZE floor_firm')

  const defs = indexes.map((i) => ({ name: i.name, def: i.def.replace(/INDEX \S+ ON public\.firm /, `INDEX floor_${i.name} ON public.floor_firm `) }))
  await c.query(`SET maintenance_work_mem = '1GB'`)
  let serial = 0
  for (const i of defs) {
    const started = performance.now()
    await c.query(i.def)
    const ms = Math.round(performance.now() - started)
    serial += ms
    results.push({ step: `  build ${i.name}`, ms })
    await c.query(`DROP INDEX floor_${i.name}`)
  }
  results.push({ step: 'every index of firm built one after the other (sum)', ms: serial })
  // The same builds on two sessions (two cores), longest first: the best a fresh table can do here.
  const sorted = defs.map((d, i) => ({ ...d, ms: results.find((r) => r.step === `  build ${indexes[i]!.name}`)!.ms })).sort((a, b) => b.ms - a.ms)
  const second = await client()
  try {
    await second.query(`SET maintenance_work_mem = '1GB'`)
    await timed('every index of firm built on two sessions at once', async () => {
      const queue = [...sorted]
      const worker = async (s: pg.Client) => { for (let next = queue.shift(); next; next = queue.shift()) await s.query(next.def) }
      await Promise.all([worker(c), worker(second)])
    })
  } finally {
    await second.end()
  }

  // The row-by-row alternative: the same rows inserted into the table once it has every index.
  await c.query(`CREATE UNLOGGED TABLE floor_firm_source AS SELECT ${columns.join(', ')} FROM floor_firm`)
  await c.query('TRUNCATE floor_firm')
  await timed('INSERT the same rows into that table with every index of firm (row-by-row maintenance)', () =>
    c.query(`INSERT INTO floor_firm (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM floor_firm_source ORDER BY tax_code`))
} finally {
  for (const t of ['floor_file', 'floor_firm', 'floor_firm_source']) await c.query(`DROP TABLE IF EXISTS ${t}`)
  await c.end()
  await rm(firmLines, { force: true })
}

const bare = results[0]!.ms
const width = Math.max(...results.map((r) => r.step.length))
console.log(`\nimport floor: ${((await stat(path)).size / 1e6).toFixed(0)} MB, ${BENCH_FIRMS} firms; ${cpus().length} CPUs; load average ${busy.toFixed(1)} before the run\n`)
console.log(`${'step'.padEnd(width)} |      ms | x bare COPY`)
console.log(`${'-'.repeat(width)}-|---------|------------`)
for (const r of results) console.log(`${r.step.padEnd(width)} | ${String(r.ms).padStart(7)} | ${(r.ms / bare).toFixed(2).padStart(10)}`)
