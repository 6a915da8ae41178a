import { likeLiteral } from '../../../db/like.ts'
import { sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { CreatePartnerBody, Partner, PartnerKind, PartnerListQuery, UpdatePartnerBody } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { conflict, notFound } from '../../../core/errors.ts'
import { agreementInForce } from './agreement-sql.ts'
import { decodeNameCursor, encodeNameCursor } from './paging.ts'
import { Service } from '../../../core/service.ts'

/** Partners with the chambers they have an agreement in force with, in one query (no N+1). */
function partnerQuery(db: DbOrTx) {
  return db.selectFrom('partner as p').select((eb) => [
    'p.id', 'p.name', 'p.kind', 'p.tax_code', 'p.website', 'p.email', 'p.competences', 'p.created_at', 'p.updated_at',
    jsonArrayFrom(eb.selectFrom('partner_agreement as a').innerJoin('chamber as c', 'c.id', 'a.chamber_id')
      .select(['c.id', 'c.short_name as shortName']).distinct()
      .whereRef('a.partner_id', '=', 'p.id').where(agreementInForce('a'))
      .orderBy('c.short_name')).as('chambers'),
  ])
}
type PartnerRow = Awaited<ReturnType<ReturnType<typeof partnerQuery>['executeTakeFirstOrThrow']>>

const toPartner = (r: PartnerRow): Partner => ({
  id: r.id, name: r.name, kind: r.kind as PartnerKind, taxCode: r.tax_code, website: r.website, email: r.email,
  competences: r.competences, chambers: r.chambers, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
})

/** Escapes LIKE wildcards so a search for "50%" means the characters. */
const foldedName = sql<string>`pid_unaccent(lower(p.name))`

export async function getPartner(db: DbOrTx, partnerId: number): Promise<Partner | undefined> {
  const row = await partnerQuery(db).where('p.id', '=', partnerId).executeTakeFirst()
  return row && toPartner(row)
}

/** The network-wide registry of partner organisations. */
export class PartnerRegistry extends Service<{ db: Db }> {
  /** Alphabetical, keyset-paged on (lower(name), id): the unique name index serves the order. */
  async list(query: PartnerListQuery): Promise<{ items: Partner[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50
    const after = decodeNameCursor(query.cursor)
    let q = partnerQuery(this.deps.db).orderBy(sql`lower(p.name)`).orderBy('p.id').limit(limit + 1)
    if (query.kind) q = q.where('p.kind', '=', query.kind)
    if (query.competence) q = q.where(sql<boolean>`p.competences @> array[${query.competence}]::text[]`)
    if (query.q) q = q.where(foldedName, 'like', sql<string>`'%' || pid_unaccent(lower(${likeLiteral(query.q)})) || '%'`)
    if (after) q = q.where(sql<boolean>`(lower(p.name), p.id) > (${after.name}, ${after.id})`)
    const rows = await q.execute()
    const items = rows.slice(0, limit).map(toPartner)
    const last = items[items.length - 1]
    return { items, nextCursor: rows.length > limit && last ? encodeNameCursor(last.name, last.id) : null }
  }

  async get(partnerId: number): Promise<Partner> {
    const partner = await getPartner(this.deps.db, partnerId)
    if (!partner) throw notFound('partner')
    return partner
  }

  async create(body: CreatePartnerBody, ctx: AuditContext): Promise<Partner> {
    return this.deps.db.transaction().execute(async (tx) => {
      await this.refuseDuplicateName(tx, body.name)
      const { id } = await tx.insertInto('partner').values({
        name: body.name, kind: body.kind, tax_code: body.taxCode ?? null, website: body.website ?? null,
        email: body.email ?? null, competences: body.competences ?? [],
      }).returning('id').executeTakeFirstOrThrow()
      const created = (await getPartner(tx, id))!
      await audit(tx, ctx, { chamberId: null, action: 'crm.partner.created', entity: 'partner', entityId: id, after: created })
      return created
    })
  }

  async update(partnerId: number, body: UpdatePartnerBody, ctx: AuditContext): Promise<Partner> {
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await getPartner(tx, partnerId)
      if (!before) throw notFound('partner')
      if (body.name !== undefined && body.name.toLowerCase() !== before.name.toLowerCase()) await this.refuseDuplicateName(tx, body.name)
      await tx.updateTable('partner').set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.kind !== undefined ? { kind: body.kind } : {}),
        ...(body.taxCode !== undefined ? { tax_code: body.taxCode } : {}),
        ...(body.website !== undefined ? { website: body.website } : {}),
        ...(body.email !== undefined ? { email: body.email } : {}),
        ...(body.competences !== undefined ? { competences: body.competences } : {}),
        updated_at: sql`now()`,
      }).where('id', '=', partnerId).execute()
      const after = (await getPartner(tx, partnerId))!
      await audit(tx, ctx, { chamberId: null, action: 'crm.partner.updated', entity: 'partner', entityId: partnerId, before, after })
      return after
    })
  }

  /** A clear 409 first; the unique index on lower(name) still catches two registrations racing. */
  private async refuseDuplicateName(tx: DbOrTx, name: string): Promise<void> {
    const same = await tx.selectFrom('partner').select('id').where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst()
    if (same) throw conflict(`a partner named "${name}" is already registered (id ${same.id})`)
  }
}
