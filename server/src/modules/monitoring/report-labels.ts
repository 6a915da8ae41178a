import type { MonitoringMetric } from '@pid/shared'

/**
 * The yearly report's Italian words and formats, shared by the PDF and the XLSX (the same words
 * the SPA's Risultati della rete shows). Dates and numbers as an Italian reader writes them:
 * 1.234,56 €, dd/mm/yyyy, Europe/Rome.
 */
export const METRIC_IT: Record<MonitoringMetric, string> = {
  firms_reached: 'Imprese raggiunte', touches: 'Contatti', stage_advances: 'Passi avanti nel percorso',
  referrals: 'Segnalazioni', referrals_completed: 'Segnalazioni concluse', mailing_recipients: 'Destinatari dei mailing',
  events_held: 'Eventi', event_attendances: 'Partecipazioni agli eventi', assessments: 'Autovalutazioni',
  assessment_score_sum: 'Somma dei punteggi', mentoring_pairs: 'Coppie di mentoring', mentoring_sessions: 'Incontri di mentoring',
  voucher_applications: 'Domande di voucher', voucher_grants: 'Voucher concessi', voucher_granted_cents: 'Euro concessi',
  voucher_paid_cents: 'Euro erogati',
}

/** The metrics the report shows (the score sum only serves the mean maturity). */
export const REPORT_METRICS: MonitoringMetric[] = [
  'firms_reached', 'touches', 'stage_advances', 'referrals', 'referrals_completed', 'mailing_recipients',
  'events_held', 'event_attendances', 'assessments', 'mentoring_pairs', 'mentoring_sessions',
  'voucher_applications', 'voucher_grants', 'voucher_granted_cents', 'voucher_paid_cents',
]
export const isEuro = (m: string) => m.endsWith('_cents')

export const STAGE_IT = ['Non raggiunta', 'Informata', 'Autoposizionata', 'Ispirata (esempi e best practice)', 'Decisa ad agire', 'Sperimenta', 'Co-progetta']

const intFmt = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 0, useGrouping: true })
const eurFmt = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR', useGrouping: true })
const pctFmt = new Intl.NumberFormat('it-IT', { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: true })
const dayFmt = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' })

/** Intl puts a narrow no-break space before €, which the PDF's standard font has no glyph for: a plain space. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')
export const fmtInt = (n: number) => plain(intFmt.format(n))
export const fmtEuro = (cents: number) => plain(eurFmt.format(cents / 100))
export const fmtPct = (x: number | null) => (x === null ? 'n.d.' : `${plain(pctFmt.format(x))}%`)
export const fmtDay = (d: Date) => dayFmt.format(d)
export const fmtValue = (metric: string, v: number) => (isEuro(metric) ? fmtEuro(v) : fmtInt(v))

/** An Italian file name: relazione-annuale-2026-camera-di-roma.pdf (ASCII only: every browser keeps it). */
export function reportFileName(title: string, year: number, ext: 'pdf' | 'xlsx'): string {
  const slug = title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60)
  return `relazione-annuale-${year}-${slug || 'pid'}.${ext}`
}
