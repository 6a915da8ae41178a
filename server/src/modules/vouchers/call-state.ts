import { sql, type Selectable } from 'kysely'
import {
  callPhase, DEFAULT_DE_MINIMIS, emptyStatusCounts, GENERAL_POOL, type AllocationMethod, type CallDocument, type CallStatus, type CallSummary,
  type DeMinimisRule, type Eligibility, type GrantRule, type LocalText, type PublicCall, type QuotaFigures, type RankingCriterion,
  type ReserveQuota, type VoucherCall,
} from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import type { VoucherCallQuotaTable } from './tables.ts'
import { notFound } from '../../core/errors.ts'
import { idCursor, pageById } from '../../core/paging.ts'

/** A call as the module works with it: terms, money counters and quota pools, typed. */
export interface QuotaState extends ReserveQuota { sizeCents: number; usedCents: number; reserveCount: number }

export interface CallState {
  id: number
  chamberId: number
  chamberName: string
  code: string
  title: LocalText
  summary: LocalText
  body: LocalText | null
  opensAt: Date
  closesAt: Date
  budgetYear: number
  budgetCategory: string
  allocation: AllocationMethod
  allowRemainder: boolean
  reserveLimit: number | null
  grantRule: GrantRule
  eligibility: Eligibility
  deMinimis: DeMinimisRule
  rankingCriteria: RankingCriterion[]
  documents: CallDocument[]
  reportingDeadline: string
  reportingAssessment: boolean
  rnaCarCode: string | null
  cup: string | null
  status: CallStatus
  envelopeCents: number
  reservedCents: number
  grantedCents: number
  paidCents: number
  quotaCents: number
  quotaUsedCents: number
  reserveCount: number
  lastProtocol: number
  lastSubmittedAt: Date | null
  publishedAt: Date | null
  exhaustedAt: Date | null
  quotasMergedAt: Date | null
  evaluatedAt: Date | null
  closedOutAt: Date | null
  createdAt: Date
  updatedAt: Date
  quotas: QuotaState[]
  /** The provinces the chamber covers now (eligibility: seat in the chamber). */
  chamberProvinces: string[]
  /** The database's clock when the call was read (under its lock, when locked). */
  readAt: Date
}

/**
 * Loads a call with its quotas. With `lock`, the call's row is locked FOR UPDATE: every change to
 * its money, its protocols or its reserve list happens under this lock, so they serialize per call
 * (across every instance of the app); the CHECK constraints back it up.
 */
export async function loadCall(db: DbOrTx, callId: number, opts: { chamberId?: number; lock?: boolean; published?: boolean } = {}): Promise<CallState> {
  let q = callRows(db).where('v.id', '=', callId)
  if (opts.chamberId !== undefined) q = q.where('v.chamber_id', '=', opts.chamberId)
  if (opts.published) q = q.where('v.status', '<>', 'draft')
  if (opts.lock) q = q.forUpdate('v')
  const r = await q.executeTakeFirst()
  if (!r) throw notFound('call')
  return toState(r)
}

/** A chamber's published calls, newest first, in two queries. */
export async function publishedCalls(db: DbOrTx, chamberId: number, limit: number): Promise<CallState[]> {
  const rows = await callRows(db).where('v.chamber_id', '=', chamberId).where('v.status', '<>', 'draft').orderBy('v.id', 'desc').limit(limit).execute()
  return rows.map(toState)
}

type QuotaRow = Selectable<VoucherCallQuotaTable>
/** One query: the call, its chamber's name and provinces, its quotas, the clock. */
const callRows = (db: DbOrTx) => db.selectFrom('voucher_call as v').innerJoin('chamber as c', 'c.id', 'v.chamber_id').selectAll('v')
  .select(['c.name as chamber_name',
    sql<QuotaRow[]>`(SELECT coalesce(json_agg(q ORDER BY q.position), '[]'::json) FROM voucher_call_quota q WHERE q.call_id = v.id)`.as('quota_rows'),
    sql<string[]>`array(SELECT p.province_code FROM chamber_province p WHERE p.chamber_id = v.chamber_id AND p.valid_to IS NULL)`.as('provinces'),
    sql<Date>`clock_timestamp()`.as('read_at')])
