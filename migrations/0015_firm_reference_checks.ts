import { sql, type Kysely } from 'kysely'

/**
 * A firm's chamber, ATECO code, municipality and province are checked once per statement instead of
 * once per row. As foreign keys, each cost a trigger call and a lookup for every inserted firm:
 * about 4.5 s per key per million firms, 18 s of a register import of a million (measured, see the
 * README). Statement-level triggers do the same work set-based: they lock the distinct referenced
 * rows FOR KEY SHARE, as the foreign keys did (so a concurrent delete of one waits, then fails),
 * and refuse the statement when one is missing, with the foreign keys' SQLSTATE (23503). Deleting or
 * renaming a referenced row is refused the same way. The reference tables are the ISTAT and ATECO
 * lists and the chambers, which the application never deletes: these checks guard the data, not a
 * workflow.
 */
const REFERENCES = [
  { column: 'chamber_id', type: 'bigint', table: 'chamber', key: 'id', constraint: 'firm_chamber_id_fkey' },
  { column: 'ateco_code', type: 'text', table: 'ateco', key: 'code', constraint: 'firm_ateco_code_fkey' },
  { column: 'municipality_code', type: 'bpchar', table: 'municipality', key: 'istat_code', constraint: 'firm_municipality_code_fkey' },
  { column: 'province_code', type: 'bpchar', table: 'province', key: 'code', constraint: 'firm_province_code_fkey' },
] as const

export async function up(db: Kysely<any>): Promise<void> {
  // One pass over the changed rows collects the distinct values of the four columns (a million
  // imported firms refer to a few thousand of them); each set is then locked and checked.
  const collect = REFERENCES.map((r) => `array_agg(DISTINCT c.${r.column}) FILTER (WHERE c.${r.column} IS NOT NULL)`).join(', ')
  const checks = REFERENCES.map((r) => `
      PERFORM 1 FROM ${r.table} t WHERE t.${r.key} = ANY (${r.column}s) FOR KEY SHARE OF t;
      SELECT v::text INTO missing FROM unnest(${r.column}s) AS v WHERE NOT EXISTS (SELECT 1 FROM ${r.table} t WHERE t.${r.key} = v) LIMIT 1;
      IF FOUND THEN
        RAISE EXCEPTION 'insert or update on table "firm" violates the reference %', '${r.constraint}'
          USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (${r.column})=(%s) is not present in table "${r.table}".', missing),
          TABLE = 'firm', CONSTRAINT = '${r.constraint}';
      END IF;`).join('\n')
  await sql.raw(`CREATE FUNCTION firm_references_check() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE missing text; ${REFERENCES.map((r) => `${r.column}s ${r.type}[];`).join(' ')}
    BEGIN
      SELECT ${collect} INTO ${REFERENCES.map((r) => `${r.column}s`).join(', ')} FROM changed_firms c;
      ${checks}
      RETURN NULL;
    END $$`).execute(db)
  // One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
  await sql`CREATE TRIGGER firm_references_on_insert AFTER INSERT ON firm REFERENCING NEW TABLE AS changed_firms
    FOR EACH STATEMENT EXECUTE FUNCTION firm_references_check()`.execute(db)
  await sql`CREATE TRIGGER firm_references_on_update AFTER UPDATE ON firm REFERENCING NEW TABLE AS changed_firms
    FOR EACH STATEMENT EXECUTE FUNCTION firm_references_check()`.execute(db)
  for (const r of REFERENCES) {
    await sql.raw(`ALTER TABLE firm DROP CONSTRAINT ${r.constraint}`).execute(db)
    // The other side: a referenced row may not go (nor change its key) while a firm refers to it.
    await sql.raw(`CREATE FUNCTION ${r.table}_firm_references_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM gone_${r.table} g JOIN firm f ON f.${r.column} = g.${r.key}
                   WHERE NOT EXISTS (SELECT 1 FROM ${r.table} t WHERE t.${r.key} = g.${r.key})) THEN
          RAISE EXCEPTION 'update or delete on table "${r.table}" violates the reference % from table "firm"', '${r.constraint}'
            USING ERRCODE = 'foreign_key_violation', TABLE = '${r.table}', CONSTRAINT = '${r.constraint}';
        END IF;
        RETURN NULL;
      END $$`).execute(db)
    for (const event of ['DELETE', 'UPDATE']) {
      await sql.raw(`CREATE TRIGGER ${r.table}_firm_references_on_${event.toLowerCase()} AFTER ${event} ON ${r.table}
        REFERENCING OLD TABLE AS gone_${r.table} FOR EACH STATEMENT EXECUTE FUNCTION ${r.table}_firm_references_kept()`).execute(db)
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const r of REFERENCES) {
    for (const event of ['delete', 'update']) await sql.raw(`DROP TRIGGER ${r.table}_firm_references_on_${event} ON ${r.table}`).execute(db)
    await sql.raw(`DROP FUNCTION ${r.table}_firm_references_kept()`).execute(db)
    await sql.raw(`ALTER TABLE firm ADD CONSTRAINT ${r.constraint} FOREIGN KEY (${r.column}) REFERENCES ${r.table} (${r.key})`).execute(db)
  }
  await sql`DROP TRIGGER firm_references_on_update ON firm`.execute(db)
  await sql`DROP TRIGGER firm_references_on_insert ON firm`.execute(db)
  await sql`DROP FUNCTION firm_references_check()`.execute(db)
}
