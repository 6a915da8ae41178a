import { sql } from 'kysely'
import type { FirmFilter, Mailing, MailingFigures, MailingRecipient, MailingRecipientQuery, PageQuery } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { notFound } from '../../../core/errors.ts'
import { idCursor, pageById } from '../../../core/paging.ts'
import { filteredFirms } from '../firm-filter.ts'

const count = (cond: string) => sql<string>`count(*) filter (where ${sql.raw(cond)})`

/** A mailing's figures, one aggregate over its recipients (mailing_recipient_queue_idx / the mailing's rows). */
function figuresQuery(db: DbOrTx, mailingIds: number[]) {
  return db.selectFrom('mailing_recipient').select([
    'mailing_id',
    sql<string>`count(*)`.as('recipients'),
    count(`status = 'queued'`).as('queued'),
    count(`sent_at IS NOT NULL`).as('sent'),
    count(`delivered_at IS NOT NULL`).as('delivered'),
    count(`status = 'bounced'`).as('bounced'),
    count(`complained_at IS NOT NULL`).as('complaints'),
    count(`unsubscribed_at IS NOT NULL`).as('unsubscribed'),
    count(`status = 'failed'`).as('failed'),
    count(`status = 'uncertain'`).as('uncertain'),
    count(`status = 'skipped'`).as('skipped'),
    count(`tracked`).as('tracked'),
    count(`tracked AND opened_at IS NOT NULL`).as('opened'),
    count(`tracked AND clicked_at IS NOT NULL`).as('clicked'),
  ]).where('mailing_id', 'in', mailingIds).groupBy('mailing_id')
}

const NO_FIGURES: MailingFigures = {
  recipients: 0, queued: 0, sent: 0, delivered: 0, bounced: 0, complaints: 0, unsubscribed: 0, failed: 0, uncertain: 0, skipped: 0,
  tracked: 0, opened: 0, clicked: 0,
}

async function figuresOf(db: DbOrTx, ids: number[]): Promise<Map<number, MailingFigures>> {
  if (ids.length === 0) return new Map()
  const rows = await figuresQuery(db, ids).execute()
  return new Map(rows.map(({ mailing_id, ...r }) => [mailing_id,
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as MailingFigures]))
}

function mailingsQuery(db: DbOrTx, chamberId: number) {
  return db.selectFrom('mailing as m').innerJoin('segment as s', 's.id', 'm.segment_id').leftJoin('app_user as u', 'u.id', 'm.created_by')
    .select(['m.id', 'm.segment_id', 's.name as segment_name', 'm.purpose', 'm.subject', 'm.body', 'm.status', 'm.send_at', 'm.started_at',
      'm.finished_at', 'm.created_by', 'u.name as author', 'm.created_at', 'm.updated_at'])
    .where('m.chamber_id', '=', chamberId)
}
type MailingRow = Awaited<ReturnType<ReturnType<typeof mailingsQuery>['execute']>>[number]
const iso = (d: Date | null) => d ? d.toISOString() : null

const toMailing = (r: MailingRow, figures: MailingFigures | undefined): Mailing => ({
  id: r.id, segment: { id: r.segment_id, name: r.segment_name }, purpose: r.purpose as Mailing['purpose'], subject: r.subject, body: r.body,
  status: r.status as Mailing['status'], sendAt: iso(r.send_at), startedAt: iso(r.started_at), finishedAt: iso(r.finished_at),
  createdBy: r.created_by !== null ? { id: r.created_by, name: r.author ?? '' } : null,
  createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), figures: figures ?? NO_FIGURES,
})

export async function getMailing(db: DbOrTx, chamberId: number, mailingId: number): Promise<Mailing> {
  const row = await mailingsQuery(db, chamberId).where('m.id', '=', mailingId).executeTakeFirst()
  if (!row) throw notFound('mailing')
  return toMailing(row, (await figuresOf(db, [row.id])).get(row.id))
}

