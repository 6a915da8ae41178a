import { sql } from 'kysely'
import { centsToDecimal, MATCH_OUTCOMES, type MentorExpense, type MentoringRegionFigures, type MentoringYearFigures } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import type { AssessmentService } from '../../assessment/index.ts'
import type { BudgetService } from '../../budget/index.ts'

/** Where figures from other modules come from: the firms' assessments, the budget's mentoring line. */
export interface FigureSources { assessment: AssessmentService; budget: BudgetService }
import type { Cell } from '../spreadsheet.ts'

/**
 * Mentoring's figures of a year, per PID and per region: counts, means and medians only, never a
 * person (the regional and national roles read them). A pair counts for the chamber of its match.
 */

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
const mean = (xs: number[]): number | null => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null)
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10)

export async function yearFigures(db: DbOrTx, { assessment, budget }: FigureSources, chamberIds: number[], year: number): Promise<Map<number, MentoringYearFigures>> {
  const out = new Map<number, MentoringYearFigures>()
  if (chamberIds.length === 0) return out
  const from = new Date(Date.UTC(year, 0, 1)), to = new Date(Date.UTC(year + 1, 0, 1))
  const mentors = await db.selectFrom('mentor').select(['chamber_id']).where('chamber_id', 'in', chamberIds).where('status', '=', 'active').execute()
  // A pair counts as active in the year when accepted before its end and not closed before its start.
  const matches = await db.selectFrom('mentoring_match').select(['id', 'chamber_id', 'firm_id', 'status', 'responded_at', 'closed_at', 'outcome', 't0_overall'])
    .where('chamber_id', 'in', chamberIds).where('status', 'in', ['accepted', 'closed']).execute()
  const sessions = await db.selectFrom('mentoring_session as s').innerJoin('mentoring_match as m', 'm.id', 's.match_id')
    .select(['m.chamber_id', 's.minutes']).where('m.chamber_id', 'in', chamberIds).where('s.held_at', '>=', from).where('s.held_at', '<', to).execute()
  const feedback = await db.selectFrom('mentoring_feedback as f').innerJoin('mentoring_match as m', 'm.id', 'f.match_id')
    .select(['m.chamber_id', 'f.side', 'f.rating']).where('m.chamber_id', 'in', chamberIds).where('f.given_at', '>=', from).where('f.given_at', '<', to).execute()
  const requests = await db.selectFrom('mentoring_request').select(['chamber_id', sql<number>`extract(epoch from matched_at - created_at) / 86400`.as('days')])
    .where('chamber_id', 'in', chamberIds).where('matched_at', 'is not', null).where('matched_at', '>=', from).where('matched_at', '<', to).execute()
  const expenses = await db.selectFrom('mentor_expense').select(['chamber_id', 'mentor_id', 'status', 'amount_cents'])
    .where('chamber_id', 'in', chamberIds).where('year', '=', year).where('status', 'in', ['claimed', 'approved']).execute()
  const caps = await db.selectFrom('mentor_expense_year').select(['mentor_id', 'cap_cents']).where('year', '=', year)
    .where('mentor_id', 'in', expenses.length ? [...new Set(expenses.map((e) => e.mentor_id))] : [0]).execute()
  const capOf = new Map(caps.map((c) => [c.mentor_id, Number(c.cap_cents)]))
  const lines = await budget.lines(db, chamberIds, year, 'mentoring')
  const withT0 = matches.filter((m) => m.t0_overall !== null)
  const latest = await assessment.latestCompleted(db, [...new Set(withT0.map((m) => m.firm_id))])

  for (const c of chamberIds) {
    const ms = matches.filter((m) => m.chamber_id === c)
    const active = ms.filter((m) => m.responded_at && m.responded_at < to && (!m.closed_at || m.closed_at >= from))
    const closed = ms.filter((m) => m.status === 'closed' && m.closed_at && m.closed_at >= from && m.closed_at < to)
    const byOutcome = Object.fromEntries(MATCH_OUTCOMES.map((o) => [o, closed.filter((m) => m.outcome === o).length])) as MentoringYearFigures['closedByOutcome']
    const ss = sessions.filter((s) => s.chamber_id === c)
    const fb = feedback.filter((f) => f.chamber_id === c)
    const changes: number[] = []
    for (const m of withT0.filter((x) => x.chamber_id === c)) {
      const l = latest.get(m.firm_id)
      if (l && m.responded_at && l.submittedAt > m.responded_at) changes.push(l.overall - m.t0_overall!)
    }
    const ex = expenses.filter((e) => e.chamber_id === c)
    const approved = ex.filter((e) => e.status === 'approved')
    const line = lines.get(c)
    out.set(c, {
      mentorsActive: mentors.filter((m) => m.chamber_id === c).length,
      pairsActive: active.length,
      pairsClosed: closed.length,
      closedByOutcome: byOutcome,
      sessions: ss.length,
      hours: Math.round(ss.reduce((a, s) => a + s.minutes, 0) / 6) / 10,
      satisfactionFirm: mean(fb.filter((f) => f.side === 'firm').map((f) => f.rating)),
      satisfactionMentor: mean(fb.filter((f) => f.side === 'mentor').map((f) => f.rating)),
      medianDaysToMatch: round1(median(requests.filter((r) => r.chamber_id === c).map((r) => Number(r.days)))),
      maturityChange: mean(changes),
      maturityFirms: changes.length,
      expensesApprovedCents: approved.reduce((a, e) => a + Number(e.amount_cents), 0),
      expensesClaimedCents: ex.filter((e) => e.status === 'claimed').reduce((a, e) => a + Number(e.amount_cents), 0),
      expensesCapCents: [...new Set(approved.map((e) => e.mentor_id))].reduce((a, id) => a + (capOf.get(id) ?? 0), 0),
      budgetPlannedCents: line ? line.plannedCents : null,
      budgetSpentCents: line ? line.spentCents : null,
    })
  }
  return out
}

