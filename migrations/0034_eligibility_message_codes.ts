import { sql, type Kysely } from 'kysely'

/**
 * Eligibility snapshots of submitted voucher applications (`voucher_application.eligibility`) written
 * before the server sent codes carry each check's finding as an English `message`; the client words
 * only `detail: { code, params }` (shared/src/vouchers/detail.ts). The old messages came from fixed
 * templates (shared/src/vouchers/eligibility.ts up to 501f327), so each is read back into its code
 * and parameters. A message that matches no template (none is known) keeps its text in
 * `legacyMessage` and gets the code its check and outcome imply, so nothing is lost.
 */

interface Detail { code: string; params: Record<string, string | number | string[]> }
interface OldCheck { code: string; outcome: string; message?: string; detail?: Detail; legacyMessage?: string }

const d = (code: string, params: Detail['params'] = {}): Detail => ({ code, params })

/** The templates each check's message was written with, newest code first. */
const TEMPLATES: Record<string, [RegExp, (m: RegExpMatchArray) => Detail][]> = {
  size_class: [
    [/^the size class is unknown in the register$/, () => d('size_class_unknown')],
    [/^size class (\S+) \(allowed: (.*)\)$/, (m) => d('size_class', { sizeClass: m[1]!, sizeClasses: m[2] ? m[2].split(', ') : [] })],
  ],
  seat: [[/^registered office in province (\S*)$/, (m) => d('seat', { province: m[1]! })]],
  active: [[/^register status: (\S+)$/, (m) => d('register_status', { status: m[1]! })]],
  ateco: [
    [/^no ATECO code in the register$/, () => d('ateco_missing')],
    [/^ATECO (\S+) is excluded \((.+)\)$/, (m) => d('ateco_excluded', { ateco: m[1]!, prefix: m[2]! })],
    [/^ATECO (\S+)$/, (m) => d('ateco', { ateco: m[1]! })],
  ],
  annual_fee: [
    [/^annual fee declared paid/, () => d('annual_fee_declared')],
    [/^the annual fee must be declared paid$/, () => d('annual_fee_undeclared')],
  ],
  assessment: [
    [/^no completed self-assessment$/, () => d('assessment_missing')],
    [/^self-assessment completed on (\d{4}-\d{2}-\d{2})$/, (m) => d('assessment_done', { submittedDate: m[1]! })],
    [/^the self-assessment of (\d{4}-\d{2}-\d{2}) is older than (\d+) months$/, (m) => d('assessment_old', { submittedDate: m[1]!, months: Number(m[2]) })],
  ],
  truthful: [
    [/^statements declared true/, () => d('truthful_declared')],
    [/^the statements must be declared true$/, () => d('truthful_undeclared')],
  ],
}

/** When no template matches: the finding the check and its outcome imply, without parameters it cannot know. */
function implied(check: OldCheck): Detail {
  const passed = check.outcome !== 'fail'
  switch (check.code) {
    case 'size_class': return d('size_class_unknown')
    case 'ateco': return d('ateco_missing')
    case 'annual_fee': return d(passed ? 'annual_fee_declared' : 'annual_fee_undeclared')
    case 'assessment': return d('assessment_missing')
    case 'truthful': return d(passed ? 'truthful_declared' : 'truthful_undeclared')
    case 'active': return d('register_status', { status: passed ? 'active' : 'unknown' })
    default: return d('seat', { province: '' })
  }
}

/** One old check in the current shape: `{ code, outcome, detail }` (a check already coded is kept as is). */
export function codedCheck(check: OldCheck): OldCheck {
  if (check.detail || typeof check.message !== 'string') return check
  const { message, ...rest } = check
  for (const [re, make] of TEMPLATES[check.code] ?? []) {
    const m = message.match(re)
    if (m) return { ...rest, detail: make(m) }
  }
  return { ...rest, detail: implied(check), legacyMessage: message }
}

export async function up(db: Kysely<any>): Promise<void> {
  const rows = await sql<{ id: string; eligibility: { eligible: boolean; checks: OldCheck[] } }>`
    SELECT id, eligibility FROM voucher_application
    WHERE eligibility IS NOT NULL AND jsonb_path_exists(eligibility, '$.checks[*] ? (exists(@.message))')
    ORDER BY id`.execute(db)
  for (const r of rows.rows) {
    const eligibility = { ...r.eligibility, checks: r.eligibility.checks.map(codedCheck) }
    await sql`UPDATE voucher_application SET eligibility = ${JSON.stringify(eligibility)}::jsonb WHERE id = ${r.id}`.execute(db)
  }
}

/** The coded shape is what the code of every version since reads; nothing to undo. */
export async function down(): Promise<void> {}