type CallRow = Awaited<ReturnType<ReturnType<typeof callRows>['executeTakeFirstOrThrow']>>

function toState(r: CallRow): CallState {
  const quotas = r.quota_rows
  return {
    id: r.id, chamberId: r.chamber_id, chamberName: r.chamber_name, code: r.code, title: r.title, summary: r.summary, body: r.body as LocalText | null,
    opensAt: r.opens_at, closesAt: r.closes_at, budgetYear: r.budget_year, budgetCategory: r.budget_category, allocation: r.allocation,
    allowRemainder: r.allow_remainder, reserveLimit: r.reserve_limit, grantRule: r.grant_rule as GrantRule, eligibility: r.eligibility as Eligibility,
    deMinimis: r.de_minimis as DeMinimisRule, rankingCriteria: r.ranking_criteria as RankingCriterion[], documents: r.documents as CallDocument[],
    reportingDeadline: r.reporting_deadline, reportingAssessment: r.reporting_assessment, rnaCarCode: r.rna_car_code, cup: r.cup, status: r.status,
    envelopeCents: r.envelope_cents, reservedCents: r.reserved_cents, grantedCents: r.granted_cents, paidCents: r.paid_cents, quotaCents: r.quota_cents, quotaUsedCents: r.quota_used_cents,
    reserveCount: r.reserve_count, lastProtocol: r.last_protocol, lastSubmittedAt: r.last_submitted_at, publishedAt: r.published_at,
    exhaustedAt: r.exhausted_at, quotasMergedAt: r.quotas_merged_at, evaluatedAt: r.evaluated_at, closedOutAt: r.closed_out_at, createdAt: r.created_at, updatedAt: r.updated_at,
    quotas: quotas.map((x) => ({
      code: x.code, label: x.label, sharePm: x.share_pm, sizeClasses: x.size_classes as ReserveQuota['sizeClasses'], atecoPrefixes: x.ateco_prefixes,
      sizeCents: Number(x.size_cents), usedCents: Number(x.used_cents), reserveCount: x.reserve_count,
    })),
    chamberProvinces: r.provinces,
    readAt: r.read_at,
  }
}

/** Free money per pool: the general pool (the envelope outside the quotas) and each quota. */
export function freePools(c: Pick<CallState, 'envelopeCents' | 'reservedCents' | 'grantedCents' | 'quotaCents' | 'quotaUsedCents' | 'quotas'>): Record<string, number> {
  const general = (c.envelopeCents - c.quotaCents) - (c.reservedCents + c.grantedCents - c.quotaUsedCents)
  return { [GENERAL_POOL]: general, ...Object.fromEntries(c.quotas.map((q) => [q.code, q.sizeCents - q.usedCents])) }
}

export const availableCents = (c: Pick<CallState, 'envelopeCents' | 'reservedCents' | 'grantedCents'>) => c.envelopeCents - c.reservedCents - c.grantedCents

