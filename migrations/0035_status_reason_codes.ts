import { sql, type Kysely } from 'kysely'

/**
 * Voucher applications kept the platform's own reasons as text in `status_reason`, some English
 * ('admitted from the reserve list', the de minimis reduction), some Italian; screens showed them
 * as they were. Now the platform's reasons are a code with its values in `status_reason_detail`
 * (server/src/modules/vouchers/status-reason.ts), worded by each reader, and `status_reason`
 * keeps only a person's words. The texts the platform wrote came from fixed templates: each is
 * read back into its code here; any other text is a person's and stays.
 */

interface Detail { code: string; params: Record<string, string | number> }
interface DeMinimis { requestedCents?: number; roomCents?: number; ceilingCents?: number; declaredCents?: number; platformCents?: number }

const FIXED: Record<string, string> = {
  'admitted from the reserve list': 'reserve_admitted',
  'withdrawn by the applicant': 'withdrawn_by_applicant',
  "in lista d'attesa alla chiusura del bando": 'reserve_at_close_out',
  'ammissibile, non finanziata per esaurimento della dotazione': 'envelope_exhausted',
  'ridotto al residuo della dotazione': 'reduced_to_remaining',
  'ridotto alla dotazione resasi disponibile': 'reduced_to_freed',
  'ridotto in proporzione (riparto pro rata)': 'reduced_pro_rata',
}
const REPORT_MISSING = /^rendicontazione non presentata entro il (\d{4}-\d{2}-\d{2})$/
// shared/src/vouchers/de-minimis.ts up to this migration: amounts as "1234.56 EUR".
const DE_MINIMIS = /^reduced from (\d+)\.(\d{2}) EUR to (\d+)\.(\d{2}) EUR: de minimis ceiling of (\d+)\.(\d{2}) EUR \((\d+)\.(\d{2}) EUR declared \+ (\d+)\.(\d{2}) EUR through this platform in the last (\d+) years\)$/

const cents = (m: RegExpMatchArray, i: number) => Number(m[i]) * 100 + Number(m[i + 1])

/** The code (and values) a platform-written reason stands for; null for a person's words. */
export function codedReason(text: string, deMinimis: DeMinimis | null): Detail | null {
  const fixed = FIXED[text]
  if (fixed) return { code: fixed, params: {} }
  const report = REPORT_MISSING.exec(text)
  if (report) return { code: 'report_not_submitted', params: { deadlineDate: report[1]! } }
  const dm = DE_MINIMIS.exec(text)
  if (dm) {
    return { code: 'de_minimis_reduced', params: { requestedCents: deMinimis?.requestedCents ?? cents(dm, 1), roomCents: deMinimis?.roomCents ?? cents(dm, 3),
      ceilingCents: deMinimis?.ceilingCents ?? cents(dm, 5), declaredCents: deMinimis?.declaredCents ?? cents(dm, 7),
      platformCents: deMinimis?.platformCents ?? cents(dm, 9), years: Number(dm[11]) } }
  }
  return null
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE voucher_application ADD COLUMN status_reason_detail jsonb
    CONSTRAINT voucher_application_status_reason_detail_shape CHECK (status_reason_detail IS NULL OR jsonb_typeof(status_reason_detail -> 'code') = 'string')`.execute(db)
  await codeStoredReasons(db)
}

/** Moves each platform-written reason into its code; a person's words stay where they are. */
export async function codeStoredReasons(db: Kysely<any>): Promise<void> {
  const rows = await sql<{ id: string; status_reason: string; de_minimis: DeMinimis | null }>`
    SELECT id, status_reason, de_minimis FROM voucher_application WHERE status_reason IS NOT NULL ORDER BY id`.execute(db)
  for (const r of rows.rows) {
    const coded = codedReason(r.status_reason, r.de_minimis)
    if (!coded) continue
    await sql`UPDATE voucher_application SET status_reason = NULL, status_reason_detail = ${JSON.stringify(coded)}::jsonb WHERE id = ${r.id}`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`UPDATE voucher_application SET status_reason = coalesce(status_reason, status_reason_detail ->> 'code') WHERE status_reason_detail IS NOT NULL`.execute(db)
  await sql`ALTER TABLE voucher_application DROP COLUMN status_reason_detail`.execute(db)
}
