import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VoucherApplication } from '@pid/shared'
import { migrations } from '@pid/migrations'
import type { Auth, TestContext } from '../../../test/helpers.ts'
import { publishedCall, voucherTestContext } from '../../../test/voucher-factories.ts'
import { appUrl, submitted } from '../../../test/voucher-eval-helpers.ts'

/**
 * Applications kept the platform's reasons as text (some English); migration 0035 reads each back
 * into the code the screens word (`status_reason_detail`) and leaves a person's words alone.
 */
let ctx: TestContext
let milano: number
let leader: Auth

beforeAll(async () => { ({ ctx, milano, leader } = await voucherTestContext(100_000_000)) })
afterAll(async () => { await ctx.close() })

const d = (code: string, params = {}) => ({ code, params })
/** What versions before 0035 stored, and what it becomes (null: a person's words, kept). */
const STORED: [string, ReturnType<typeof d> | null][] = [
  ['admitted from the reserve list', d('reserve_admitted')],
  ['withdrawn by the applicant', d('withdrawn_by_applicant')],
  ["in lista d'attesa alla chiusura del bando", d('reserve_at_close_out')],
  ['ammissibile, non finanziata per esaurimento della dotazione', d('envelope_exhausted')],
  ['ridotto al residuo della dotazione', d('reduced_to_remaining')],
  ['ridotto alla dotazione resasi disponibile', d('reduced_to_freed')],
  ['ridotto in proporzione (riparto pro rata)', d('reduced_pro_rata')],
  ['rendicontazione non presentata entro il 2026-09-30', d('report_not_submitted', { deadlineDate: '2026-09-30' })],
  ['reduced from 5000.00 EUR to 2000.00 EUR: de minimis ceiling of 7000.00 EUR (0.00 EUR declared + 5000.00 EUR through this platform in the last 3 years)',
    d('de_minimis_reduced', { requestedCents: 500_000, roomCents: 200_000, ceilingCents: 700_000, declaredCents: 0, platformCents: 500_000, years: 3 })],
  ['preventivi mancanti', null],
  ['admitted from the reserve list, then checked by hand', null],
]

describe("migration 0035: the platform's status reasons as codes", () => {
  it("reads every text the platform wrote into its code, keeps a person's words, and the API serves both", async () => {
    const call = await publishedCall(ctx, leader, milano)
    const apps = []
    for (let i = 0; i < STORED.length; i++) apps.push((await submitted(ctx, call.id)).applicationId)
    // The table as it was before 0035, with the texts it stored.
    await sql`ALTER TABLE voucher_application DROP COLUMN status_reason_detail`.execute(ctx.db)
    for (const [i, [text]] of STORED.entries()) {
      await sql`UPDATE voucher_application SET status_reason = ${text}, de_minimis = NULL WHERE id = ${apps[i]}`.execute(ctx.db)
    }
    await migrations['0035_status_reason_codes']!.up(ctx.db)
    for (const [i, [text, coded]] of STORED.entries()) {
      const view = (await ctx.http().get(appUrl(milano, apps[i]!)).set(leader).expect(200)).body as VoucherApplication
      expect({ text, reason: view.statusReason, detail: view.statusReasonDetail }).toEqual({ text, reason: coded ? null : text, detail: coded })
    }
  })
})
