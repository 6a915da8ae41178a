import { sql } from 'kysely'
import type { CatalogueEntry, CataloguePage, CatalogueQuery, MediaKind, PublicMediaItem } from '@pid/shared'
import type { Db } from '../../../db/database.ts'
import type { Storage } from '../../../core/storage.ts'
import { notFound } from '../../../core/errors.ts'
import { Service } from '../../../core/service.ts'
import type { CrmService } from '../../crm/index.ts'
import { foldedWords, matchesWords } from './search.ts'

/** Counting stops here: past it the catalogue says "more than". */
export const COUNT_CAP = 100

const entryColumns = ['i.id', 'i.kind', 'i.title', 'i.summary', 'i.themes', 'i.sectors', 'i.size_classes', 'i.language', 'i.published_at'] as const
type EntryRow = { id: number; kind: string; title: string; summary: string; themes: string[]; sectors: string[]; size_classes: string[]; language: string; published_at: Date | null }
const toEntry = (r: EntryRow): CatalogueEntry => ({
  id: r.id, kind: r.kind as MediaKind, title: r.title, summary: r.summary, themes: r.themes, sectors: r.sectors, sizeClasses: r.size_classes,
  language: r.language, publishedAt: r.published_at?.toISOString() ?? null,
})

/**
 * The public catalogue of a chamber's published items: accent-insensitive search over title and
 * summary (all words), filters by kind, theme, ATECO section, size and language; an item with no
 * sectors (or sizes) suits every sector (size). Newest first.
 */
export class CatalogueService extends Service<{ db: Db; storage: Storage; crm: CrmService }> {
  async search(chamberId: number, q: CatalogueQuery): Promise<CataloguePage> {
    const page = q.page ?? 1
    const limit = q.limit ?? 20
    let base = this.deps.db.selectFrom('ec_media_item as i').where('i.chamber_id', '=', chamberId).where('i.state', '=', 'published')
    const words = foldedWords(q.q)
    if (words.length) base = base.where(matchesWords('i.search_folded', words))
    if (q.kind) base = base.where('i.kind', '=', q.kind)
    if (q.language) base = base.where('i.language', '=', q.language)
    if (q.theme) base = base.where(sql<boolean>`i.themes @> ARRAY[${q.theme}]::text[]`)
    if (q.sector) base = base.where(sql<boolean>`(i.sectors = '{}' OR i.sectors @> ARRAY[${q.sector}]::text[])`)
    if (q.size) base = base.where(sql<boolean>`(i.size_classes = '{}' OR i.size_classes @> ARRAY[${q.size}]::text[])`)
    // The page and the count apart, at once: the page reads only its rows in the index's order (or
    // the few the trigram index finds); the count stops at COUNT_CAP, so a broad query does not
    // count thousands of rows for a figure nobody reads exactly ("more than 100").
    const [chamber, rows, counted] = await Promise.all([
      this.deps.db.selectFrom('chamber').select('name').where('id', '=', chamberId).executeTakeFirst(),
      base.select([...entryColumns]).orderBy('i.published_at', 'desc').orderBy('i.id', 'desc').limit(limit).offset((page - 1) * limit).execute(),
      this.deps.db.selectFrom(base.select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1).as('m'))
        .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ])
    const n = Number(counted.n)
    if (!chamber) throw notFound('chamber')
    return { chamberName: chamber.name, items: rows.map(toEntry), total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP, page, limit }
  }

  /** A published item's page; reading it counts one view (one conditional UPDATE, no row per view). */
  async item(itemId: number): Promise<PublicMediaItem> {
    const row = await this.deps.db.updateTable('ec_media_item as i').set((eb) => ({ views: eb('i.views', '+', 1) }))
      .from('chamber as c').whereRef('c.id', '=', 'i.chamber_id')
      .where('i.id', '=', itemId).where('i.state', '=', 'published')
      .returning([...entryColumns, 'i.chamber_id', 'c.name as chamber_name', 'i.links', 'i.firm_id', 'i.firm_consent', 'i.views'])
      .executeTakeFirst()
    if (!row) throw notFound('media item')
    const files = await this.deps.db.selectFrom('ec_media_file').select(['id', 'file_id']).where('item_id', '=', itemId).orderBy('id').execute()
    const infos = await this.deps.storage.infos(this.deps.db, files.map((f) => f.file_id))
    // The firm is named only with its consent (the database also refuses a firm without it).
    const [card] = row.firm_id !== null && row.firm_consent ? await this.deps.crm.firmCards(this.deps.db, [row.firm_id]) : []
    return {
      ...toEntry(row), chamberId: row.chamber_id, chamberName: row.chamber_name, links: row.links,
      files: files.flatMap((f) => {
        const i = infos.get(f.file_id)
        return i ? [{ id: f.id, fileName: i.fileName, mediaType: i.mediaType, sizeBytes: i.sizeBytes, url: `/api/v1/public/experience/media/${itemId}/files/${f.id}` }] : []
      }),
      firmName: card?.name ?? null, views: Number(row.views),
    }
  }
}
