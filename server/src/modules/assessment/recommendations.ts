import type { Dimension, Recommendation } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import type { CrmService } from '../crm/index.ts'

/**
 * Recommendations map a firm's gaps to what the PID network offers. Sources plug in through one
 * interface (`app.assessmentRecommenders.register(...)`): today the PID's service catalogue and
 * partners by competence; voucher calls, mentors and library material register theirs when their
 * modules land.
 */
export interface RecommendationInput {
  chamberId: number
  firmId: number
  /** The dimensions to act on, worst first, with their score and definition. */
  focus: { dimension: Dimension; score: number }[]
}

export interface RecommendationSource {
  name: string
  recommend(db: DbOrTx, input: RecommendationInput): Promise<Recommendation[]>
}

export class Recommenders {
  private readonly sources: RecommendationSource[] = []

  register(source: RecommendationSource): void {
    if (this.sources.some((s) => s.name === source.name)) throw new Error(`recommendation source ${source.name} is registered twice`)
    this.sources.push(source)
  }

  async recommend(db: DbOrTx, input: RecommendationInput): Promise<Recommendation[]> {
    if (!input.focus.length) return []
    const lists = await Promise.all(this.sources.map((s) => s.recommend(db, input)))
    return lists.flat()
  }
}

/** The PID's services (network-wide and the chamber's own) that cover a focus dimension still below their threshold. */
export const catalogueSource: RecommendationSource = {
  name: 'catalogue',
  async recommend(db, input) {
    const services = await db.selectFrom('assessment_service').selectAll().where('active', '=', true)
      .where((w) => w.or([w('chamber_id', 'is', null), w('chamber_id', '=', input.chamberId)]))
      .orderBy('service_line').orderBy('code').execute()
    const out: Recommendation[] = []
    const used = new Set<number>()
    for (const { dimension, score } of input.focus) {
      for (const s of services) {
        if (used.has(s.id) || !s.dimensions.includes(dimension.key) || score >= s.below_score) continue
        used.add(s.id)
        out.push({ source: 'catalogue', dimension: dimension.key, title: s.title, description: s.description, url: s.url,
          ref: { serviceId: s.id, code: s.code, serviceLine: s.service_line } })
      }
    }
    return out
  },
}

/** Partners with an agreement in force in the chamber whose competences match a focus dimension (CRM data, via the CRM service). */
export function partnerSource(crm: CrmService): RecommendationSource {
  return {
    name: 'partners',
    async recommend(db, input) {
      const out: Recommendation[] = []
      const used = new Set<number>()
      // One query for every focus dimension's competences; each partner is then offered for the worst dimension it helps with.
      const partners = await crm.partnersByCompetence(db, input.chamberId, [...new Set(input.focus.flatMap((f) => f.dimension.competences))], 20)
      for (const { dimension } of input.focus) {
        for (const p of partners.filter((x) => x.competences.some((c) => dimension.competences.includes(c))).slice(0, 3)) {
          if (used.has(p.id)) continue
          used.add(p.id)
          const matched = p.competences.filter((c) => dimension.competences.includes(c)).join(', ')
          out.push({ source: 'partners', dimension: dimension.key, url: p.website,
            title: { it: `Partner: ${p.name}`, en: `Partner: ${p.name}` },
            description: { it: `Competenze: ${matched}. Il PID può segnalarvi a questo partner.`, en: `Competences: ${matched}. The PID can refer you to this partner.` },
            ref: { partnerId: p.id } })
        }
      }
      return out
    },
  }
}
