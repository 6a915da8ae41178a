import { sql, type Selectable } from 'kysely'
import type { MentorCodeState, MentorConflict, MentorStatusChange, MyMentor } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { notFound } from '../../../core/errors.ts'
import type { CrmService } from '../../crm/index.ts'
import type { MentorTable } from './tables.ts'

export type MentorRow = Selectable<MentorTable>

/** The mentor of the chamber, or a 404 (another chamber's mentor is not found, whoever asks). */
export async function mentorOf(db: DbOrTx, chamberId: number, mentorId: number, lock = false): Promise<MentorRow> {
  let q = db.selectFrom('mentor').selectAll().where('id', '=', mentorId).where('chamber_id', '=', chamberId)
  if (lock) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (!row) throw notFound('mentor')
  return row
}

/** The code of conduct's current version (null before the first is published). */
export async function currentVersion(db: DbOrTx): Promise<number | null> {
  const row = await db.selectFrom('mentoring_code_version').select((e) => e.fn.max('version').as('v')).executeTakeFirst()
  return row?.v == null ? null : Number(row.v)
}

/** Each mentor's latest accepted version and when, against the current one. */
export async function codeStates(db: DbOrTx, mentorIds: readonly number[]): Promise<Map<number, MentorCodeState>> {
  const current = await currentVersion(db)
  const out = new Map<number, MentorCodeState>(mentorIds.map((id) => [id,
    { currentVersion: current, acceptedVersion: null, acceptedAt: null, upToDate: current === null }]))
  if (mentorIds.length === 0) return out
  const rows = await db.selectFrom('mentor_code_acceptance').select(['mentor_id', 'version', 'accepted_at'])
    .distinctOn('mentor_id').where('mentor_id', 'in', [...mentorIds]).orderBy('mentor_id').orderBy('version', 'desc').execute()
  for (const r of rows) {
    out.set(r.mentor_id, { currentVersion: current, acceptedVersion: r.version, acceptedAt: r.accepted_at.toISOString(),
      upToDate: current === null || r.version === current })
  }
  return out
}

/** Accepted matches of each mentor (its current load). */
export async function loads(db: DbOrTx, mentorIds: readonly number[]): Promise<Map<number, number>> {
  if (mentorIds.length === 0) return new Map()
  const rows = await db.selectFrom('mentoring_match').select(['mentor_id', sql<number>`count(*)::int`.as('n')])
    .where('mentor_id', 'in', [...mentorIds]).where('status', '=', 'accepted').groupBy('mentor_id').execute()
  return new Map(rows.map((r) => [r.mentor_id, r.n]))
}

/** A mentor's conflicts of interest (in force first, then removed), with the firms' names from the CRM. */
export async function conflictsOf(db: DbOrTx, crm: CrmService, mentor: Pick<MentorRow, 'id' | 'user_id'>): Promise<MentorConflict[]> {
  const rows = await db.selectFrom('mentor_conflict as c').leftJoin('app_user as u', 'u.id', 'c.declared_by')
    .select(['c.id', 'c.label', sql<string[]>`c.firm_ids::text[]`.as('firm_ids'), 'c.reason', 'c.declared_at', 'c.declared_by', 'c.removed_at', 'u.name as by'])
    .where('c.mentor_id', '=', mentor.id).orderBy(sql`c.removed_at IS NOT NULL`).orderBy('c.declared_at', 'desc').orderBy('c.id', 'desc').execute()
  const ids = [...new Set(rows.flatMap((r) => r.firm_ids.map(Number)))]
  const cards = new Map((await crm.firmCards(db, ids)).map((f) => [f.id, f]))
  return rows.map((r) => ({
    id: r.id, label: r.label, reason: r.reason, declaredAt: r.declared_at.toISOString(),
    declaredByMentor: r.declared_by !== null && r.declared_by === mentor.user_id, declaredBy: r.by ?? null,
    removedAt: r.removed_at?.toISOString() ?? null,
    firms: r.firm_ids.map(Number).map((id) => {
      const f = cards.get(id)
      return { id, name: f?.name ?? `#${id}`, town: f?.town ?? null }
    }),
  }))
}

/** The status changes of a mentor, newest first, from the audit log (registration included). */
export async function historyOf(db: DbOrTx, mentorId: number): Promise<MentorStatusChange[]> {
  const rows = await db.selectFrom('audit_log as a').leftJoin('app_user as u', 'u.id', 'a.actor_id')
    .select(['a.action', 'a.before', 'a.after', 'a.at', 'u.name'])
    .where('a.entity', '=', 'mentor').where('a.entity_id', '=', String(mentorId))
    .where('a.action', 'in', ['mentoring.mentor.created', 'mentoring.mentor.status_changed'])
    .orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(100).execute()
  return rows.map((r) => {
    const before = (r.before ?? {}) as { status?: string }
    const after = (r.after ?? {}) as { status?: string; reason?: string | null }
    return {
      from: r.action === 'mentoring.mentor.created' ? null : (before.status ?? null) as MentorStatusChange['from'],
      to: (after.status ?? 'applied') as MentorStatusChange['to'],
      reason: after.reason ?? null,
      at: r.at.toISOString(),
      by: r.name ?? null,
    }
  })
}

/** The profile, status, code state, conflicts and load of a mentor. */
export async function profileOf(db: DbOrTx, crm: CrmService, r: MentorRow): Promise<MyMentor> {
  const [codes, conflicts, load] = await Promise.all([codeStates(db, [r.id]), conflictsOf(db, crm, r), loads(db, [r.id])])
  return {
    id: r.id, chamberId: r.chamber_id, fullName: r.full_name, email: r.email, phone: r.phone, bio: r.bio,
    expertise: r.expertise, sectors: r.sectors, languages: r.languages, provinces: r.provinces, modes: r.modes,
    maxMentees: r.max_mentees, hoursPerMonth: r.hours_per_month, status: r.status as MyMentor['status'],
    statusReason: r.status_reason, statusChangedAt: r.status_changed_at.toISOString(),
    code: codes.get(r.id)!, conflicts, load: { accepted: load.get(r.id) ?? 0, max: r.max_mentees },
  }
}

type ProfileColumns = Partial<Pick<MentorTable, 'full_name' | 'email' | 'phone' | 'bio' | 'expertise' | 'sectors' | 'languages' | 'provinces' | 'modes' | 'max_mentees' | 'hours_per_month'>>

/** The body's profile fields as columns (only those given; texts trimmed; lists in a stable order). */
export function profileColumns(b: {
  fullName?: string; email?: string; phone?: string; bio?: string; expertise?: string[]; sectors?: string[]; languages?: string[]
  provinces?: string[]; modes?: string[]; maxMentees?: number; hoursPerMonth?: number
}): ProfileColumns {
  const c: Record<string, unknown> = {
    full_name: b.fullName?.trim(), email: b.email?.trim().toLowerCase(), phone: b.phone?.trim(), bio: b.bio?.trim(),
    expertise: b.expertise, sectors: b.sectors ? [...b.sectors].sort() : undefined, languages: b.languages,
    provinces: b.provinces ? [...b.provinces].sort() : undefined, modes: b.modes, max_mentees: b.maxMentees, hours_per_month: b.hoursPerMonth,
  }
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as ProfileColumns
}
