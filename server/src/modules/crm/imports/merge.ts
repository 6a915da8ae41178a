import { sql } from 'kysely'
import type { MergeResult, Stage } from '@pid/shared'
import type { Db, Tx } from '../../../db/database.ts'
import type { Actor } from '../../../core/auth/guard.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, notFound } from '../../../core/errors.ts'
import type { CrmService } from '../crm.service.ts'
import { firmAccess, visibleFirms } from '../access.ts'

/** Fields of the kept firm that take the merged firm's value when they are empty. */
const FILLABLE = ['vat_number', 'ateco_code', 'ateco_section', 'employees', 'turnover_cents', 'balance_sheet_cents',
  'size_class', 'founded_on', 'address', 'postal_code', 'municipality_code', 'pec', 'website', 'email', 'phone',
  'assigned_to', 'maturity_level', 'registered_by_partner_id'] as const

/** Outcomes of a campaign row, least to most advanced: on a clash the kept row takes the further one. */
const OUTCOMES = `ARRAY['pending','unreachable','contacted','not_interested','interested','converted']`
const rank = (alias: string) => sql.raw(`array_position(${OUTCOMES}, ${alias}.outcome)`)

/**
 * Merges firm A (a duplicate) into firm B. B keeps its fields and fills the empty ones from A; B's
 * stage becomes the higher of the two; everything that hangs on A - contacts (and with them their
 * consents), timeline, stage history, referrals, campaign rows, partner consents, firms merged into
 * A before - moves to B, and so do other modules' rows, through the handlers they registered with
 * CrmService.onFirmMerged. A stays as a record with merged_into_id = B, hidden from every list.
 */
export async function mergeFirms(db: Db, crm: CrmService, actor: Actor, chamberId: number, fromId: number,
  intoId: number, ctx: AuditContext): Promise<MergeResult> {
  if (fromId === intoId) throw badRequest('a firm cannot be merged into itself', [{ path: '/intoFirmId', message: 'same firm' }])
  const access = await firmAccess(db, actor, chamberId, 'crm.firms.merge')
  return db.transaction().execute(async (tx) => {
    // Both rows locked in id order: two merges of the same pair cannot deadlock or interleave.
    const firms = await tx.selectFrom('firm as f').selectAll()
      .where('f.id', 'in', [fromId, intoId]).where('f.chamber_id', '=', access.chamberId)
      .orderBy('f.id').forUpdate().execute()
    const a = firms.find((f) => f.id === fromId)
    const b = firms.find((f) => f.id === intoId)
    if (!a) throw notFound('firm')
    if (!b) throw badRequest('the firm to merge into is not a firm of this chamber', [{ path: '/intoFirmId', message: 'not found in the chamber' }])
    if (a.merged_into_id !== null) throw conflict(`this firm has already been merged into firm ${a.merged_into_id}`)
    if (b.merged_into_id !== null) throw conflict(`firm ${b.id} has itself been merged into firm ${b.merged_into_id}: merge into that one`)
    // Partner users never hold crm.firms.merge, but the visibility rule stays the single source.
    const visible = await tx.selectFrom('firm as f').select('f.id').where(visibleFirms(access)).where('f.id', 'in', [fromId, intoId]).execute()
    if (visible.length !== 2) throw notFound('firm')

    const { moved, dropped } = await moveHistory(tx, fromId, intoId)
    // Other modules' rows (assessments, applications, ...) move through their own handlers.
    const movedByModules = await crm.firmsMerged(tx, { fromId, intoId, ctx })
    const filled = FILLABLE.filter((c) => b[c] === null && a[c] !== null)
    const stage = Math.max(a.stage, b.stage) as Stage
    // A's REA moves only if B has none; the unique REA index forbids both holding it at once.
    const takeRea = b.rea_number === null && a.rea_number !== null
    if (takeRea) await tx.updateTable('firm').set({ rea_province: null, rea_number: null }).where('id', '=', fromId).execute()
    await tx.updateTable('firm').set({
      ...Object.fromEntries(filled.map((c) => [c, a[c]])),
      ...(takeRea ? { rea_province: a.rea_province, rea_number: a.rea_number } : {}),
      ...(b.secondary_ateco_codes.length === 0 && a.secondary_ateco_codes.length ? { secondary_ateco_codes: a.secondary_ateco_codes } : {}),
      tags: sql<string[]>`ARRAY(SELECT DISTINCT t FROM unnest(tags || ${sql.val(a.tags)}::text[]) t ORDER BY t)`,
      last_touch_at: sql`greatest(last_touch_at, ${a.last_touch_at})`,
      ...(stage !== b.stage ? { stage, stage_changed_at: sql`now()` } : {}),
      updated_at: sql`now()`,
    }).where('id', '=', intoId).execute()
    await tx.updateTable('firm').set({ merged_into_id: intoId, updated_at: sql`now()` }).where('id', '=', fromId).execute()
    const filledFields = [...filled, ...(takeRea ? ['rea_province', 'rea_number'] : [])]
    if (stage !== b.stage) {
      await tx.insertInto('stage_change').values({
        firm_id: intoId, from_stage: b.stage, to_stage: stage, automatic: true,
        reason: `merge: firm ${fromId} had reached stage ${stage}`, changed_by: ctx.actorId,
      }).execute()
    }
    await crm.recordEvent(tx, ctx, {
      firmId: intoId, type: 'merge', summary: `Unita con il duplicato ${a.name} (CF ${a.tax_code})`,
      details: { mergedFirmId: fromId, mergedTaxCode: a.tax_code, moved, movedByModules, filledFields },
    })
    const result: MergeResult = { firmId: intoId, mergedFirmId: fromId, moved, filledFields, stage }
    await audit(tx, ctx, {
      chamberId, action: 'crm.firm.merged', entity: 'firm', entityId: intoId,
      before: { kept: b, merged: a, droppedRowsOfMerged: dropped }, after: { ...result, movedByModules },
    })
    return result
  })
}

