import { sql } from 'kysely'
import {
  can, MENTOR_STATUSES_NEEDING_REASON, MENTOR_TRANSITIONS, type ConflictBody, type CreateMentorBody, type Grant, type Mentor, type MentorList,
  type MentorListQuery, type MentorStatusBody, type MyMentor, type UpdateMentorBody, type UpdateMyMentorBody,
} from '@pid/shared'
import type { Db, DbOrTx, Tx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, fieldProblem, HttpError, notFound } from '../../../core/errors.ts'
import { Service } from '../../../core/service.ts'
import type { CrmService } from '../../crm/index.ts'
import { findRoleHolder } from '../../users/index.ts'
import { codeStates, historyOf, loads, mentorOf, profileColumns, profileOf, type MentorRow } from './mentor-rows.ts'

const isEmailTaken = (e: unknown) => (e as { code?: string; constraint?: string }).code === '23505'
  && (e as { constraint?: string }).constraint === 'mentor_email_key'
const emailTaken = () => conflict('a mentor with this e-mail address already exists', 'mentor_email_taken', undefined,
  [fieldProblem('/email', 'mentor_email_taken', 'e-mail taken')])

/** Who declares a conflict: staff (the firms of any chamber they manage mentors in) or the mentor (its chamber's firms). */
export type Declarer = { kind: 'staff'; grants: Grant[] } | { kind: 'mentor' }

/**
 * Mentors' records: registration of an application, its profile, selection along the status path
 * (each move audited with its reason), the account the mentor signs in with, conflicts of interest.
 */
