import { sql, type Kysely } from 'kysely'

/**
 * Assessment: versioned questionnaires (a published version is frozen by a trigger), firms'
 * assessments (answers kept with the version they answered; the firm's classification copied at
 * submission for benchmarks), expert reviews, intervention plans, and the PID's service catalogue
 * used for recommendations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('assessment_questionnaire')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.references('chamber.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft', 'published', 'retired')`))
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .addColumn('published_by', 'bigint', (c) => c.references('app_user.id'))
    .execute()
  await sql`CREATE UNIQUE INDEX assessment_questionnaire_version_uq ON assessment_questionnaire (coalesce(chamber_id, 0), code, version)`.execute(db)
  // Publishing freezes a version: responses keep pointing at exactly what they answered.
  await sql`CREATE FUNCTION assessment_questionnaire_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status <> 'draft' AND NEW.definition IS DISTINCT FROM OLD.definition THEN
        RAISE EXCEPTION 'questionnaire % version % is published and cannot change', OLD.code, OLD.version USING ERRCODE = 'check_violation';
      END IF;
      IF OLD.status <> 'draft' AND NEW.status = 'draft' THEN
        RAISE EXCEPTION 'a published questionnaire cannot go back to draft' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db)
  await sql`CREATE TRIGGER assessment_questionnaire_frozen BEFORE UPDATE ON assessment_questionnaire
    FOR EACH ROW EXECUTE FUNCTION assessment_questionnaire_frozen()`.execute(db)

  await db.schema.createTable('assessment')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('firm_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('questionnaire_id', 'bigint', (c) => c.notNull().references('assessment_questionnaire.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft', 'submitted')`))
    .addColumn('answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('current_step', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('round', 'smallint')
    .addColumn('firm_name', 'text', (c) => c.notNull())
    .addColumn('ateco_section', 'text')
    .addColumn('size_class', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('overall', 'smallint', (c) => c.check(sql`overall BETWEEN 0 AND 100`))
    .addColumn('level', 'smallint', (c) => c.check(sql`level BETWEEN 1 AND 5`))
    .addColumn('scores', 'jsonb')
    .addColumn('is_latest', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('started_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('link_id', 'bigint', (c) => c.references('firm_access_link.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('submitted_at', 'timestamptz')
    .addCheckConstraint('assessment_submitted_scored', sql`status = 'draft' OR (overall IS NOT NULL AND level IS NOT NULL AND scores IS NOT NULL AND submitted_at IS NOT NULL AND round IS NOT NULL)`)
    .execute()
  // One draft per firm at a time: a second device resumes it instead of starting another.
  await sql`CREATE UNIQUE INDEX assessment_one_draft_uq ON assessment (firm_id) WHERE status = 'draft'`.execute(db)
  await sql`CREATE UNIQUE INDEX assessment_one_latest_uq ON assessment (firm_id) WHERE is_latest`.execute(db)
  await db.schema.createIndex('assessment_firm_idx').on('assessment').columns(['firm_id', 'id']).execute()
  await db.schema.createIndex('assessment_chamber_idx').on('assessment').columns(['chamber_id', 'id desc']).execute()
  // Benchmarks and distributions read only each firm's latest submitted assessment.
  await sql`CREATE INDEX assessment_bench_idx ON assessment (ateco_section, size_class, overall) INCLUDE (region_code) WHERE is_latest`.execute(db)
  await sql`CREATE INDEX assessment_region_level_idx ON assessment (region_code, level) INCLUDE (overall, chamber_id) WHERE is_latest`.execute(db)

  await db.schema.createTable('assessment_review')
    .addColumn('assessment_id', 'bigint', (c) => c.primaryKey().references('assessment.id'))
    .addColumn('reviewer_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('validated', 'jsonb', (c) => c.notNull())
    .addColumn('validated_overall', 'smallint', (c) => c.notNull().check(sql`validated_overall BETWEEN 0 AND 100`))
    .addColumn('validated_level', 'smallint', (c) => c.notNull().check(sql`validated_level BETWEEN 1 AND 5`))
    .addColumn('improvement_areas', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('notes', 'text')
    .addColumn('reviewed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema.createTable('assessment_plan_item')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('assessment_id', 'bigint', (c) => c.notNull().references('assessment.id'))
    .addColumn('firm_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('training', 'voucher', 'mentoring', 'partner_referral')`))
    .addColumn('dimension', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('partner_id', 'bigint', (c) => c.references('partner.id'))
    .addColumn('referral_id', 'bigint', (c) => c.references('referral.id'))
    .addColumn('assigned_to', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'done', 'cancelled')`))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('assessment_plan_item_assessment_idx').on('assessment_plan_item').columns(['assessment_id', 'id']).execute()
  await db.schema.createIndex('assessment_plan_item_firm_idx').on('assessment_plan_item').columns(['firm_id', 'kind']).execute()

  await db.schema.createTable('assessment_service')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.references('chamber.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('service_line', 'text', (c) => c.notNull().check(sql`service_line in ('A', 'B', 'C', 'D')`))
    .addColumn('title', 'jsonb', (c) => c.notNull())
    .addColumn('description', 'jsonb', (c) => c.notNull())
    .addColumn('dimensions', sql`text[]`, (c) => c.notNull())
    .addColumn('below_score', 'smallint', (c) => c.notNull().defaultTo(60).check(sql`below_score BETWEEN 1 AND 101`))
    .addColumn('url', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`CREATE UNIQUE INDEX assessment_service_code_uq ON assessment_service (coalesce(chamber_id, 0), code)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['assessment_service', 'assessment_plan_item', 'assessment_review', 'assessment']) await db.schema.dropTable(t).execute()
  await db.schema.dropTable('assessment_questionnaire').execute()
  await sql`DROP FUNCTION assessment_questionnaire_frozen()`.execute(db)
}