/** Moves A's history to B; `dropped` are A's rows that clashed with B's (kept in the audit entry). */
async function moveHistory(tx: Tx, fromId: number, intoId: number): Promise<{ moved: MergeResult['moved']; dropped: Record<string, unknown[]> }> {
  const n = (r: { numUpdatedRows?: bigint; numDeletedRows?: bigint }[]) => Number(r[0]?.numUpdatedRows ?? 0)
  const contacts = n(await tx.updateTable('contact').set({ firm_id: intoId }).where('firm_id', '=', fromId).execute())
  const timelineEvents = n(await tx.updateTable('timeline_event').set({ firm_id: intoId }).where('firm_id', '=', fromId).execute())
  const stageChanges = n(await tx.updateTable('stage_change').set({ firm_id: intoId }).where('firm_id', '=', fromId).execute())
  const referrals = n(await tx.updateTable('referral').set({ firm_id: intoId }).where('firm_id', '=', fromId).execute())
  await tx.updateTable('mailing_recipient').set({ firm_id: intoId }).where('firm_id', '=', fromId).execute()
  // The firm's requests for help follow it (the firm's home shows them).
  await tx.updateTable('help_request').set({ firm_id: intoId }).where('firm_id', '=', fromId).execute()
  await tx.updateTable('firm').set({ merged_into_id: intoId }).where('merged_into_id', '=', fromId).execute()
  // The pairs of the firm merged away are settled; the next scan proposes B's remaining ones.
  await tx.deleteFrom('duplicate_candidate').where((w) => w.or([w('a_id', '=', fromId), w('b_id', '=', fromId)])).execute()

  // campaign_firm's key is (campaign, firm): where B is already in the campaign, B's row keeps the
  // further outcome of the two and A's row goes (the audit entry keeps it); elsewhere A's row moves.
  await sql`UPDATE campaign_firm kept SET outcome = gone.outcome, outcome_note = gone.outcome_note,
      outcome_at = gone.outcome_at, outcome_by = gone.outcome_by, promoter_id = coalesce(kept.promoter_id, gone.promoter_id)
    FROM campaign_firm gone
    WHERE kept.firm_id = ${intoId} AND gone.firm_id = ${fromId} AND gone.campaign_id = kept.campaign_id
      AND ${rank('gone')} > ${rank('kept')}`.execute(tx)
  const droppedCampaignRows = await tx.deleteFrom('campaign_firm').where('firm_id', '=', fromId)
    .where('campaign_id', 'in', (eb) => eb.selectFrom('campaign_firm').select('campaign_id').where('firm_id', '=', intoId))
    .returningAll().execute()
  const campaignRows = n(await tx.updateTable('campaign_firm').set({ firm_id: intoId }).where('firm_id', '=', fromId).execute())

  // Partner consents: the same rule, an active consent winning over a withdrawn one.
  await sql`UPDATE firm_partner_consent kept SET granted_at = gone.granted_at, source = gone.source, withdrawn_at = NULL
    FROM firm_partner_consent gone
    WHERE kept.firm_id = ${intoId} AND gone.firm_id = ${fromId} AND gone.partner_id = kept.partner_id
      AND kept.withdrawn_at IS NOT NULL AND gone.withdrawn_at IS NULL`.execute(tx)
  const droppedPartnerConsents = await tx.deleteFrom('firm_partner_consent').where('firm_id', '=', fromId)
    .where('partner_id', 'in', (eb) => eb.selectFrom('firm_partner_consent').select('partner_id').where('firm_id', '=', intoId))
    .returningAll().execute()
  const partnerConsents = n(await tx.updateTable('firm_partner_consent').set({ firm_id: intoId }).where('firm_id', '=', fromId).execute())
  return {
    moved: { contacts, timelineEvents, stageChanges, referrals, campaignRows, partnerConsents },
    dropped: { campaignRows: droppedCampaignRows, partnerConsents: droppedPartnerConsents },
  }
}
