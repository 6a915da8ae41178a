import { sql } from 'kysely'
import {
  CAMPAIGN_OUTCOMES, type Campaign, type CampaignFirm, type CampaignFirmQuery, type CampaignOutcome, type CampaignProgress,
  type OutcomeCounts, type PageQuery,
} from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { notFound } from '../../../core/errors.ts'
import { decodeCursor, decodeIdCursor, pageOf } from '../timeline/cursor.ts'
import { toSegmentFirm } from './segments.service.ts'
import type { FirmAccess } from '../access.ts'

const zeroCounts = (): OutcomeCounts => Object.fromEntries(CAMPAIGN_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts

/** Progress of several campaigns in one GROUP BY: total, per outcome, per promoter. */
async function progressOf(db: DbOrTx, campaignIds: number[]): Promise<Map<number, CampaignProgress>> {
  const result = new Map<number, CampaignProgress>(campaignIds.map((id) => [id, { total: 0, byOutcome: zeroCounts(), perPromoter: [] }]))
  if (!campaignIds.length) return result
  const rows = await db.selectFrom('campaign_firm as cf')
    .leftJoin('app_user as u', 'u.id', 'cf.promoter_id')
    .select(['cf.campaign_id', 'cf.promoter_id', 'u.name', 'cf.outcome', (eb) => eb.fn.countAll<string>().as('n')])
    .where('cf.campaign_id', 'in', campaignIds)
    .groupBy(['cf.campaign_id', 'cf.promoter_id', 'u.name', 'cf.outcome'])
    .orderBy('u.name').orderBy('cf.promoter_id')
    .execute()
  for (const r of rows) {
    const progress = result.get(r.campaign_id)!
    const n = Number(r.n)
    const outcome = r.outcome as CampaignOutcome
    let promoter = progress.perPromoter.find((p) => (p.promoter?.id ?? null) === r.promoter_id)
    if (!promoter) {
      promoter = { promoter: r.promoter_id !== null ? { id: r.promoter_id, name: r.name ?? '' } : null, total: 0, byOutcome: zeroCounts() }
      progress.perPromoter.push(promoter)
    }
    progress.total += n
    progress.byOutcome[outcome] += n
    promoter.total += n
    promoter.byOutcome[outcome] += n
  }
  return result
}

function campaignsQuery(db: DbOrTx, chamberId: number) {
  return db.selectFrom('campaign as c')
    .leftJoin('segment as s', 's.id', 'c.segment_id')
    .leftJoin('app_user as u', 'u.id', 'c.created_by')
    .select(['c.id', 'c.name', 'c.goal', 'c.segment_id', 's.name as segment_name', 'c.status', 'c.starts_on', 'c.ends_on',
      'c.created_by', 'u.name as author', 'c.created_at'])
    .where('c.chamber_id', '=', chamberId)
}
type CampaignRow = Awaited<ReturnType<ReturnType<typeof campaignsQuery>['execute']>>[number]

const toCampaign = (r: CampaignRow, progress: CampaignProgress): Campaign => ({
  id: r.id, name: r.name, goal: r.goal,
  segment: r.segment_id !== null ? { id: r.segment_id, name: r.segment_name ?? '' } : null,
  status: r.status as 'active' | 'closed', startsOn: r.starts_on, endsOn: r.ends_on,
  createdBy: r.created_by !== null ? { id: r.created_by, name: r.author ?? '' } : null,
  createdAt: r.created_at.toISOString(), progress,
})

/** The chamber's campaigns, newest first, each with its progress: two queries per page. */
export async function campaignPage(db: DbOrTx, chamberId: number, page: PageQuery) {
  const limit = page.limit ?? 50
  const before = decodeIdCursor(page.cursor)
  let q = campaignsQuery(db, chamberId).orderBy('c.id', 'desc').limit(limit + 1)
  if (before !== undefined) q = q.where('c.id', '<', before)
  const rows = await q.execute()
  const progress = await progressOf(db, rows.slice(0, limit).map((r) => r.id))
  const shown = rows.slice(0, limit)
  return {
    items: shown.map((r) => toCampaign(r, progress.get(r.id)!)),
    nextCursor: rows.length > limit ? String(shown[shown.length - 1]!.id) : null,
  }
}

export async function getCampaign(db: DbOrTx, chamberId: number, campaignId: number): Promise<Campaign> {
  const row = await campaignsQuery(db, chamberId).where('c.id', '=', campaignId).executeTakeFirst()
  if (!row) throw notFound('campaign')
  return toCampaign(row, (await progressOf(db, [row.id])).get(row.id)!)
}

function campaignFirmsQuery(db: DbOrTx, campaignId: number) {
  return db.selectFrom('campaign_firm as cf')
    .innerJoin('firm as f', 'f.id', 'cf.firm_id')
    .leftJoin('app_user as u', 'u.id', 'cf.promoter_id')
    .select(['f.id', 'f.name', 'f.tax_code', 'f.stage', 'f.size_class', 'f.ateco_code', 'f.province_code', 'f.last_touch_at',
      'cf.promoter_id', 'u.name as promoter_name', 'cf.outcome', 'cf.outcome_note', 'cf.outcome_at'])
    .where('cf.campaign_id', '=', campaignId)
}
type CampaignFirmRow = Awaited<ReturnType<ReturnType<typeof campaignFirmsQuery>['execute']>>[number]

const toCampaignFirm = (r: CampaignFirmRow, access: Pick<FirmAccess, 'personalData'>): CampaignFirm => ({
  firm: toSegmentFirm(r, access),
  promoter: r.promoter_id !== null ? { id: r.promoter_id, name: r.promoter_name ?? '' } : null,
  outcome: r.outcome as CampaignOutcome, outcomeNote: r.outcome_note,
  outcomeAt: r.outcome_at ? r.outcome_at.toISOString() : null,
})

/** A campaign's firms by name, keyset on (name, id); a promoter's worklist with promoterId (and outcome=pending). */
export async function campaignFirmPage(db: DbOrTx, access: FirmAccess, campaignId: number, query: CampaignFirmQuery) {
  const chamberId = access.chamberId
  await assertCampaign(db, chamberId, campaignId)
  const limit = query.limit ?? 50
  const after = decodeCursor(query.cursor)
  let q = campaignFirmsQuery(db, campaignId).orderBy('f.name').orderBy('f.id').limit(limit + 1)
  if (query.promoterId !== undefined) q = q.where('cf.promoter_id', '=', query.promoterId)
  if (query.outcome !== undefined) q = q.where('cf.outcome', '=', query.outcome)
  if (after) q = q.where(sql<boolean>`(f.name, f.id) > (${after[0]}, ${after[1]}::bigint)`)
  return pageOf(await q.execute(), limit, (r) => toCampaignFirm(r, access), (r) => [r.name, r.id])
}

/** One firm of a campaign, for the promoter who just recorded its outcome (chamber staff). */
export async function campaignFirm(db: DbOrTx, campaignId: number, firmId: number): Promise<CampaignFirm> {
  return toCampaignFirm(await campaignFirmsQuery(db, campaignId).where('cf.firm_id', '=', firmId).executeTakeFirstOrThrow(), { personalData: true })
}

async function assertCampaign(db: DbOrTx, chamberId: number, campaignId: number): Promise<void> {
  const row = await db.selectFrom('campaign').select('id').where('id', '=', campaignId).where('chamber_id', '=', chamberId).executeTakeFirst()
  if (!row) throw notFound('campaign')
}
