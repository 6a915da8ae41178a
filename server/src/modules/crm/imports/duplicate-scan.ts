import { sql } from 'kysely'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { audit, systemContext } from '../../../core/audit.ts'
import type { JobQueue } from '../../../core/jobs.ts'

export const SCAN_QUEUE = 'crm.duplicates.scan'
/** At most one scan waits per chamber (its singletonKey); one already running does not count. */
export const SCAN_QUEUE_POLICY = 'short'
/** Similar names: trigram similarity of the folded names at least this. */
export const NAME_SIMILARITY = 0.6
/**
 * A word shared by more firms than this in one municipality ("milano", "servizi") says nothing
 * about identity: its block is skipped, or a big city would make millions of pairs to compare.
 */
export const MAX_BLOCK = 100

/** Words that name a legal form or fill a name; never a blocking key. */
const FILLERS = ['societa', 'agricola', 'cooperativa', 'consorzio', 'impresa', 'ditta', 'della', 'delle', 'dello', 'degli',
  'srls', 'sapa', 'unipersonale', 'semplificata', 'responsabilita', 'limitata', 'figli', 'fratelli']

/**
 * Asks for a scan of the chamber (after an import, a new firm, or by hand). At most one scan is
 * pending per chamber: requests while one waits are absorbed by it. Call it in the transaction of
 * the change, so a rolled-back change asks for nothing.
 */
export async function requestScan(tx: DbOrTx, jobs: JobQueue, chamberId: number): Promise<void> {
  // Serialises requests for one chamber (not the scan itself: an import must not wait for a scan).
  await sql`SELECT pg_advisory_xact_lock(hashtext(${SCAN_QUEUE + ':request'}), ${chamberId}::int)`.execute(tx)
  await tx.insertInto('duplicate_scan').values({ chamber_id: chamberId, requested_at: sql`now()` })
    .onConflict((oc) => oc.column('chamber_id').doUpdateSet({ requested_at: sql`now()` })).execute()
  // A scan already running may have read the firms before this change: only a waiting one absorbs
  // it. The queue's 'short' policy keeps one waiting job per key, so a second send adds nothing.
  await jobs.enqueue(tx, SCAN_QUEUE, { chamberId }, { singletonKey: `chamber:${chamberId}` })
}

/**
 * Finds the chamber's likely duplicates and replaces its candidate pairs, in one transaction (the
 * page never shows half a scan). Two ways two records may be one firm:
 * - the same partita IVA under different codici fiscali (a sole trader registered twice, ...);
 * - names alike (trigram similarity >= NAME_SIMILARITY) in the same municipality. Comparing every
 *   pair is quadratic, so names are blocked first: each firm goes into the blocks of its two most
 *   distinctive words (the longest after the first, fillers left out), per municipality; only firms
 *   sharing a block are compared, and blocks of common words (> MAX_BLOCK firms) are skipped. A typo
 *   in one word still leaves the other to meet on.
 * Pairs staff declared distinct are left out. Returns how many pairs it stored.
 */
export async function scanDuplicates(db: Db, chamberId: number): Promise<number> {
  return db.transaction().execute(async (tx) => {
    // One scan per chamber at a time; a second worker waits and then scans again (cheap, correct).
    await sql`SELECT pg_advisory_xact_lock(hashtext(${SCAN_QUEUE}), ${chamberId}::int)`.execute(tx)
    await tx.updateTable('duplicate_scan').set({ started_at: sql`now()` }).where('chamber_id', '=', chamberId).execute()
    await sql`SET LOCAL work_mem = '256MB'`.execute(tx)
    await tx.deleteFrom('duplicate_candidate').where('chamber_id', '=', chamberId).execute()
    const { rows } = await sql<{ n: number }>`
      WITH live AS (
        SELECT f.id, f.tax_code, f.vat_number, f.municipality_code, f.name_folded FROM firm f
        WHERE f.chamber_id = ${chamberId} AND f.merged_into_id IS NULL
      ), keyed AS (
        SELECT l.id, l.municipality_code, k.w FROM live l,
          LATERAL (SELECT t.w FROM regexp_split_to_table(l.name_folded, '[^a-z0-9]+') WITH ORDINALITY AS t(w, n)
            WHERE length(t.w) >= 4 AND t.w <> ALL (${sql.val(FILLERS)}::text[])
            ORDER BY t.n > 1 DESC, length(t.w) DESC, t.n LIMIT 2) k
        WHERE l.municipality_code IS NOT NULL
      ), blocks AS (
        SELECT array_agg(id) AS ids FROM keyed GROUP BY municipality_code, w HAVING count(*) BETWEEN 2 AND ${MAX_BLOCK}
      ), named AS (
        SELECT DISTINCT a.id AS a_id, b.id AS b_id FROM blocks, unnest(ids) AS a(id), unnest(ids) AS b(id) WHERE a.id < b.id
      ), pairs AS (
        SELECT a.id AS a_id, b.id AS b_id, 'same_vat' AS reason, 1.0::real AS score
        FROM live a JOIN live b ON b.vat_number = a.vat_number AND b.tax_code <> a.tax_code AND b.id > a.id
        UNION ALL
        SELECT n.a_id, n.b_id, 'similar_name', similarity(a.name_folded, b.name_folded)
        FROM named n JOIN live a ON a.id = n.a_id JOIN live b ON b.id = n.b_id
        WHERE similarity(a.name_folded, b.name_folded) >= ${NAME_SIMILARITY}
          AND (a.vat_number IS NULL OR b.vat_number IS DISTINCT FROM a.vat_number)
      ), stored AS (
        INSERT INTO duplicate_candidate (chamber_id, a_id, b_id, reason, score)
        SELECT ${chamberId}, p.a_id, p.b_id, p.reason, p.score FROM pairs p
        WHERE NOT EXISTS (SELECT 1 FROM duplicate_dismissal d WHERE d.a_id = p.a_id AND d.b_id = p.b_id)
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM stored`.execute(tx)
    const pairs = rows[0]?.n ?? 0
    await tx.updateTable('duplicate_scan').set({ finished_at: sql`now()`, pairs }).where('chamber_id', '=', chamberId).execute()
    await audit(tx, systemContext(SCAN_QUEUE), { chamberId, action: 'crm.duplicates.scanned', entity: 'chamber', entityId: chamberId, after: { pairs } })
    return pairs
  })
}