/** The region's total: sums of counts and money, means weighted by what they average, medians of the PIDs' medians left out (null). */
export function totalOf(figs: MentoringYearFigures[], weights: { firm: number[]; mentor: number[]; days: number[] }): MentoringYearFigures {
  const sum = (k: keyof MentoringYearFigures) => figs.reduce((a, f) => a + (Number(f[k]) || 0), 0)
  const sumNullable = (k: 'budgetPlannedCents' | 'budgetSpentCents') => (figs.some((f) => f[k] !== null) ? sum(k) : null)
  const weighted = (k: 'satisfactionFirm' | 'satisfactionMentor' | 'maturityChange', w: number[]) => {
    let n = 0, s = 0
    figs.forEach((f, i) => { if (f[k] !== null && w[i]) { n += w[i]!; s += f[k]! * w[i]! } })
    return n ? Math.round((s / n) * 100) / 100 : null
  }
  return {
    mentorsActive: sum('mentorsActive'), pairsActive: sum('pairsActive'), pairsClosed: sum('pairsClosed'),
    closedByOutcome: Object.fromEntries(MATCH_OUTCOMES.map((o) => [o, figs.reduce((a, f) => a + f.closedByOutcome[o], 0)])) as MentoringYearFigures['closedByOutcome'],
    sessions: sum('sessions'), hours: Math.round(sum('hours') * 10) / 10,
    satisfactionFirm: weighted('satisfactionFirm', weights.firm), satisfactionMentor: weighted('satisfactionMentor', weights.mentor),
    medianDaysToMatch: null,
    maturityChange: weighted('maturityChange', figs.map((f) => f.maturityFirms)), maturityFirms: sum('maturityFirms'),
    expensesApprovedCents: sum('expensesApprovedCents'), expensesClaimedCents: sum('expensesClaimedCents'), expensesCapCents: sum('expensesCapCents'),
    budgetPlannedCents: sumNullable('budgetPlannedCents'), budgetSpentCents: sumNullable('budgetSpentCents'),
  }
}

