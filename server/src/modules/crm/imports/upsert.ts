import { sql } from 'kysely'
import type { DbOrTx } from '../../../db/database.ts'

/**
 * The set-based half of a run, on the staging table inside the run's transaction: rows that would
 * clash with the firm table (or with each other) become row errors, then ONE upsert applies the
 * rest and counts inserted / updated exactly; unchanged rows touch nothing (no updated_at bump, no
 * timeline event, no dead tuple).
 */

/**
 * Moves conflicting rows from staging to import_error: a codice fiscale or REA repeated in the file
 * (the first occurrence wins), a firm registered with another chamber, a REA held by another firm.
 * Each would otherwise abort the upsert (ON CONFLICT cannot touch a row twice; firm_rea_idx is unique).
 */
export async function rejectConflicts(tx: DbOrTx, importId: number, chamberId: number): Promise<number> {
  // Temporary tables are never auto-analysed: without statistics the planner guesses the joins below.
  await sql`ANALYZE import_staging`.execute(tx)
  const { rows } = await sql<{ n: number }>`
    WITH ranked AS (
      SELECT s.row_number, s.tax_code, s.rea_province, s.rea_number,
        min(s.row_number) OVER (PARTITION BY s.tax_code) AS first_tax,
        CASE WHEN s.rea_number IS NULL THEN s.row_number
          ELSE min(s.row_number) OVER (PARTITION BY s.rea_province, s.rea_number) END AS first_rea
      FROM import_staging s
    ), clash AS (
      SELECT r.row_number,
        CASE
          WHEN r.first_tax <> r.row_number THEN 'codice_fiscale'
          WHEN r.first_rea <> r.row_number THEN 'rea_numero'
          WHEN other.chamber_id IS NOT NULL THEN 'codice_fiscale'
          ELSE 'rea_numero' END AS column_name,
        CASE
          WHEN r.first_tax <> r.row_number THEN 'the codice fiscale repeats row ' || r.first_tax
          WHEN r.first_rea <> r.row_number THEN 'the REA repeats row ' || r.first_rea
          WHEN other.chamber_id IS NOT NULL THEN 'the firm is registered with another chamber'
          ELSE 'the REA belongs to another firm (codice fiscale ' || holder.tax_code || ')' END AS message
      FROM ranked r
      LEFT JOIN firm other ON other.tax_code = r.tax_code AND other.chamber_id <> ${chamberId}
      LEFT JOIN firm holder ON holder.rea_province = r.rea_province AND holder.rea_number = r.rea_number
        AND holder.tax_code <> r.tax_code
      WHERE r.first_tax <> r.row_number OR r.first_rea <> r.row_number
        OR other.id IS NOT NULL OR holder.id IS NOT NULL
    ), gone AS (
      DELETE FROM import_staging s USING clash c WHERE s.row_number = c.row_number RETURNING s.row_number
    ), logged AS (
      INSERT INTO import_error (import_id, row_number, column_name, message)
      SELECT ${importId}, c.row_number, c.column_name, c.message FROM clash c
    )
    SELECT count(*)::int AS n FROM gone`.execute(tx)
  return rows[0]?.n ?? 0
}

/** Columns the register owns: a non-empty cell replaces what the CRM has; an empty one keeps it. */
const KEPT_WHEN_EMPTY = ['vat_number', 'rea_province', 'rea_number', 'ateco_code', 'ateco_section', 'employees',
  'turnover_cents', 'balance_sheet_cents', 'size_class', 'founded_on', 'address', 'postal_code', 'municipality_code',
  'pec', 'website'] as const
const REPLACED = ['name', 'legal_form', 'province_code', 'status'] as const

const incoming = (c: string) => sql.raw(KEPT_WHEN_EMPTY.includes(c as never) ? `coalesce(excluded.${c}, f.${c})` : `excluded.${c}`)
const secondaryIncoming = sql.raw(`CASE WHEN cardinality(excluded.secondary_ateco_codes) = 0 THEN f.secondary_ateco_codes ELSE excluded.secondary_ateco_codes END`)
const ALL = [...REPLACED, ...KEPT_WHEN_EMPTY]

export interface UpsertCounts { inserted: number; updated: number }

/**
 * INSERT ... SELECT ... ON CONFLICT (tax_code) DO UPDATE ... WHERE something differs. `xmax = 0`
 * tells a freshly inserted row from an updated one in RETURNING. Rows are inserted in tax-code order
 * so the unique index is filled sequentially. Every updated firm gets one 'registry_update' event on
 * its timeline (which fields changed is in the audit trail of the run), written by the same statement.
 * A firm the run inserts gets none: its record starts there (created_at, the run's audit entry), and
 * an event per new firm would double the writes of a first load (a million rows more, each with its
 * foreign-key checks and five index entries) to say what the firm list already shows.
 */
export async function upsertFirms(tx: DbOrTx, run: { id: number; chamberId: number; fileName: string; actorId: number | null }): Promise<UpsertCounts> {
  const set = sql.join([
    ...ALL.map((c) => sql`${sql.ref(c)} = ${incoming(c)}`),
    sql`secondary_ateco_codes = ${secondaryIncoming}`,
    sql`updated_at = now()`,
  ])
  const current = sql.join([...ALL.map((c) => sql.ref(`f.${c}`)), sql.ref('f.secondary_ateco_codes')])
  const next = sql.join([...ALL.map(incoming), secondaryIncoming])
  const columns = sql.raw(['chamber_id', 'tax_code', ...ALL, 'secondary_ateco_codes'].join(', '))
  const values = sql.raw(['tax_code', ...ALL, 'secondary_ateco_codes'].map((c) => `s.${c}`).join(', '))
  const { rows } = await sql<{ inserted: number; updated: number }>`
    WITH up AS (
      INSERT INTO firm AS f (${columns})
      SELECT ${run.chamberId}, ${values} FROM import_staging s ORDER BY s.tax_code
      ON CONFLICT (tax_code) DO UPDATE SET ${set}
      WHERE f.chamber_id = excluded.chamber_id AND ROW(${current}) IS DISTINCT FROM ROW(${next})
      RETURNING f.id, (f.xmax = 0) AS inserted
    ), events AS (
      INSERT INTO timeline_event (firm_id, chamber_id, type, occurred_at, summary, details, author_id, source_module)
      SELECT up.id, ${run.chamberId}, 'registry_update', now(),
        'Dati aggiornati dal registro imprese',
        jsonb_build_object('importId', ${run.id}::bigint, 'fileName', ${run.fileName}::text),
        ${run.actorId}::bigint, 'imports'
      FROM up WHERE NOT up.inserted
    )
    SELECT (count(*) FILTER (WHERE inserted))::int AS inserted, (count(*) FILTER (WHERE NOT inserted))::int AS updated FROM up`.execute(tx)
  return { inserted: rows[0]?.inserted ?? 0, updated: rows[0]?.updated ?? 0 }
}
