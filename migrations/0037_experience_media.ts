import { sql, type Kysely } from 'kysely'

/**
 * The experience centre's media library: items (videos, case studies, guides...) a chamber files
 * under themes, ATECO sections and size classes, with files kept through the storage interface
 * (stored_file) and external links. The public catalogue searches `search_folded` (title and
 * summary, lower-cased and unaccented, as the firm's name_folded) through a trigram index, so
 * "citta" finds "città"; a published item page view adds one to `views` (one UPDATE, no row per view).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('ec_media_item')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('video', 'case_study', 'best_practice', 'guide', 'webinar_recording', 'document')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('themes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('sectors', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('size_classes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('it'))
    // [{ url, label }]
    .addColumn('links', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft').check(sql`state in ('draft', 'published', 'archived')`))
    .addColumn('firm_id', 'bigint', (c) => c.references('firm.id'))
    .addColumn('firm_consent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('firm_consent_on', 'date')
    .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('search_folded', 'text', (c) => c.generatedAlwaysAs(sql`pid_unaccent(lower(title || ' ' || summary))`).stored())
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A firm is named only with its consent, and the consent's day is kept.
    .addCheckConstraint('ec_media_item_firm_consent', sql`firm_id IS NULL OR (firm_consent AND firm_consent_on IS NOT NULL)`)
    .execute()
  await sql`CREATE INDEX ec_media_item_search_trgm_idx ON ec_media_item USING gin (search_folded gin_trgm_ops)`.execute(db)
  await sql`CREATE INDEX ec_media_item_catalogue_idx ON ec_media_item (chamber_id, published_at DESC, id DESC) WHERE state = 'published'`.execute(db)
  await db.schema.createIndex('ec_media_item_chamber_idx').on('ec_media_item').columns(['chamber_id', 'updated_at']).execute()

  await db.schema.createTable('ec_media_file')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('item_id', 'bigint', (c) => c.notNull().references('ec_media_item.id').onDelete('cascade'))
    .addColumn('file_id', 'bigint', (c) => c.notNull().unique().references('stored_file.id'))
    .addColumn('uploaded_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('ec_media_file_item_idx').on('ec_media_file').column('item_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ec_media_file').execute()
  await db.schema.dropTable('ec_media_item').execute()
}