export class MentorsService extends Service<{ db: Db; crm: CrmService }> {
  async list(chamberId: number, q: MentorListQuery): Promise<MentorList> {
    const db = this.deps.db
    const limit = q.limit ?? 50
    const offset = q.cursor && /^\d{1,9}$/.test(q.cursor) ? Number(q.cursor) : 0
    let query = db.selectFrom('mentor as m').selectAll('m')
      .select(sql<number>`(SELECT count(*)::int FROM mentor_conflict c WHERE c.mentor_id = m.id AND c.removed_at IS NULL)`.as('conflicts'))
      .where('m.chamber_id', '=', chamberId)
    if (q.status) query = query.where('m.status', '=', q.status)
    if (q.area) query = query.where(sql<boolean>`m.expertise @> ARRAY[${q.area}]::text[]`)
    const words = q.q?.trim()
    if (words) query = query.where(sql<boolean>`m.full_name ILIKE ${`%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`)
    const rows = await query.orderBy('m.full_name').orderBy('m.id').limit(limit + 1).offset(offset).execute()
    const page = rows.slice(0, limit)
    const ids = page.map((r) => r.id)
    const [codes, load] = await Promise.all([codeStates(db, ids), loads(db, ids)])
    return {
      items: page.map((r) => ({
        id: r.id, chamberId: r.chamber_id, fullName: r.full_name, email: r.email, status: r.status as Mentor['status'],
        expertise: r.expertise, modes: r.modes, provinces: r.provinces, load: { accepted: load.get(r.id) ?? 0, max: r.max_mentees },
        codeAccepted: codes.get(r.id)!.upToDate, conflicts: r.conflicts, linked: r.user_id !== null,
      })),
      nextCursor: rows.length > limit ? String(offset + limit) : null,
    }
  }

  async get(chamberId: number, mentorId: number, db: DbOrTx = this.deps.db): Promise<Mentor> {
    return this.toMentor(db, await mentorOf(db, chamberId, mentorId))
  }

  private async toMentor(db: DbOrTx, r: MentorRow): Promise<Mentor> {
    const [profile, history, people] = await Promise.all([
      profileOf(db, this.deps.crm, r), historyOf(db, r.id),
      db.selectFrom('app_user').select(['id', 'name', 'email']).where('id', 'in', [r.user_id ?? 0, r.status_changed_by ?? 0]).execute(),
    ])
    const user = people.find((p) => p.id === r.user_id)
    return {
      ...profile,
      statusChangedBy: people.find((p) => p.id === r.status_changed_by)?.name ?? null,
      account: user ? { userId: user.id, email: user.email, name: user.name } : null,
      history, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
    }
  }

  async create(chamberId: number, body: CreateMentorBody, ctx: AuditContext): Promise<Mentor> {
    try {
      return await this.deps.db.transaction().execute(async (tx) => {
        const row = await tx.insertInto('mentor').values({
          chamber_id: chamberId, status: 'applied', status_changed_by: ctx.actorId, created_by: ctx.actorId,
          phone: '', bio: '', sectors: [], provinces: [], ...profileColumns(body),
        } as never).returningAll().executeTakeFirstOrThrow()
        await audit(tx, ctx, { chamberId, action: 'mentoring.mentor.created', entity: 'mentor', entityId: row.id, after: { ...body, status: 'applied' } })
        return this.toMentor(tx, row)
      })
    } catch (e) {
      if (isEmailTaken(e)) throw emailTaken()
      throw e
    }
  }

  async update(chamberId: number, mentorId: number, body: UpdateMentorBody, ctx: AuditContext): Promise<Mentor> {
    try {
      return await this.deps.db.transaction().execute(async (tx) => {
        const before = await mentorOf(tx, chamberId, mentorId, true)
        const row = await this.applyProfile(tx, before, body, ctx)
        return this.toMentor(tx, row)
      })
    } catch (e) {
      if (isEmailTaken(e)) throw emailTaken()
      throw e
    }
  }

  private async applyProfile(tx: Tx, before: MentorRow, body: UpdateMentorBody, ctx: AuditContext): Promise<MentorRow> {
    const row = await tx.updateTable('mentor').set({ ...profileColumns(body), updated_at: sql`now()` } as never)
      .where('id', '=', before.id).returningAll().executeTakeFirstOrThrow()
    const changed = Object.keys(body) as (keyof UpdateMentorBody)[]
    await audit(tx, ctx, { chamberId: before.chamber_id, action: 'mentoring.mentor.updated', entity: 'mentor', entityId: before.id,
      before: Object.fromEntries(changed.map((k) => [k, before[columnOf(k)]])), after: body })
    return row
  }

  /** Moves the mentor along its path; a move the path does not allow is a 409 (a conditional update, so two at once cannot both pass). */
  async setStatus(chamberId: number, mentorId: number, body: MentorStatusBody, ctx: AuditContext): Promise<Mentor> {
    const reason = body.reason?.trim() || null
    if (!reason && (MENTOR_STATUSES_NEEDING_REASON as readonly string[]).includes(body.status)) {
      throw badRequest('a reason is required', [fieldProblem('/reason', 'mentor_reason_required', 'give a reason')], 'mentor_reason_required')
    }
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await mentorOf(tx, chamberId, mentorId, true)
      const from = before.status as Mentor['status']
      if (!MENTOR_TRANSITIONS[from].includes(body.status)) {
        throw conflict(`a mentor cannot move from ${from} to ${body.status}`, 'mentor_status_transition', { from, to: body.status })
      }
      const row = await tx.updateTable('mentor')
        .set({ status: body.status, status_reason: reason, status_changed_at: sql`now()`, status_changed_by: ctx.actorId, updated_at: sql`now()` })
        .where('id', '=', mentorId).where('status', '=', from).returningAll().executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId, action: 'mentoring.mentor.status_changed', entity: 'mentor', entityId: mentorId,
        before: { status: from }, after: { status: body.status, reason } })
      return this.toMentor(tx, row)
    })
  }

  /** Links the record to the account of a user holding the mentor role in the mentor's chamber (and no other mentor record). */
  async linkAccount(chamberId: number, mentorId: number, email: string, ctx: AuditContext): Promise<Mentor> {
    const invalid = (why: string) => new HttpError(409, 'mentor_account_invalid', why, [fieldProblem('/email', 'mentor_account_invalid', why)])
    // One account, one mentor (a unique column): two links of one account made at once leave one.
    return this.linkIn(chamberId, mentorId, email, ctx, invalid).catch((e: { code?: string; constraint?: string }) => {
      if (e.code === '23505' && e.constraint === 'mentor_user_id_key') throw invalid('that account is already linked to another mentor')
      throw e
    })
  }

  private async linkIn(chamberId: number, mentorId: number, email: string, ctx: AuditContext, invalid: (why: string) => HttpError): Promise<Mentor> {
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await mentorOf(tx, chamberId, mentorId, true)
      const { user, holdsRole } = await findRoleHolder(tx, { email }, 'mentor', chamberId)
      if (!user || !holdsRole || user.status === 'disabled') throw invalid('no active user holds the mentor role in this chamber with that e-mail')
      const other = await tx.selectFrom('mentor').select('id').where('user_id', '=', user.id).where('id', '<>', mentorId).executeTakeFirst()
      if (other) throw invalid('that account is already linked to another mentor')
      const row = await tx.updateTable('mentor').set({ user_id: user.id, updated_at: sql`now()` }).where('id', '=', mentorId).returningAll().executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId, action: 'mentoring.mentor.account_linked', entity: 'mentor', entityId: mentorId,
        before: { userId: before.user_id }, after: { userId: user.id, email: user.email } })
      return this.toMentor(tx, row)
    })
  }

  /** Declares a conflict of interest naming firms the declarer reaches (staff: chambers they manage mentors in; a mentor: its chamber). */
  async declareConflict(chamberId: number, mentorId: number, body: ConflictBody, who: Declarer, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const mentor = await mentorOf(tx, chamberId, mentorId, true)
      const cards = await this.deps.crm.firmCards(tx, body.firmIds)
      const reachable = (firmChamber: number) => firmChamber === mentor.chamber_id
        || (who.kind === 'staff' && can(who.grants, 'mentoring.mentors.manage', firmChamber))
      const found = new Set(cards.filter((c) => reachable(c.chamberId)).map((c) => c.id))
      const missing = body.firmIds.filter((id) => !found.has(id))
      if (missing.length) {
        throw badRequest('unknown firms', [fieldProblem('/firmIds', 'mentor_conflict_firms_invalid', 'some firms are not found', { firmIds: missing.map(String) })],
          'mentor_conflict_firms_invalid')
      }
      const row = await tx.insertInto('mentor_conflict').values({
        mentor_id: mentorId, label: body.label.trim(), firm_ids: body.firmIds, reason: body.reason?.trim() ?? '', declared_by: ctx.actorId,
      }).returning('id').executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId, action: 'mentoring.conflict.declared', entity: 'mentor_conflict', entityId: row.id,
        after: { mentorId, ...body, by: who.kind } })
    })
  }

  async removeConflict(chamberId: number, mentorId: number, conflictId: number, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      await mentorOf(tx, chamberId, mentorId)
      const row = await tx.updateTable('mentor_conflict').set({ removed_at: sql`now()` })
        .where('id', '=', conflictId).where('mentor_id', '=', mentorId).where('removed_at', 'is', null).returning('id').executeTakeFirst()
      if (!row) throw notFound('conflict')
      await audit(tx, ctx, { chamberId, action: 'mentoring.conflict.removed', entity: 'mentor_conflict', entityId: conflictId, after: { mentorId } })
    })
  }

  /** The mentor area: its own record. */
  async mine(mentorId: number, db: DbOrTx = this.deps.db): Promise<MyMentor> {
    const row = await db.selectFrom('mentor').selectAll().where('id', '=', mentorId).executeTakeFirstOrThrow()
    return profileOf(db, this.deps.crm, row)
  }

  async updateMine(mentorId: number, body: UpdateMyMentorBody, ctx: AuditContext): Promise<MyMentor> {
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('mentor').selectAll().where('id', '=', mentorId).forUpdate().executeTakeFirstOrThrow()
      await this.applyProfile(tx, before, body, ctx)
      return this.mine(mentorId, tx)
    })
  }

  /** Firms of the mentor's chamber by name (for naming a conflict of interest), through the CRM's view of the chamber. */
  async searchFirms(mentorId: number, q: string): Promise<{ id: number; name: string; town: string | null }[]> {
    const db = this.deps.db
    const mentor = await db.selectFrom('mentor').select('chamber_id').where('id', '=', mentorId).executeTakeFirstOrThrow()
    const pattern = `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const ids = await this.deps.crm.visibleFirmIds(db, { chamberId: mentor.chamber_id, partnerId: null, personalData: false })
      .where(sql<boolean>`f.name ILIKE ${pattern}`).orderBy(sql`f.name`).limit(20).execute()
    const cards = await this.deps.crm.firmCards(db, ids.map((r) => r.id))
    return cards.map((c) => ({ id: c.id, name: c.name, town: c.town }))
  }
}

const COLUMNS = {
  fullName: 'full_name', email: 'email', phone: 'phone', bio: 'bio', expertise: 'expertise', sectors: 'sectors', languages: 'languages',
  provinces: 'provinces', modes: 'modes', maxMentees: 'max_mentees', hoursPerMonth: 'hours_per_month',
} as const
const columnOf = (k: keyof UpdateMentorBody) => COLUMNS[k]

