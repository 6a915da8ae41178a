import type { Db } from '../db/database.ts'
import { audit, systemContext } from '../core/audit.ts'

type Seeded = { kind: string; title: string; summary: string; themes: string[]; sectors: string[]; sizes: string[]; language?: string; link?: [string, string]; firm?: boolean; draft?: boolean }

/** What the Milano PID's library holds in the demo: published items of every kind, one draft, one firm's story told with its consent. */
const ITEMS: Seeded[] = [
  { kind: 'video', title: 'Stampa 3D in bottega: la falegnameria di Cantù', summary: 'Come una falegnameria artigiana usa la stampa 3D per i prototipi e riduce i tempi di consegna.',
    themes: ['additive_manufacturing', 'digital_crafts'], sectors: ['C'], sizes: ['micro', 'small'] },
  { kind: 'case_study', title: 'Dal registratore di cassa al negozio online: una storia di qualità', summary: 'Un negozio di alimentari apre il suo e-commerce e raddoppia i clienti fuori città.',
    themes: ['ecommerce', 'smart_shops'], sectors: ['G'], sizes: ['micro'], firm: true },
  { kind: 'best_practice', title: 'Sicurezza informatica in dieci mosse', summary: 'Le buone pratiche essenziali per proteggere dati, posta e pagamenti di una piccola impresa.',
    themes: ['cybersecurity'], sectors: [], sizes: [], link: ['https://www.acn.gov.it/', 'Agenzia per la cybersicurezza nazionale'] },
  { kind: 'guide', title: 'Guida al cloud per le PMI', summary: 'Che cosa spostare nel cloud, quanto costa, come scegliere un fornitore e tutelare i dati.',
    themes: ['cloud', 'big_data_analytics'], sectors: [], sizes: ['micro', 'small', 'medium'] },
  { kind: 'webinar_recording', title: 'Marketing digitale per la ristorazione', summary: 'Registrazione del webinar: recensioni, prenotazioni online e social per ristoranti e bar.',
    themes: ['digital_marketing', 'restaurants'], sectors: ['I'], sizes: [] },
  { kind: 'video', title: 'Agricoltura di precisione: sensori e droni in campo', summary: 'Visita a un\'azienda agricola lombarda che misura umidità e nutrienti con sensori connessi.',
    themes: ['precision_agriculture', 'industrial_iot'], sectors: ['A'], sizes: [] },
  { kind: 'document', title: 'Industria 4.0: le tecnologie abilitanti', summary: 'Scheda di sintesi delle nove tecnologie abilitanti e degli incentivi collegati.',
    themes: ['advanced_manufacturing', 'horizontal_vertical_integration', 'simulation'], sectors: ['C', 'F'], sizes: ['small', 'medium', 'large'] },
  { kind: 'video', title: 'Augmented reality for construction sites', summary: 'How a builder shows clients the finished building on site with a tablet.',
    themes: ['augmented_reality', 'construction_4_0'], sectors: ['F'], sizes: [], language: 'en' },
  { kind: 'guide', title: 'Turismo e prenotazioni dirette (bozza)', summary: 'In preparazione.', themes: ['tourism'], sectors: ['I'], sizes: [], draft: true },
]

/**
 * The demo media library (only with the demo CRM: one item tells a Milano firm's story, with its
 * consent recorded). Items carry links rather than files: the demo ships no videos.
 */
export async function seedDemoMedia(db: Db): Promise<void> {
  const milano = await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()
  const firm = await db.selectFrom('firm').select('id').where('chamber_id', '=', milano.id).where('ateco_section', '=', 'G')
    .where('merged_into_id', 'is', null).orderBy('id').limit(1).executeTakeFirst()
  let minutes = 0
  for (const s of ITEMS) {
    minutes += 90
    const named = s.firm && firm ? { firm_id: firm.id, firm_consent: true, firm_consent_on: '2026-09-15' } : {}
    const { id } = await db.insertInto('ec_media_item').values({
      chamber_id: milano.id, kind: s.kind, title: s.title, summary: s.summary, themes: s.themes, sectors: s.sectors, size_classes: s.sizes,
      language: s.language ?? 'it', links: JSON.stringify(s.link ? [{ url: s.link[0], label: s.link[1] }] : []),
      state: s.draft ? 'draft' : 'published', published_at: s.draft ? null : new Date(Date.now() - minutes * 60_000), views: s.draft ? 0 : 3 + (minutes % 41),
      ...named,
    }).returning('id').executeTakeFirstOrThrow()
    await audit(db, systemContext('seed'), { chamberId: milano.id, action: 'experience.media.created', entity: 'ec_media_item', entityId: id,
      after: { kind: s.kind, title: s.title } })
  }
}
