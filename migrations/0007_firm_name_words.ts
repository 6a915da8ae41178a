import { sql, type Kysely } from 'kysely'

/**
 * The vocabulary of firm names: every word (3+ letters, folded) that appears in some name. Typos
 * in a search are corrected against it (a small trigram lookup) instead of ranking every similar
 * name (pg_trgm's documented pattern). Statement-level triggers keep it in step with inserts and
 * updates, set-based, so a million-row import pays one extra INSERT ... SELECT, not a million.
 * Words are never removed: a stale one only suggests a correction that finds nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('firm_name_word').addColumn('word', 'text', (c) => c.primaryKey()).execute()
  await sql`CREATE INDEX firm_name_word_trgm_idx ON firm_name_word USING gin (word gin_trgm_ops)`.execute(db)
  await sql`CREATE FUNCTION firm_name_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO firm_name_word (word)
        SELECT DISTINCT w FROM changed_firms, regexp_split_to_table(changed_firms.name_folded, '[^a-z0-9]+') AS w
        WHERE length(w) >= 3
        ON CONFLICT (word) DO NOTHING;
      RETURN NULL;
    END $$`.execute(db)
  await sql`CREATE TRIGGER firm_name_words_on_insert AFTER INSERT ON firm REFERENCING NEW TABLE AS changed_firms
    FOR EACH STATEMENT EXECUTE FUNCTION firm_name_words_add()`.execute(db)
  await sql`CREATE TRIGGER firm_name_words_on_update AFTER UPDATE ON firm REFERENCING NEW TABLE AS changed_firms
    FOR EACH STATEMENT EXECUTE FUNCTION firm_name_words_add()`.execute(db)
  await sql`INSERT INTO firm_name_word (word)
    SELECT DISTINCT w FROM firm, regexp_split_to_table(firm.name_folded, '[^a-z0-9]+') AS w WHERE length(w) >= 3
    ON CONFLICT (word) DO NOTHING`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER firm_name_words_on_update ON firm`.execute(db)
  await sql`DROP TRIGGER firm_name_words_on_insert ON firm`.execute(db)
  await sql`DROP FUNCTION firm_name_words_add()`.execute(db)
  await db.schema.dropTable('firm_name_word').execute()
}