export async function regionFigures(db: DbOrTx, sources: FigureSources, regionCode: string, year: number): Promise<MentoringRegionFigures> {
  const chambers = await db.selectFrom('chamber').select(['id', 'name']).where('region_code', '=', regionCode).orderBy('name').execute()
  const figs = await yearFigures(db, sources, chambers.map((c) => c.id), year)
  const list = chambers.map((c) => ({ chamberId: c.id, name: c.name, figures: figs.get(c.id)! }))
  // The region's median days to match, over all its matched requests; its means weighted by the answers.
  const ids = chambers.map((c) => c.id)
  const from = new Date(Date.UTC(year, 0, 1)), to = new Date(Date.UTC(year + 1, 0, 1))
  const days = ids.length ? await db.selectFrom('mentoring_request').select(sql<number>`extract(epoch from matched_at - created_at) / 86400`.as('days'))
    .where('chamber_id', 'in', ids).where('matched_at', '>=', from).where('matched_at', '<', to).execute() : []
  const counts = async (side: string) => {
    if (!ids.length) return []
    const rows = await db.selectFrom('mentoring_feedback as f').innerJoin('mentoring_match as m', 'm.id', 'f.match_id')
      .select(['m.chamber_id', (e) => e.fn.countAll<string>().as('n')]).where('m.chamber_id', 'in', ids).where('f.side', '=', side)
      .where('f.given_at', '>=', from).where('f.given_at', '<', to).groupBy('m.chamber_id').execute()
    return ids.map((id) => Number(rows.find((r) => r.chamber_id === id)?.n ?? 0))
  }
  const total = totalOf(list.map((c) => c.figures), { firm: await counts('firm'), mentor: await counts('mentor'), days: [] })
  total.medianDaysToMatch = round1(median(days.map((d) => Number(d.days))))
  return { year, regionCode, total, chambers: list }
}

// Exports: Italian headers, every text cell through the spreadsheet neutraliser.

const FIGURE_HEADERS = ['PID', 'Mentor attivi', 'Coppie attive', 'Coppie chiuse', 'Obiettivi raggiunti', 'Parzialmente raggiunti', 'Non raggiunti',
  'Interrotte', 'Sessioni', 'Ore', 'Soddisfazione imprese', 'Soddisfazione mentor', 'Giorni mediani per l\'abbinamento', 'Variazione maturità',
  'Imprese rivalutate', 'Spese approvate (EUR)', 'Spese in attesa (EUR)', 'Tetto dei mentor con spese (EUR)', 'Budget mentoring previsto (EUR)',
  'Budget mentoring speso (EUR)'] as const

const euros = (c: number | null) => (c === null ? null : centsToDecimal(c))
function figureRow(name: string, f: MentoringYearFigures): Cell[] {
  return [name, f.mentorsActive, f.pairsActive, f.pairsClosed, f.closedByOutcome.goals_met, f.closedByOutcome.partly_met, f.closedByOutcome.not_met,
    f.closedByOutcome.discontinued, f.sessions, f.hours, f.satisfactionFirm, f.satisfactionMentor, f.medianDaysToMatch, f.maturityChange, f.maturityFirms,
    euros(f.expensesApprovedCents), euros(f.expensesClaimedCents), euros(f.expensesCapCents), euros(f.budgetPlannedCents), euros(f.budgetSpentCents)]
}

export function figureRows(rows: { name: string; figures: MentoringYearFigures }[]): Cell[][] {
  return [[...FIGURE_HEADERS], ...rows.map((r) => figureRow(r.name, r.figures))]
}

const EXPENSE_HEADERS = ['N.', 'Data', 'Mentor', 'Categoria', 'Descrizione', 'Impresa', 'Importo (EUR)', 'Stato', 'Motivo del rifiuto', 'Ricevute'] as const
const CATEGORY_IT: Record<string, string> = { travel: 'Viaggio', accommodation: 'Alloggio', meals: 'Pasti', materials: 'Materiali', other: 'Altro' }
const STATUS_IT: Record<string, string> = { claimed: 'In attesa', approved: 'Approvata', rejected: 'Respinta' }
const itDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`

export function expenseRows(items: MentorExpense[]): Cell[][] {
  return [[...EXPENSE_HEADERS], ...items.map((e) => [e.id, itDate(e.spentOn), e.mentorName, CATEGORY_IT[e.category] ?? e.category, e.description,
    e.firmName ?? '', centsToDecimal(e.amountCents), STATUS_IT[e.status] ?? e.status, e.rejectReason ?? '', e.receipts.length])]
}
