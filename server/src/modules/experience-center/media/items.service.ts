import type { Selectable } from 'kysely'
import type { CreateMediaItemBody, MediaItem, MediaItemList, MediaListQuery, MediaState, UpdateMediaItemBody } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import type { Storage } from '../../../core/storage.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, fieldProblem, notFound } from '../../../core/errors.ts'
import { Service } from '../../../core/service.ts'
import type { CrmService } from '../../crm/index.ts'
import type { EcMediaItemTable } from './tables.ts'
import { foldedWords, matchesWords } from './search.ts'

type ItemRow = Selectable<EcMediaItemTable>
export type MediaDeps = { db: Db; storage: Storage; crm: CrmService }

const day = (d: string | Date | null): string | null => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10))

/**
 * The library's items as staff edit them: always within the chamber of the path (another chamber's
 * item is not found). A firm is named only with its consent (firm id, consent flag and day, the
 * database checks the three go together), and must be a firm of the chamber.
 */
export class MediaItemsService extends Service<MediaDeps> {
  /** The item, locked when `lock` (writes), or a 404 when it is not the chamber's. */
  async row(db: DbOrTx, chamberId: number, itemId: number, lock = false): Promise<ItemRow> {
    let q = db.selectFrom('ec_media_item').selectAll().where('id', '=', itemId).where('chamber_id', '=', chamberId)
    if (lock) q = q.forUpdate()
    const row = await q.executeTakeFirst()
    if (!row) throw notFound('media item')
    return row
  }

  async get(chamberId: number, itemId: number, db: DbOrTx = this.deps.db): Promise<MediaItem> {
    return this.toItem(db, await this.row(db, chamberId, itemId))
  }

  async list(chamberId: number, q: MediaListQuery): Promise<MediaItemList> {
    const page = q.page ?? 1
    const limit = q.limit ?? 20
    let base = this.deps.db.selectFrom('ec_media_item as i').where('i.chamber_id', '=', chamberId)
    if (q.state) base = base.where('i.state', '=', q.state)
    if (q.kind) base = base.where('i.kind', '=', q.kind)
    const words = foldedWords(q.q)
    if (words.length) base = base.where(matchesWords('i.search_folded', words))
    const rows = await base.select(['i.id', 'i.kind', 'i.title', 'i.state', 'i.language', 'i.themes', 'i.views', 'i.updated_at', 'i.published_at',
      (eb) => eb.selectFrom('ec_media_file as f').select((e) => e.fn.countAll<number>().as('n')).whereRef('f.item_id', '=', 'i.id').as('files'),
      (eb) => eb.fn.countAll<number>().over().as('total')])
      .orderBy('i.updated_at', 'desc').orderBy('i.id', 'desc').limit(limit).offset((page - 1) * limit).execute()
    return {
      items: rows.map((r) => ({ id: r.id, kind: r.kind as MediaItem['kind'], title: r.title, state: r.state as MediaState, language: r.language,
        themes: r.themes, files: Number(r.files ?? 0), views: Number(r.views), updatedAt: r.updated_at.toISOString(),
        publishedAt: r.published_at?.toISOString() ?? null })),
      total: Number(rows[0]?.total ?? 0), page, limit,
    }
  }

