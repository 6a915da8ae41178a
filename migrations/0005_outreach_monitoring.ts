import { sql, type Kysely } from 'kysely'

/**
 * Indexes for the timeline feed, outreach and the monitoring dashboard, which must stay fast on
 * a million firms and millions of timeline events.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The dashboard counts active, unmerged firms by stage, ATECO section, size and chamber: this
  // partial index holds every column those GROUP BYs read, so they are index-only scans.
  // One index for the list's categorical filters (bitmap scans take IN lists on every column) and
  // the dashboard's counts by stage, sector and size (index-only).
  await sql`CREATE INDEX firm_filters_idx ON firm (chamber_id, ateco_section, size_class, stage, status)
    WHERE merged_into_id IS NULL`.execute(db)
  // The chamber's activity feed seeks (occurred_at, id) newest first; type and author ride along
  // so that the dashboard's touch counts per month and per author are index-only too.
  await sql`CREATE INDEX timeline_chamber_feed_idx ON timeline_event (chamber_id, occurred_at DESC, id DESC)
    INCLUDE (type, author_id)`.execute(db)
  // Deleting a segment checks that no campaign refers to it.
  await db.schema.createIndex('campaign_segment_idx').on('campaign').column('segment_id').execute()
  // Campaigns list newest first per chamber.
  await db.schema.createIndex('campaign_chamber_id_idx').on('campaign').columns(['chamber_id', 'id desc']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['campaign_chamber_id_idx', 'campaign_segment_idx', 'timeline_chamber_feed_idx', 'firm_filters_idx']) {
    await db.schema.dropIndex(name).execute()
  }
}
