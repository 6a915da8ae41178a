import { sql, type Kysely } from 'kysely'

/**
 * Name search finds its candidates through the words of the folded name instead of its trigrams.
 * A trigram GIN index holds ~25 entries per name and costs, per million imported firms, ~10 s to
 * maintain row by row and 7-8 s to build; an index of the ~4 words of each name costs about a tenth
 * to maintain and half to build (measured, see the README). Substrings are still found: a searched
 * word is looked up in the vocabulary of name words (firm_name_word, trigram-indexed, small), and
 * the names holding one of the vocabulary words that contain it are the candidates, checked by the
 * substring condition (server/src/modules/crm/firm-filter.ts). The split is the vocabulary's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE FUNCTION pid_name_words(text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT regexp_split_to_array($1, '[^a-z0-9]+') $$`.execute(db)
  await sql`CREATE INDEX firm_name_words_idx ON firm USING gin (pid_name_words(name_folded))`.execute(db)
  await sql`DROP INDEX firm_name_trgm_idx`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX firm_name_trgm_idx ON firm USING gin (name_folded gin_trgm_ops)`.execute(db)
  await sql`DROP INDEX firm_name_words_idx`.execute(db)
  await sql`DROP FUNCTION pid_name_words(text)`.execute(db)
}
