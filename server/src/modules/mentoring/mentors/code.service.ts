import type { CodeOfConduct, CodeVersion } from '@pid/shared'
import type { Db } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, fieldProblem } from '../../../core/errors.ts'
import { Service } from '../../../core/service.ts'

/**
 * The code of conduct as versioned text: the national structure publishes a new version (the
 * previous one + 1); a mentor accepts the version it read, which must be the current one, and is
 * asked again when a newer one appears (gates.ts blocks its matches until then).
 */
export class CodeService extends Service<{ db: Db }> {
  async get(): Promise<CodeOfConduct> {
    const rows = await this.deps.db.selectFrom('mentoring_code_version as v').leftJoin('app_user as u', 'u.id', 'v.published_by')
      .select(['v.version', 'v.published_at', 'u.name']).orderBy('v.version', 'desc').execute()
    const history = rows.map((r) => ({ version: r.version, publishedAt: r.published_at.toISOString(), publishedBy: r.name ?? null }))
    if (history.length === 0) return { current: null, history }
    const text = await this.deps.db.selectFrom('mentoring_code_version').select('text').where('version', '=', history[0]!.version).executeTakeFirstOrThrow()
    return { current: { ...history[0]!, text: text.text }, history }
  }

  /** Publishes the next version; two at once cannot take the same number (its primary key: the loser's insert fails and is retried once). */
  async publish(text: string, ctx: AuditContext): Promise<CodeVersion> {
    const body = text.trim()
    if (!body) throw badRequest('the text is empty', [fieldProblem('/text', 'required', 'the text is empty')])
    const insert = () => this.deps.db.transaction().execute(async (tx) => {
      const max = await tx.selectFrom('mentoring_code_version').select((e) => e.fn.max('version').as('v')).executeTakeFirst()
      const version = Number(max?.v ?? 0) + 1
      const row = await tx.insertInto('mentoring_code_version').values({ version, text: body, published_by: ctx.actorId })
        .returningAll().executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId: null, action: 'mentoring.code.published', entity: 'mentoring_code', entityId: version, after: { version } })
      return row
    })
    const row = await insert().catch((e: { code?: string }) => { if (e.code === '23505') return insert(); throw e })
    return this.get().then((c) => c.history.find((h) => h.version === row.version)!).then((h) => ({ ...h, text: row.text }))
  }

  /** The mentor accepts the version it read: only the current one (409 otherwise); accepting it twice changes nothing. */
  async accept(mentorId: number, chamberId: number, version: number, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('mentoring_code_version').select((e) => e.fn.max('version').as('v')).executeTakeFirst()
      const now = current?.v == null ? null : Number(current.v)
      if (now !== version) {
        throw conflict('only the current version of the code of conduct can be accepted', 'mentor_code_not_current', { currentVersion: now ?? 0, version })
      }
      const row = await tx.insertInto('mentor_code_acceptance').values({ mentor_id: mentorId, version })
        .onConflict((oc) => oc.doNothing()).returning('version').executeTakeFirst()
      if (row) {
        await audit(tx, ctx, { chamberId, action: 'mentoring.code.accepted', entity: 'mentor', entityId: mentorId, after: { version } })
      }
    })
  }
}