/** The chamber's mailings, newest first (mailing_chamber_idx), each with its figures in one more query. */
export async function mailingPage(db: DbOrTx, chamberId: number, page: PageQuery) {
  const limit = page.limit ?? 50
  const after = idCursor(page.cursor)
  let q = mailingsQuery(db, chamberId).orderBy('m.id', 'desc').limit(limit + 1)
  if (after !== undefined) q = q.where('m.id', '<', after)
  const rows = await q.execute()
  const figures = await figuresOf(db, rows.map((r) => r.id))
  return pageById(rows.map((r) => toMailing(r, figures.get(r.id))), limit)
}

/** A page of the mailing's recipients by id (the order they were queued in). */
export async function recipientPage(db: DbOrTx, mailingId: number, query: MailingRecipientQuery) {
  const limit = query.limit ?? 50
  const after = idCursor(query.cursor)
  let q = db.selectFrom('mailing_recipient as r').innerJoin('contact as c', 'c.id', 'r.contact_id').innerJoin('firm as f', 'f.id', 'r.firm_id')
    .select(['r.id', 'r.contact_id', 'r.firm_id', 'f.name as firm_name', 'c.first_name', 'c.last_name', 'r.email', 'r.status', 'r.tracked',
      'r.error', 'r.sent_at', 'r.delivered_at', 'r.bounced_at', 'r.complained_at', 'r.unsubscribed_at', 'r.opened_at', 'r.clicked_at'])
    .where('r.mailing_id', '=', mailingId).orderBy('r.id').limit(limit + 1)
  if (after !== undefined) q = q.where('r.id', '>', after)
  if (query.status) q = q.where('r.status', '=', query.status)
  const rows = await q.execute()
  const items = rows.slice(0, limit).map((r): MailingRecipient => ({
    id: r.id, contactId: r.contact_id, firm: { id: r.firm_id, name: r.firm_name },
    name: [r.first_name, r.last_name].filter(Boolean).join(' '), email: r.email, status: r.status as MailingRecipient['status'],
    tracked: r.tracked, error: r.error, sentAt: iso(r.sent_at), deliveredAt: iso(r.delivered_at), bouncedAt: iso(r.bounced_at),
    complainedAt: iso(r.complained_at), unsubscribedAt: iso(r.unsubscribed_at),
    openedAt: r.tracked ? iso(r.opened_at) : null, clickedAt: r.tracked ? iso(r.clicked_at) : null,
  }))
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null }
}

const activeConsent = (purpose: string) => sql<boolean>`EXISTS (SELECT 1 FROM consent k WHERE k.contact_id = c.id
  AND k.purpose = ${purpose} AND k.withdrawn_at IS NULL)`

/**
 * Who receives the mailing now: the people with an address of the segment's firms whose consent
 * for the purpose is active and whose address is not suppressed, one per address (the lowest
 * contact id), with the fields of the template and whether they consented to profiling.
 */
export function audienceQuery(db: DbOrTx, chamberId: number, filter: FirmFilter, purpose: string) {
  const firms = filteredFirms(db, { chamberId, partnerId: null, personalData: true }, filter).select('f.id')
  return db.selectFrom('contact as c').innerJoin('firm as f', 'f.id', 'c.firm_id').innerJoin('chamber as ch', 'ch.id', 'f.chamber_id')
    .leftJoin('municipality as mu', 'mu.istat_code', 'f.municipality_code')
    .distinctOn(sql`lower(c.email)`)
    .select(['c.id as contact_id', 'c.firm_id', 'c.email', 'c.first_name', 'c.last_name', 'c.job_title', 'f.name as firm_name',
      'mu.name as town', 'f.province_code', 'ch.name as chamber_name', activeConsent('profiling').as('tracked')])
    .where('c.firm_id', 'in', firms).where('c.erased_at', 'is', null).where('c.email', 'is not', null)
    .where(activeConsent(purpose))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('mailing_suppression as x').select('x.email').whereRef('x.email', '=', sql`lower(c.email)`))))
    .orderBy(sql`lower(c.email)`).orderBy('c.id')
}

export async function segmentFilter(db: DbOrTx, chamberId: number, segmentId: number): Promise<FirmFilter | null> {
  const row = await db.selectFrom('segment').select('filter').where('id', '=', segmentId).where('chamber_id', '=', chamberId).executeTakeFirst()
  return row ? row.filter as FirmFilter : null
}
