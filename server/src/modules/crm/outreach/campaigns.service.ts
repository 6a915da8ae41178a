import { sql } from 'kysely'
import { can, type Campaign, type CampaignFirm, type CreateCampaignBody, type FirmFilter, type SetOutcomeBody } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import type { Actor } from '../../../core/auth/guard.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, forbidden, notFound } from '../../../core/errors.ts'
import type { CrmService } from '../crm.service.ts'
import { campaignFirm, getCampaign } from './campaigns.queries.ts'
import { filteredFirms } from '../firm-filter.ts'
import { Service } from '../../../core/service.ts'

/** Who may work a campaign's firms: the chamber's promoters and coordinators. */
const CAMPAIGN_ROLES = ['digital_promoter', 'digital_coordinator']

const OUTCOME_LABELS: Record<SetOutcomeBody['outcome'], string> = {
  contacted: 'contattata', interested: 'interessata', not_interested: 'non interessata', unreachable: 'non raggiungibile',
  converted: 'convertita',
}

/** Campaigns push a segment's firms to promoters; promoters report an outcome per firm. */
export class CampaignsService extends Service<{ db: Db; crm: CrmService }> {
  /**
   * Snapshots the segment's firms into the campaign, dealt round-robin to the promoters (in the
   * order given) by name order, in one INSERT ... SELECT: no per-firm round trip on big segments.
   */
  async create(chamberId: number, body: CreateCampaignBody, ctx: AuditContext): Promise<Campaign> {
    if (body.endsOn && body.endsOn < body.startsOn) {
      throw badRequest('the campaign ends before it starts', [{ path: '/endsOn', message: 'before startsOn' }])
    }
    return this.deps.db.transaction().execute(async (tx) => {
      const segment = await tx.selectFrom('segment').select(['id', 'filter'])
        .where('id', '=', body.segmentId).where('chamber_id', '=', chamberId).executeTakeFirst()
      if (!segment) throw badRequest('no such segment in this chamber', [{ path: '/segmentId', message: 'not a segment of this chamber' }])
      await this.checkPromoters(tx, chamberId, body.promoterIds)

      const { id } = await tx.insertInto('campaign').values({
        chamber_id: chamberId, segment_id: segment.id, name: body.name.trim(), goal: body.goal, starts_on: body.startsOn,
        ends_on: body.endsOn ?? null, created_by: ctx.actorId,
      }).returning('id').executeTakeFirstOrThrow()
      const promoters = sql`${sql.val(body.promoterIds)}::bigint[]`
      const n = body.promoterIds.length
      const snapshot = filteredFirms(tx, { chamberId, partnerId: null, personalData: true }, segment.filter as FirmFilter).select([
        sql<number>`${id}::bigint`.as('campaign_id'),
        'f.id as firm_id',
        sql<number>`(${promoters})[((row_number() over (order by f.name, f.id) - 1) % ${n}) + 1]`.as('promoter_id'),
      ])
      const inserted = await tx.insertInto('campaign_firm').columns(['campaign_id', 'firm_id', 'promoter_id']).expression(snapshot)
        .executeTakeFirst()
      const firms = Number(inserted.numInsertedOrUpdatedRows ?? 0)
      if (firms === 0) throw badRequest('the segment matches no firm now', [{ path: '/segmentId', message: 'matches no firm' }])

      const created = await getCampaign(tx, chamberId, id)
      await audit(tx, ctx, { chamberId, action: 'crm.campaign.created', entity: 'campaign', entityId: id,
        after: { ...created, promoterIds: body.promoterIds } })
      return created
    })
  }

  private async checkPromoters(tx: DbOrTx, chamberId: number, ids: number[]): Promise<void> {
    const rows = await tx.selectFrom('role_assignment as ra').innerJoin('app_user as u', 'u.id', 'ra.user_id')
      .select('ra.user_id').distinct()
      .where('ra.chamber_id', '=', chamberId).where('ra.role', 'in', CAMPAIGN_ROLES).where('u.status', '=', 'active')
      .where('ra.user_id', 'in', ids).execute()
    const found = new Set(rows.map((r) => r.user_id))
    const errors = ids.flatMap((id, i) => found.has(id) ? [] : [{ path: `/promoterIds/${i}`, message: 'not an active promoter or coordinator of this chamber' }])
    if (errors.length) throw badRequest('every campaign member must be a promoter or coordinator of the chamber', errors)
  }

  async close(chamberId: number, campaignId: number, ctx: AuditContext): Promise<Campaign> {
    return this.deps.db.transaction().execute(async (tx) => {
      // Conditional update: of two concurrent closes, one wins and the other gets 409.
      const closed = await tx.updateTable('campaign').set({ status: 'closed' })
        .where('id', '=', campaignId).where('chamber_id', '=', chamberId).where('status', '=', 'active')
        .returning('id').executeTakeFirst()
      if (!closed) {
        await getCampaign(tx, chamberId, campaignId) // 404 when there is no such campaign
        throw conflict('the campaign is already closed')
      }
      const after = await getCampaign(tx, chamberId, campaignId)
      await audit(tx, ctx, { chamberId, action: 'crm.campaign.closed', entity: 'campaign', entityId: campaignId,
        before: { status: 'active' }, after: { status: 'closed', progress: after.progress } })
      return after
    })
  }

  /**
   * A promoter reports on a firm dealt to them; coordinators and leaders (who manage campaigns)
   * on any firm. The outcome also lands on the firm's timeline.
   */
  async setOutcome(actor: Actor, ref: { chamberId: number; campaignId: number; firmId: number }, body: SetOutcomeBody,
    ctx: AuditContext): Promise<CampaignFirm> {
    const { chamberId, campaignId, firmId } = ref
    return this.deps.db.transaction().execute(async (tx) => {
      // FOR SHARE: a close waits for the outcomes being written, and an outcome never lands after a close.
      const campaign = await tx.selectFrom('campaign').select(['id', 'name', 'status'])
        .where('id', '=', campaignId).where('chamber_id', '=', chamberId).forShare().executeTakeFirst()
      if (!campaign) throw notFound('campaign')
      if (campaign.status !== 'active') throw conflict('the campaign is closed')
      const row = await tx.selectFrom('campaign_firm').select(['promoter_id', 'outcome', 'outcome_note'])
        .where('campaign_id', '=', campaignId).where('firm_id', '=', firmId).forUpdate().executeTakeFirst()
      if (!row) throw notFound('firm in this campaign')
      const manages = can(actor.grants, 'crm.campaigns.write', chamberId)
      if (!manages && row.promoter_id !== actor.userId) throw forbidden('this firm is assigned to another promoter')

      await tx.updateTable('campaign_firm').set({
        outcome: body.outcome, outcome_note: body.note ?? null, outcome_at: sql`now()`, outcome_by: actor.userId,
      }).where('campaign_id', '=', campaignId).where('firm_id', '=', firmId).execute()
      await this.deps.crm.recordEvent(tx, ctx, {
        firmId, type: 'campaign_outcome', sourceModule: 'outreach',
        summary: `Campagna «${campaign.name}»: ${OUTCOME_LABELS[body.outcome]}${body.note ? ` - ${body.note}` : ''}`,
        details: { campaignId, outcome: body.outcome, ...(body.note ? { note: body.note } : {}) },
      })
      await audit(tx, ctx, { chamberId, action: 'crm.campaign.outcome', entity: 'campaign', entityId: campaignId,
        before: { firmId, outcome: row.outcome, note: row.outcome_note }, after: { firmId, outcome: body.outcome, note: body.note ?? null } })
      return campaignFirm(tx, campaignId, firmId)
    })
  }
}
