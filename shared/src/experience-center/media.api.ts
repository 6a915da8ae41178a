import { Type, type Static } from 'typebox'
import { FileFacts, Id, Nullable, PatchBody, Text, Timestamp, UploadFileName } from '../common.ts'
import { SIZE_CLASSES } from '../crm/domain.ts'
import { ExperienceThemeSchema } from './themes.ts'

/**
 * The media library (the virtual experience centre): videos, case studies, best practices, guides,
 * webinar recordings and documents a chamber publishes in its public catalogue. Items are the
 * chamber's own; files are stored through the storage interface and served with range requests.
 */
export const MEDIA_KINDS = ['video', 'case_study', 'best_practice', 'guide', 'webinar_recording', 'document'] as const
export type MediaKind = (typeof MEDIA_KINDS)[number]
export const MEDIA_STATES = ['draft', 'published', 'archived'] as const
export type MediaState = (typeof MEDIA_STATES)[number]
/** ATECO 2007 sections, A (agriculture) to U (extraterritorial bodies). */
export const ATECO_SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U'] as const
/** The file types the library accepts, each checked against the bytes' signature on upload. */
export const MEDIA_FILE_TYPES = [
  'video/mp4', 'video/webm', 'application/pdf', 'image/png', 'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
] as const
export type MediaFileType = (typeof MEDIA_FILE_TYPES)[number]
export const MEDIA_MAX_FILES_PER_ITEM = 10

const Language = Type.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1 code: it, en, de...' })
const WebUrl = Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2000 })
export const MediaLink = Type.Object({ url: WebUrl, label: Text(200) }, { additionalProperties: false })
export type MediaLink = Static<typeof MediaLink>
const IsoDay = Type.String({ format: 'date' })

const itemFields = {
  kind: Type.Enum(MEDIA_KINDS),
  title: Text(200),
  summary: Type.String({ maxLength: 4000 }),
  themes: Type.Array(ExperienceThemeSchema, { maxItems: 18, uniqueItems: true }),
  sectors: Type.Array(Type.Enum(ATECO_SECTIONS), { maxItems: 21, uniqueItems: true, description: 'ATECO sections the item speaks to (none: any)' }),
  sizeClasses: Type.Array(Type.Enum(SIZE_CLASSES), { maxItems: 4, uniqueItems: true, description: 'firm sizes it suits (none: any)' }),
  language: Language,
  links: Type.Array(MediaLink, { maxItems: 10 }),
}
const firmFields = {
  /** The firm the item tells about: only with that firm's consent, recorded here. */
  firmId: Id,
  firmConsent: Type.Boolean({ description: "the firm agreed to be named (required with firmId)" }),
  firmConsentDate: IsoDay,
}

export const CreateMediaItemBody = Type.Object({
  ...itemFields,
  firmId: Type.Optional(Nullable(firmFields.firmId)),
  firmConsent: Type.Optional(firmFields.firmConsent),
  firmConsentDate: Type.Optional(Nullable(firmFields.firmConsentDate)),
}, { additionalProperties: false })
export type CreateMediaItemBody = Static<typeof CreateMediaItemBody>
export const UpdateMediaItemBody = PatchBody(Type.Object(itemFields), { firmId: firmFields.firmId, firmConsentDate: firmFields.firmConsentDate },
  { firmConsent: firmFields.firmConsent })
export type UpdateMediaItemBody = Static<typeof UpdateMediaItemBody>

export const MediaStateBody = Type.Object({ state: Type.Enum(MEDIA_STATES) }, { additionalProperties: false })
export type MediaStateBody = Static<typeof MediaStateBody>

export const MediaFile = Type.Object({ id: Id, ...FileFacts, uploadedAt: Timestamp })
export type MediaFile = Static<typeof MediaFile>

