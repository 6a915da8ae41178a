import { safeCsv } from '../../../core/spreadsheet.ts'
import type { CrmDashboard } from '@pid/shared'

const STAGE_LABELS = ['Non raggiunta', 'Informata', 'Auto-posizionata', 'Ispirata', 'Impegnata', 'In sperimentazione', 'In co-progettazione']
const SIZE_LABELS: Record<string, string> = { micro: 'Micro', small: 'Piccola', medium: 'Media', large: 'Grande' }

/**
 * The dashboard's figures as a CSV for spreadsheets used in Italy: semicolon-separated, UTF-8 with
 * a BOM (so that Excel reads accents), Italian headers, one figure per row.
 */
export function dashboardCsv(d: CrmDashboard): string {
  const rows: (string | number)[][] = [
    ['Periodo contatti', 'Dal', d.period.from],
    ['Periodo contatti', 'Al', d.period.to],
    ['Totale', 'Imprese attive', d.firms.count],
    ['Totale', 'Imprese raggiunte (fase 1 o successiva)', d.reached.count],
    ...d.byStage.map((s) => ['Fase del percorso', `${s.stage} - ${STAGE_LABELS[s.stage]}`, s.count]),
    ...d.bySection.map((s) => ['Sezione ATECO', s.section ? `${s.section} - ${s.titleIt ?? ''}` : 'Non indicata', s.count]),
    ...d.bySize.map((s) => ['Dimensione', s.sizeClass ? SIZE_LABELS[s.sizeClass]! : 'Non indicata', s.count]),
    ...d.touchesByMonth.map((m) => ['Contatti per mese', m.month, m.count]),
    ...(d.touchesByAuthor ?? []).map((a) => ['Contatti per operatore', a.name, a.count]),
    ...(d.perChamber ?? []).flatMap((c) => [
      ['Imprese attive per camera', c.name, c.firms],
      ['Imprese raggiunte per camera', c.name, c.reached],
    ]),
  ]
  return safeCsv(rows, { header: true, columns: ['Sezione', 'Voce', 'Valore'], delimiter: ';', bom: true })
}
