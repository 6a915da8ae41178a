import { sql } from 'kysely'
import type { ExperienceTheme, Recommendation } from '@pid/shared'
import type { RecommendationSource } from '../../assessment/index.ts'
import type { CrmService } from '../../crm/index.ts'

/**
 * Which library themes help with an assessment dimension: the default questionnaire's dimensions by
 * key, and, for a chamber's own questionnaire, by the competences a dimension lists.
 */
export const THEMES_BY_DIMENSION: Record<string, readonly ExperienceTheme[]> = {
  strategy: ['ecommerce', 'digital_marketing', 'horizontal_vertical_integration', 'smart_shops'],
  readiness: ['cloud', 'industrial_iot', 'ecommerce', 'advanced_manufacturing'],
  human: ['augmented_reality', 'simulation', 'digital_crafts'],
  data: ['big_data_analytics', 'cloud', 'industrial_iot'],
  automation: ['advanced_manufacturing', 'additive_manufacturing', 'industrial_iot', 'simulation', 'horizontal_vertical_integration'],
  green: ['precision_agriculture', 'industrial_iot', 'construction_4_0'],
  egov: ['services', 'cloud'],
  security: ['cybersecurity'],
}
const THEMES_BY_COMPETENCE: Record<string, readonly ExperienceTheme[]> = {
  'cybersecurity': ['cybersecurity'],
  'cloud': ['cloud'],
  'e-commerce': ['ecommerce', 'smart_shops'],
  'industria-4.0': ['advanced_manufacturing', 'additive_manufacturing', 'industrial_iot', 'horizontal_vertical_integration'],
  'dati': ['big_data_analytics'],
  'intelligenza-artificiale': ['big_data_analytics', 'simulation'],
  'robotica': ['advanced_manufacturing'],
  'strategia-digitale': ['digital_marketing', 'ecommerce'],
  'marketing-digitale': ['digital_marketing'],
}

export function themesFor(dimension: { key: string; competences: readonly string[] }): ExperienceTheme[] {
  return [...new Set([...(THEMES_BY_DIMENSION[dimension.key] ?? []), ...dimension.competences.flatMap((c) => THEMES_BY_COMPETENCE[c] ?? [])])]
}

const PER_DIMENSION = 2
const AT_MOST = 6

/**
 * Library items for an assessment report: the chamber's published items on the themes of the
 * firm's weakest dimensions that suit its ATECO section and size class (an item naming no sector
 * or size suits all); those made for the firm's sector come first, then the most viewed. Each item
 * is offered once, for the worst dimension it helps with; at most two per dimension, six in all.
 */
export const mediaRecommendations = (crm: CrmService): RecommendationSource => ({
  name: 'media',
  async recommend(db, input) {
    const wanted = input.focus.map((f) => ({ key: f.dimension.key, themes: themesFor(f.dimension) })).filter((f) => f.themes.length)
    const allThemes = [...new Set(wanted.flatMap((w) => w.themes))]
    if (!allThemes.length) return []
    const firm = await crm.firmProfile(db, input.firmId)
    let q = db.selectFrom('ec_media_item as i').select(['i.id', 'i.kind', 'i.title', 'i.summary', 'i.themes'])
      .where('i.chamber_id', '=', input.chamberId).where('i.state', '=', 'published')
      .where(sql<boolean>`i.themes && ${sql.val(allThemes)}::text[]`)
    if (firm?.atecoSection) q = q.where(sql<boolean>`(i.sectors = '{}' OR ${firm.atecoSection} = ANY(i.sectors))`)
    if (firm?.sizeClass) q = q.where(sql<boolean>`(i.size_classes = '{}' OR ${firm.sizeClass} = ANY(i.size_classes))`)
    const items = await q.orderBy(sql`i.sectors = '{}'`).orderBy('i.views', 'desc').orderBy('i.published_at', 'desc').orderBy('i.id', 'desc')
      .limit(60).execute()
    const out: Recommendation[] = []
    const used = new Set<number>()
    for (const w of wanted) {
      let n = 0
      for (const item of items) {
        if (out.length >= AT_MOST || n >= PER_DIMENSION) break
        if (used.has(item.id) || !item.themes.some((t) => (w.themes as string[]).includes(t))) continue
        used.add(item.id)
        n++
        const summary = item.summary.length > 900 ? `${item.summary.slice(0, 899)}…` : item.summary
        out.push({ source: 'media', dimension: w.key, url: `/pubblico/mediateca/contenuti/${item.id}`,
          title: { it: `Mediateca: ${item.title}`.slice(0, 300), en: `Media library: ${item.title}`.slice(0, 300) },
          description: { it: summary, en: summary }, ref: { mediaItemId: item.id, kind: item.kind } })
      }
    }
    return out
  },
})