export const MediaItem = Type.Object({
  id: Id,
  chamberId: Id,
  ...itemFields,
  state: Type.Enum(MEDIA_STATES),
  firm: Nullable(Type.Object({ id: Id, name: Type.String() })),
  firmConsent: Type.Boolean(),
  firmConsentDate: Nullable(IsoDay),
  files: Type.Array(MediaFile),
  views: Type.Integer({ minimum: 0 }),
  publishedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type MediaItem = Static<typeof MediaItem>

export const MediaItemSummary = Type.Object({
  id: Id, kind: Type.Enum(MEDIA_KINDS), title: Type.String(), state: Type.Enum(MEDIA_STATES), language: Type.String(),
  themes: Type.Array(Type.String()), files: Type.Integer(), views: Type.Integer(), updatedAt: Timestamp, publishedAt: Nullable(Timestamp),
})
export type MediaItemSummary = Static<typeof MediaItemSummary>

const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
}
const SearchText = Type.Optional(Type.String({ maxLength: 100 }))

export const MediaListQuery = Type.Object({ q: SearchText, state: Type.Optional(Type.Enum(MEDIA_STATES)), kind: Type.Optional(Type.Enum(MEDIA_KINDS)), ...Paging },
  { additionalProperties: false })
export type MediaListQuery = Static<typeof MediaListQuery>
export const MediaItemList = Type.Object({ items: Type.Array(MediaItemSummary), total: Type.Integer(), page: Type.Integer(), limit: Type.Integer() })
export type MediaItemList = Static<typeof MediaItemList>

export const MediaItemParams = Type.Object({ chamberId: Id, itemId: Id }, { additionalProperties: false })
export const MediaFileParams = Type.Object({ chamberId: Id, itemId: Id, fileId: Id }, { additionalProperties: false })
export const MediaUploadQuery = Type.Object({ fileName: UploadFileName }, { additionalProperties: false })
export type MediaUploadQuery = Static<typeof MediaUploadQuery>

/** The public catalogue: accent-insensitive search over title and summary, and filters. */
export const CatalogueQuery = Type.Object({
  q: SearchText,
  kind: Type.Optional(Type.Enum(MEDIA_KINDS)),
  theme: Type.Optional(ExperienceThemeSchema),
  sector: Type.Optional(Type.Enum(ATECO_SECTIONS)),
  size: Type.Optional(Type.Enum(SIZE_CLASSES)),
  language: Type.Optional(Language),
  ...Paging,
}, { additionalProperties: false })
export type CatalogueQuery = Static<typeof CatalogueQuery>

export const CatalogueEntry = Type.Object({
  id: Id, kind: Type.Enum(MEDIA_KINDS), title: Type.String(), summary: Type.String(), themes: Type.Array(Type.String()),
  sectors: Type.Array(Type.String()), sizeClasses: Type.Array(Type.String()), language: Type.String(), publishedAt: Nullable(Timestamp),
})
export type CatalogueEntry = Static<typeof CatalogueEntry>
export const CataloguePage = Type.Object({
  chamberName: Type.String(), items: Type.Array(CatalogueEntry),
  total: Type.Integer({ description: 'matching items, counted up to 100' }), totalCapped: Type.Boolean({ description: 'true: more than `total` match' }),
  page: Type.Integer(), limit: Type.Integer(),
})
export type CataloguePage = Static<typeof CataloguePage>

export const PublicMediaFile = Type.Object({ id: Id, fileName: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer(), url: Type.String() })
export type PublicMediaFile = Static<typeof PublicMediaFile>
export const PublicMediaItem = Type.Object({
  ...CatalogueEntry.properties,
  chamberId: Id,
  chamberName: Type.String(),
  links: Type.Array(MediaLink),
  files: Type.Array(PublicMediaFile),
  firmName: Nullable(Type.String()),
  views: Type.Integer(),
})
export type PublicMediaItem = Static<typeof PublicMediaItem>
export const CatalogueParams = Type.Object({ chamberId: Id }, { additionalProperties: false })
export const PublicMediaParams = Type.Object({ itemId: Id }, { additionalProperties: false })
export const PublicMediaFileParams = Type.Object({ itemId: Id, fileId: Id }, { additionalProperties: false })
