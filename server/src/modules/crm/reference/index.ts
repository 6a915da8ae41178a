import { likeLiteral } from '../../../db/like.ts'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { AtecoList, AtecoQuery, MunicipalityList, MunicipalityQuery, type AtecoLevel } from '@pid/shared'
import { denied, problem } from '../../../core/route-kit.ts'

const tags = ['crm']
const LIMIT = 50
const guard = { action: 'network.read', scope: 'global' } as const

/** Escapes LIKE wildcards so that what the user typed is matched literally. */
/** Folds a user's text the way the queries fold the column: lower case, accents removed. */
const folded = (s: string) => sql<string>`pid_unaccent(lower(${likeLiteral(s.trim())}))`

/**
 * Reference lookups for form pickers: ATECO 2025 codes and ISTAT municipalities. Both tables are
 * small (about 3,000 and 8,000 rows) and read-only, so a sequential scan answers in a millisecond.
 */
export default async function referenceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/ateco', {
    schema: { tags, summary: 'Search ATECO 2025 codes by code prefix or Italian title (accents optional)',
      querystring: AtecoQuery, response: { 200: AtecoList, 400: problem, ...denied } },
    config: { guard },
  }, async (req) => {
    const { q, level } = req.query
    let query = app.db.selectFrom('ateco')
      .select(['code', 'level', 'parent_code', 'section', 'title_it', 'title_en'])
      // Sections first within their own letter, then codes in order: the classification as printed.
      .orderBy('section').orderBy(sql`level <> 'section'`).orderBy('code')
      .limit(LIMIT)
    if (level) query = query.where('level', '=', level)
    if (q) {
      const text = q.trim()
      query = /^[0-9]{1,2}(\.[0-9]{0,2}){0,2}$/.test(text)
        ? query.where('code', 'like', `${text}%`)
        : /^[A-Za-z]$/.test(text)
          ? query.where('section', '=', text.toUpperCase())
          : query.where(sql<string>`pid_unaccent(lower(title_it))`, 'like', sql<string>`'%' || ${folded(text)} || '%'`)
    }
    const rows = await query.execute()
    return {
      items: rows.map((r) => ({
        code: r.code, level: r.level as AtecoLevel, parentCode: r.parent_code, section: r.section,
        titleIt: r.title_it, titleEn: r.title_en,
      })),
    }
  })

  app.get('/municipalities', {
    schema: { tags, summary: 'Search municipalities by name prefix or ISTAT code, optionally in one province',
      querystring: MunicipalityQuery, response: { 200: MunicipalityList, 400: problem, ...denied } },
    config: { guard },
  }, async (req) => {
    const { q, province } = req.query
    let query = app.db.selectFrom('municipality')
      .select(['istat_code', 'name', 'province_code', 'cadastral_code'])
      .orderBy('name').orderBy('istat_code')
      .limit(LIMIT)
    if (province) query = query.where('province_code', '=', province)
    if (q) {
      const text = q.trim()
      query = /^[0-9]{1,6}$/.test(text)
        ? query.where('istat_code', 'like', `${text}%`)
        : query.where(sql<string>`pid_unaccent(lower(name))`, 'like', sql<string>`${folded(text)} || '%'`)
    }
    const rows = await query.execute()
    return {
      items: rows.map((r) => ({ istatCode: r.istat_code, name: r.name, provinceCode: r.province_code, cadastralCode: r.cadastral_code })),
    }
  })
}