/** Applications per status for a call (drafts included), every status present. */
export async function statusCounts(db: DbOrTx, callId: number): Promise<Record<string, number>> {
  const rows = await db.selectFrom('voucher_application').select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('call_id', '=', callId).groupBy('status').execute()
  const out = emptyStatusCounts()
  for (const r of rows) out[r.status] = Number(r.n)
  return out
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function quotaFigures(q: QuotaState): QuotaFigures {
  return { code: q.code, label: q.label, sharePm: q.sharePm, sizeClasses: q.sizeClasses, atecoPrefixes: q.atecoPrefixes,
    sizeCents: q.sizeCents, usedCents: q.usedCents, availableCents: q.sizeCents - q.usedCents, waiting: q.reserveCount }
}

export function toVoucherCall(c: CallState, byStatus: Record<string, number>, now: Date): VoucherCall {
  return {
    id: c.id, chamber: { id: c.chamberId, name: c.chamberName }, code: c.code, title: c.title, summary: c.summary, body: c.body,
    opensAt: c.opensAt.toISOString(), closesAt: c.closesAt.toISOString(), budgetYear: c.budgetYear, envelopeCents: c.envelopeCents,
    allocation: c.allocation, allowRemainder: c.allowRemainder, reserveLimit: c.reserveLimit, grantRule: c.grantRule, eligibility: c.eligibility,
    deMinimis: c.deMinimis ?? DEFAULT_DE_MINIMIS, quotas: c.quotas.map(quotaFigures), rankingCriteria: c.rankingCriteria, documents: c.documents,
    reportingDeadline: c.reportingDeadline, reportingAssessment: c.reportingAssessment, rnaCarCode: c.rnaCarCode, cup: c.cup, status: c.status,
    phase: callPhase(c, now),
    figures: {
      envelopeCents: c.envelopeCents, reservedCents: c.reservedCents, grantedCents: c.grantedCents, paidCents: c.paidCents, availableCents: availableCents(c),
      generalAvailableCents: freePools(c)[GENERAL_POOL]!, reserveCount: c.reserveCount, lastProtocol: c.lastProtocol, byStatus,
    },
    createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(), publishedAt: iso(c.publishedAt), exhaustedAt: iso(c.exhaustedAt),
    evaluatedAt: iso(c.evaluatedAt), closedOutAt: iso(c.closedOutAt),
  }
}

export function toPublicCall(c: CallState, now: Date): PublicCall {
  return {
    id: c.id, chamber: { id: c.chamberId, name: c.chamberName }, code: c.code, title: c.title, summary: c.summary, body: c.body,
    opensAt: c.opensAt.toISOString(), closesAt: c.closesAt.toISOString(), phase: callPhase(c, now), allocation: c.allocation,
    allowRemainder: c.allowRemainder, envelopeCents: c.envelopeCents, availableCents: availableCents(c), exhausted: c.status === 'closed_exhausted',
    reserveCount: c.reserveCount, submitted: c.lastProtocol,
    quotas: c.quotas.map((q) => ({ code: q.code, label: q.label, sizeCents: q.sizeCents, availableCents: q.sizeCents - q.usedCents })),
    grantRule: c.grantRule, eligibility: c.eligibility, deMinimis: c.deMinimis, documents: c.documents, reportingDeadline: c.reportingDeadline,
    reportingAssessment: c.reportingAssessment, rnaCarCode: c.rnaCarCode, cup: c.cup, now: now.toISOString(),
  }
}

/** The summaries of a chamber's calls, newest first, with their submitted applications counted. */
/** The chamber's calls, newest first: a keyset page after `page.cursor` (the last id seen). */
export async function listCalls(db: DbOrTx, chamberId: number, status: CallStatus | undefined, now: Date,
  opts: { draftsToo: boolean; cursor?: string; limit: number }): Promise<{ items: CallSummary[]; nextCursor: string | null }> {
  const after = idCursor(opts.cursor)
  let q = db.selectFrom('voucher_call as v')
    .select(['v.id', 'v.code', 'v.title', 'v.status', 'v.allocation', 'v.opens_at', 'v.closes_at', 'v.envelope_cents', 'v.reserved_cents',
      'v.granted_cents', 'v.last_protocol'])
    .where('v.chamber_id', '=', chamberId)
  if (status) q = q.where('v.status', '=', status)
  if (!opts.draftsToo) q = q.where('v.status', '!=', 'draft')
  if (after !== undefined) q = q.where('v.id', '<', after)
  const rows = await q.orderBy('v.id', 'desc').limit(opts.limit + 1).execute()
  return pageById(rows.map((r) => ({
    id: r.id, code: r.code, title: r.title, status: r.status, phase: callPhase({ status: r.status, opensAt: r.opens_at, closesAt: r.closes_at }, now),
    allocation: r.allocation, opensAt: r.opens_at.toISOString(), closesAt: r.closes_at.toISOString(), envelopeCents: r.envelope_cents,
    availableCents: r.envelope_cents - r.reserved_cents - r.granted_cents, applications: r.last_protocol,
  })), opts.limit)
}

/** The database's clock: every instant the module compares or stores comes from one clock. */
export async function dbNow(db: DbOrTx): Promise<Date> {
  return (await sql<{ now: Date }>`SELECT clock_timestamp() AS now`.execute(db)).rows[0]!.now
}