  async create(chamberId: number, body: CreateMediaItemBody, ctx: AuditContext): Promise<MediaItem> {
    return this.deps.db.transaction().execute(async (tx) => {
      const firm = await this.checkFirm(tx, chamberId, body.firmId ?? null, body.firmConsent ?? false, body.firmConsentDate ?? null)
      const row = await tx.insertInto('ec_media_item').values({
        chamber_id: chamberId, kind: body.kind, title: body.title, summary: body.summary, themes: body.themes, sectors: body.sectors,
        size_classes: body.sizeClasses, language: body.language, links: JSON.stringify(body.links), created_by: ctx.actorId, ...firm,
      }).returningAll().executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId, action: 'experience.media.created', entity: 'ec_media_item', entityId: row.id,
        after: { kind: body.kind, title: body.title, firmId: firm.firm_id } })
      return this.toItem(tx, row)
    })
  }

  async update(chamberId: number, itemId: number, body: UpdateMediaItemBody, ctx: AuditContext): Promise<MediaItem> {
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await this.row(tx, chamberId, itemId, true)
      const firmId = body.firmId !== undefined ? body.firmId : before.firm_id
      const firm = await this.checkFirm(tx, chamberId, firmId, body.firmConsent ?? before.firm_consent,
        body.firmConsentDate !== undefined ? body.firmConsentDate : day(before.firm_consent_on))
      const row = await tx.updateTable('ec_media_item').set({
        ...(body.kind !== undefined ? { kind: body.kind } : {}),
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.summary !== undefined ? { summary: body.summary } : {}),
        ...(body.themes !== undefined ? { themes: body.themes } : {}),
        ...(body.sectors !== undefined ? { sectors: body.sectors } : {}),
        ...(body.sizeClasses !== undefined ? { size_classes: body.sizeClasses } : {}),
        ...(body.language !== undefined ? { language: body.language } : {}),
        ...(body.links !== undefined ? { links: JSON.stringify(body.links) } : {}),
        ...firm, updated_at: new Date(),
      }).where('id', '=', itemId).returningAll().executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId, action: 'experience.media.updated', entity: 'ec_media_item', entityId: itemId,
        before: { title: before.title, firmId: before.firm_id }, after: { ...body } })
      return this.toItem(tx, row)
    })
  }

  /**
   * Publishes, archives or takes back to draft. The first publication of an item that tells about
   * a firm lands on that firm's timeline (a note: the firm appears in the chamber's catalogue).
   */
  async setState(chamberId: number, itemId: number, state: MediaState, ctx: AuditContext): Promise<MediaItem> {
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await this.row(tx, chamberId, itemId, true)
      const firstPublication = state === 'published' && before.published_at === null
      const row = await tx.updateTable('ec_media_item').set({
        state, updated_at: new Date(), ...(firstPublication ? { published_at: new Date() } : {}),
      }).where('id', '=', itemId).returningAll().executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId, action: `experience.media.${state}`, entity: 'ec_media_item', entityId: itemId,
        before: { state: before.state }, after: { state } })
      if (firstPublication && row.firm_id !== null) {
        await this.deps.crm.recordEvent(tx, ctx, { firmId: row.firm_id, type: 'note', sourceModule: 'experience-center',
          summary: `Pubblicato nella mediateca: ${row.title}`, details: { mediaItemId: row.id, kind: row.kind } })
      }
      return this.toItem(tx, row)
    })
  }

  /** The firm columns of a write, or a 400 naming the field: a firm of another chamber, or named without consent. */
  private async checkFirm(db: DbOrTx, chamberId: number, firmId: number | null, consent: boolean, consentDate: string | null) {
    if (firmId === null) return { firm_id: null, firm_consent: false, firm_consent_on: null }
    const profile = await this.deps.crm.firmProfile(db, firmId)
    if (!profile || profile.chamberId !== chamberId) {
      throw badRequest('the firm is not one of the chamber\'s', [fieldProblem('/firmId', 'media_firm_unknown', 'no such firm in this chamber')])
    }
    if (!consent || !consentDate) {
      throw badRequest('a firm is named only with its consent: set firmConsent and firmConsentDate',
        [fieldProblem(consent ? '/firmConsentDate' : '/firmConsent', 'media_firm_consent_required', 'the firm\'s consent and its day are required')])
    }
    return { firm_id: firmId, firm_consent: true, firm_consent_on: consentDate }
  }

  async toItem(db: DbOrTx, r: ItemRow): Promise<MediaItem> {
    const files = await db.selectFrom('ec_media_file').select(['id', 'file_id', 'uploaded_at']).where('item_id', '=', r.id).orderBy('id').execute()
    const infos = await this.deps.storage.infos(db, files.map((f) => f.file_id))
    const [card] = r.firm_id !== null ? await this.deps.crm.firmCards(db, [r.firm_id]) : []
    return {
      id: r.id, chamberId: r.chamber_id, kind: r.kind as MediaItem['kind'], title: r.title, summary: r.summary,
      themes: r.themes as MediaItem['themes'], sectors: r.sectors as MediaItem['sectors'], sizeClasses: r.size_classes as MediaItem['sizeClasses'],
      language: r.language, links: r.links, state: r.state as MediaState,
      firm: card ? { id: card.id, name: card.name } : null, firmConsent: r.firm_consent, firmConsentDate: day(r.firm_consent_on),
      files: files.flatMap((f) => {
        const i = infos.get(f.file_id)
        return i ? [{ id: f.id, fileName: i.fileName, mediaType: i.mediaType, sizeBytes: i.sizeBytes, sha256: i.sha256, uploadedAt: f.uploaded_at.toISOString() }] : []
      }),
      views: Number(r.views), publishedAt: r.published_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
    }
  }
}
