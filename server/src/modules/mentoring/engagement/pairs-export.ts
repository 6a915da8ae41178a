import type { EngagementMatchItem } from '@pid/shared'
import type { Cell } from '../spreadsheet.ts'

// The export's words are Italian, as the chamber's staff read them (the SPA words the same codes).
const AREA_IT: Record<string, string> = {
  strategy: 'Strategia digitale', readiness: 'Prontezza digitale', human: 'Persone e competenze', data: 'Gestione dei dati',
  automation: 'Automazione e intelligenza artificiale', green: 'Digitale sostenibile', egov: 'E-government', security: 'Cybersicurezza',
  advanced_manufacturing: 'Manifattura avanzata', additive_manufacturing: 'Manifattura additiva', augmented_reality: 'Realtà aumentata',
  simulation: 'Simulazione', horizontal_vertical_integration: 'Integrazione orizzontale e verticale', industrial_iot: 'Internet delle cose industriale',
  cloud: 'Cloud', cybersecurity: 'Sicurezza informatica', big_data_analytics: 'Big data e analisi', ecommerce: 'Commercio elettronico',
  digital_marketing: 'Marketing digitale',
}
const STATUS_IT: Record<string, string> = { accepted: 'In corso', closed: 'Concluso' }
const OUTCOME_IT: Record<string, string> = { goals_met: 'Obiettivi raggiunti', partly_met: 'Obiettivi raggiunti in parte', not_met: 'Obiettivi non raggiunti', discontinued: 'Interrotto' }
const HEADERS = ['Impresa', 'Mentor', 'Area', 'Bisogno', 'Stato', 'Abbinata il', 'Accordo in vigore', 'Incontri svolti', 'Incontri previsti', 'Ore',
  'Ultimo incontro', 'Avanzamento obiettivi (%)', 'Concluso il', 'Esito']

const romeDay = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' })
const day = (iso: string | null) => (iso ? romeDay.format(new Date(iso)) : '')

/** The pairs' sheet: one row per pair, what the list shows, never a session's notes. */
export function pairRows(items: EngagementMatchItem[]): Cell[][] {
  return [HEADERS, ...items.map((p) => [p.firm.name, p.mentor.name, AREA_IT[p.area] ?? p.area, p.need, STATUS_IT[p.status] ?? p.status,
    day(p.respondedAt), p.agreementInForce ? 'Sì' : 'No', p.sessionsHeld, p.plannedSessions, Math.round(p.minutesHeld / 6) / 10,
    day(p.lastSessionAt), p.goalsProgress, day(p.closedAt), p.outcome ? OUTCOME_IT[p.outcome] ?? p.outcome : ''])]
}
