import type { PublicEvent } from '@pid/shared'
import type { Db } from '../../../db/database.ts'
import { notFound } from '../../../core/errors.ts'
import type { CrmService } from '../../crm/index.ts'
import { partnersOf, toPublicEvent } from './event-rows.ts'
import { icalendar } from './ical.ts'

const DAY = 24 * 3600_000

/** What anyone reads: a chamber's published events (coming, and of the last 30 days), one event, their iCalendar. */
export class PublicEventsReader {
  private readonly deps: { db: Db; crm: CrmService; publicUrl: string }
  constructor(deps: { db: Db; crm: CrmService; publicUrl: string }) { this.deps = deps }

  private rows(chamberId: number) {
    return this.deps.db.selectFrom('ec_event').selectAll().where('chamber_id', '=', chamberId)
      .where('status', 'in', ['published', 'cancelled']).where('published_at', 'is not', null)
      .where('ends_at', '>=', new Date(Date.now() - 30 * DAY)).orderBy('starts_at').orderBy('id').limit(200).execute()
  }

  async calendar(chamberId: number): Promise<PublicEvent[]> {
    const rows = await this.rows(chamberId)
    const partners = await partnersOf(this.deps.db, this.deps.crm, rows)
    const now = new Date()
    return rows.map((e) => toPublicEvent(e, partners, now))
  }

  private async published(eventId: number) {
    const e = await this.deps.db.selectFrom('ec_event').selectAll().where('id', '=', eventId).where('published_at', 'is not', null).executeTakeFirst()
    if (!e) throw notFound('event')
    return e
  }

  async event(eventId: number): Promise<PublicEvent> {
    const e = await this.published(eventId)
    return toPublicEvent(e, await partnersOf(this.deps.db, this.deps.crm, [e]), new Date())
  }

  async feed(chamberId: number): Promise<string> {
    return icalendar(await this.rows(chamberId), this.options('Eventi del Punto Impresa Digitale'))
  }

  async eventFile(eventId: number): Promise<string> {
    const e = await this.published(eventId)
    return icalendar([e], this.options(e.title))
  }

  private options(name: string) {
    return { name, publicUrl: this.deps.publicUrl, host: new URL(this.deps.publicUrl).hostname }
  }
}
