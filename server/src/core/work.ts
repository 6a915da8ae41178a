import { can, WORK_KINDS, type Action, type WorkItem, type WorkKind } from '@pid/shared'
import type { Db } from '../db/database.ts'
import type { Actor } from './auth/guard.ts'

/**
 * One kind of work a chamber's staff find waiting on their home page. Each module registers the
 * kinds it owns (it alone reads its tables); the home asks only those its user's roles may do.
 */
export interface WorkSource {
  kind: WorkKind
  /** The action a role needs in the chamber to do this work. */
  action: Action
  /** The SPA page that lists it. */
  route: string
  query?: Record<string, string>
  count(db: Db, chamberId: number, actor: Actor): Promise<number>
}

export class WorkSources {
  private readonly sources: WorkSource[] = []

  register(source: WorkSource): void {
    this.sources.push(source)
  }

  /** What waits for the actor in the chamber: every kind its roles allow there, in the order of WORK_KINDS. */
  async forActor(db: Db, actor: Actor, chamberId: number): Promise<WorkItem[]> {
    const mine = this.sources.filter((s) => can(actor.grants, s.action, chamberId))
      .sort((a, b) => WORK_KINDS.indexOf(a.kind) - WORK_KINDS.indexOf(b.kind))
    const counts = await Promise.all(mine.map((s) => s.count(db, chamberId, actor)))
    return mine.map((s, i) => ({ kind: s.kind, count: counts[i]!, route: s.route, query: s.query ?? {} }))
  }
}
