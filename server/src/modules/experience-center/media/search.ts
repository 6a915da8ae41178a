import { sql, type RawBuilder } from 'kysely'
import { likeLiteral } from '../../../db/like.ts'

/** The words of a search box, LIKE-escaped (at most 8: a pasted paragraph is not a query). */
export function foldedWords(q: string | undefined): string[] {
  return (q ?? '').trim().split(/\s+/).filter((w) => w.length > 0).slice(0, 8).map(likeLiteral)
}

/**
 * Every word found in the folded text (title and summary, lower-cased and unaccented in the
 * database): each word is folded by the same pid_unaccent, so 'citta' and 'Città' meet. The
 * pattern is constant when planned, so the trigram index answers words of three letters or more.
 */
export function matchesWords(column: string, words: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(words.map((w) => sql`${sql.ref(column)} LIKE '%' || pid_unaccent(lower(${w})) || '%'`), sql` AND `)})`
}
