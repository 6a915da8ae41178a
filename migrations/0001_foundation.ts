import { sql, type Kysely } from 'kysely'

/**
 * The platform's foundation: reference geography, the chamber network, users and roles,
 * authentication state, the audit trail, the job queue and the mail outbox.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db)
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db)

  await db.schema
    .createTable('region')
    .addColumn('code', 'char(2)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('province')
    .addColumn('code', 'char(2)', (c) => c.primaryKey()) // plate code (sigla)
    .addColumn('istat_code', 'char(3)', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region_code', 'char(2)', (c) => c.notNull().references('region.code'))
    .execute()
  await db.schema.createIndex('province_region_idx').on('province').column('region_code').execute()

  await db.schema
    .createTable('municipality')
    .addColumn('istat_code', 'char(6)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('province_code', 'char(2)', (c) => c.notNull().references('province.code'))
    .addColumn('cadastral_code', 'char(4)', (c) => c.notNull().unique())
    .execute()
  await db.schema.createIndex('municipality_province_idx').on('municipality').column('province_code').execute()

  await db.schema
    .createTable('chamber')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text', (c) => c.notNull())
    .addColumn('region_code', 'char(2)', (c) => c.notNull().references('region.code'))
    .addColumn('pid_name', 'text', (c) => c.notNull())
    .addColumn('active_from', 'date', (c) => c.notNull())
    .addColumn('active_to', 'date')
    .addColumn('merged_into_id', 'bigint', (c) => c.references('chamber.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('chamber_active_range', sql`active_to IS NULL OR active_to >= active_from`)
    .execute()
  await db.schema.createIndex('chamber_region_idx').on('chamber').column('region_code').execute()
  await db.schema.createIndex('chamber_merged_into_idx').on('chamber').column('merged_into_id').execute()

  // Which provinces a chamber covers, over time: a merger closes the old rows and opens new ones.
  await db.schema
    .createTable('chamber_province')
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('province_code', 'char(2)', (c) => c.notNull().references('province.code'))
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('valid_to', 'date')
    .addPrimaryKeyConstraint('chamber_province_pk', ['chamber_id', 'province_code', 'valid_from'])
    .execute()
  await sql`CREATE UNIQUE INDEX chamber_province_current_idx ON chamber_province (province_code) WHERE valid_to IS NULL`.execute(db)

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('it').check(sql`locale IN ('it', 'en')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('invited').check(sql`status IN ('invited', 'active', 'disabled')`))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_login_at', 'timestamptz')
    .addColumn('password_changed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`CREATE UNIQUE INDEX app_user_email_idx ON app_user (lower(email))`.execute(db)

  await db.schema
    .createTable('role_assignment')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('chamber_id', 'bigint', (c) => c.references('chamber.id'))
    .addColumn('region_code', 'char(2)', (c) => c.references('region.code'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'role_assignment_scope',
      sql`(role IN ('national_coordinator', 'platform_admin') AND chamber_id IS NULL AND region_code IS NULL)
       OR (role = 'regional_coordinator' AND chamber_id IS NULL AND region_code IS NOT NULL)
       OR (role IN ('digital_leader', 'digital_coordinator', 'digital_promoter', 'mentor', 'partner_user', 'firm_user')
           AND chamber_id IS NOT NULL AND region_code IS NULL)`,
    )
    .execute()
  await sql`CREATE UNIQUE INDEX role_assignment_unique_idx
    ON role_assignment (user_id, role, coalesce(chamber_id, 0), coalesce(region_code, ''))`.execute(db)
  await db.schema.createIndex('role_assignment_chamber_idx').on('role_assignment').column('chamber_id').execute()

  await db.schema
    .createTable('refresh_token')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('family_id', 'uuid', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('rotated_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('user_agent', 'text')
    .execute()
  await db.schema.createIndex('refresh_token_family_idx').on('refresh_token').column('family_id').execute()
  await db.schema.createIndex('refresh_token_user_idx').on('refresh_token').column('user_id').execute()

  await db.schema
    .createTable('invitation')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('chamber_id', 'bigint', (c) => c.references('chamber.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .execute()
  await db.schema.createIndex('audit_log_chamber_idx').on('audit_log').columns(['chamber_id', 'id desc']).execute()
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'id desc']).execute()

  await db.schema
    .createTable('job')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('run_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('done_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`CREATE INDEX job_ready_idx ON job (run_at) WHERE done_at IS NULL AND failed_at IS NULL`.execute(db)

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.references('chamber.id'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'sent', 'held', 'failed')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute()
  await db.schema.createIndex('mail_outbox_chamber_idx').on('mail_outbox').columns(['chamber_id', 'id desc']).execute()

  await loadGeography(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'mail_outbox', 'job', 'audit_log', 'invitation', 'refresh_token', 'role_assignment', 'app_user',
    'chamber_province', 'chamber', 'municipality', 'province', 'region',
  ]) {
    await db.schema.dropTable(t).execute()
  }
}

/** Regions, provinces and municipalities from ISTAT's list (see data/README.md). */
async function loadGeography(db: Kysely<any>): Promise<void> {
  const { readMunicipalities } = await import('./data/municipalities.ts')
  const rows = await readMunicipalities()
  const regions = new Map<string, string>()
  const provinces = new Map<string, { code: string; istat_code: string; name: string; region_code: string }>()
  for (const r of rows) {
    regions.set(r.regionCode, r.regionName)
    if (!provinces.has(r.provinceCode)) {
      provinces.set(r.provinceCode, {
        code: r.provinceCode,
        istat_code: r.istatCode.slice(0, 3),
        name: r.provinceName,
        region_code: r.regionCode,
      })
    }
  }
  await db.insertInto('region').values([...regions].map(([code, name]) => ({ code, name }))).execute()
  await db.insertInto('province').values([...provinces.values()]).execute()
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('municipality')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          istat_code: r.istatCode,
          name: r.name,
          province_code: r.provinceCode,
          cadastral_code: r.cadastralCode,
        })),
      )
      .execute()
  }
}
