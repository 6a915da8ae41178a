import { sql } from 'kysely'
import type { Db } from '../db/database.ts'

const DAY = 24 * 3600 * 1000

/** Goals by the request's area (two or three of them), a general pair otherwise. */
const GOALS: Record<string, string[]> = {
  ecommerce: ['Aprire il negozio online con i prodotti principali', 'Integrare pagamenti e spedizioni', 'Misurare le vendite online ogni mese'],
  digital_marketing: ['Definire un piano editoriale per i social', 'Avviare le prime campagne a pagamento con un budget controllato', 'Leggere i dati delle campagne'],
  data: ['Raccogliere in un unico foglio i dati di vendita', 'Costruire un cruscotto con gli indicatori chiave'],
  cybersecurity: ['Mettere in sicurezza posta e password', 'Definire una procedura di backup verificata', 'Formare il personale sul phishing'],
  security: ['Mettere in sicurezza posta e password', 'Definire una procedura di backup verificata'],
  strategy: ['Scrivere la roadmap digitale dei prossimi dodici mesi', 'Scegliere le priorità di investimento', 'Individuare i bandi utili'],
}
const DEFAULT_GOALS = ['Individuare le priorità digitali dell’impresa', 'Scegliere gli strumenti giusti e avviarli', 'Valutare i risultati con il titolare']

const SUMMARIES = [
  'Primo incontro: conoscenza dell’impresa, dei processi attuali e delle aspettative del titolare. Concordato il calendario.',
  'Analisi degli strumenti in uso e delle alternative sul mercato; individuate due soluzioni da provare.',
  'Prova guidata della soluzione scelta con il personale; preparato un elenco di attività per le prossime settimane.',
  'Verifica dei primi risultati e correzioni; l’impresa procede in autonomia sulle attività concordate.',
]
const NOTES = [
  'Il titolare è motivato ma ha poco tempo: meglio incontri brevi e compiti concreti.',
  'Il fornitore attuale del gestionale frena il cambiamento; da gestire con tatto.',
  'Il figlio del titolare è il vero riferimento operativo: coinvolgerlo sempre.',
  'Budget limitato quest’anno: suggerire soluzioni a basso costo e il voucher della Camera.',
]

/**
 * The demo's mentoring, engagement part (after the matching seed made accepted matches): for each
 * accepted match without an agreement, an agreement in force with two or three goals and two to four
 * sessions with Italian summaries and confidential notes, each on the firm's timeline; the last such
 * match closed with its outcome and both sides' feedback. Reads the matches from the tables (no
 * fixed ids); does nothing when there are none. Idempotent: matches with an agreement are left alone.
 */
export async function seedDemoMentoringEngagement(db: Db): Promise<void> {
  const matches = await db.selectFrom('mentoring_match as m').innerJoin('mentoring_request as q', 'q.id', 'm.request_id')
    .innerJoin('mentor as r', 'r.id', 'm.mentor_id')
    .leftJoin('mentoring_agreement as a', 'a.match_id', 'm.id')
    .select(['m.id', 'm.firm_id', 'm.chamber_id', 'm.request_id', 'm.responded_at', 'm.proposed_at', 'q.area', 'r.full_name', 'r.user_id', 'r.modes'])
    .where('m.status', '=', 'accepted').where('a.match_id', 'is', null).orderBy('m.id').execute()
  if (!matches.length) return
  const now = Date.now()
  await db.transaction().execute(async (tx) => {
    for (const [i, m] of matches.entries()) {
      const accepted = (m.responded_at ?? m.proposed_at).getTime()
      const goals = (GOALS[m.area] ?? DEFAULT_GOALS).slice(0, 2 + (i % 2)).map((text, k) => ({ key: `g${k + 1}`, text }))
      // The agreement signed a few days after the match, starting the week after.
      const signed = Math.min(accepted + 3 * DAY, now - 2 * DAY)
      const start = Math.min(signed + 4 * DAY, now - DAY)
      const count = 2 + (i % 3)
      await tx.insertInto('mentoring_agreement').values({
        match_id: m.id, goals: JSON.stringify(goals), planned_sessions: 6, planned_months: 4 + (i % 3),
        starts_on: new Date(start).toISOString().slice(0, 10), mentor_accepted_at: new Date(signed), firm_accepted_at: new Date(signed + 3600_000),
        firm_accepted_by: 'Il titolare', created_at: new Date(accepted), updated_at: new Date(signed),
      }).execute()
      await tx.insertInto('timeline_event').values({
        firm_id: m.firm_id, chamber_id: m.chamber_id, type: 'mentoring', occurred_at: new Date(signed + 3600_000), source_module: 'mentoring',
        summary: `Accordo di mentoring sottoscritto con ${m.full_name}: ${goals.length} obiettivi, 6 sessioni in ${4 + (i % 3)} mesi`,
        details: JSON.stringify({ matchId: m.id }),
      }).execute()
      // Sessions spread between the start and an hour ago, on the hour.
      const step = Math.floor((now - 3600_000 - start) / count)
      for (let k = 0; k < count; k++) {
        const heldAt = new Date(Math.floor((start + (k + 0.5) * step) / 3600_000) * 3600_000)
        const mode = m.modes.includes('web') && k % 2 === 1 ? 'web' : (m.modes[0] ?? 'in_person')
        const minutes = [90, 60, 120, 60][k]!
        const progress = Object.fromEntries(goals.map((g, j) => [g.key, Math.min(100, (k + 1) * (25 - j * 5))]))
        const s = await tx.insertInto('mentoring_session').values({
          match_id: m.id, held_at: heldAt, minutes, mode, web_link: mode === 'web' ? 'https://meet.example.it/pid-mentoring' : null,
          summary: SUMMARIES[k]!, confidential_notes: NOTES[(i + k) % NOTES.length]!, progress: JSON.stringify(progress), logged_by: m.user_id,
          created_at: heldAt, updated_at: heldAt,
        }).returning('id').executeTakeFirstOrThrow()
        const when = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' }).format(heldAt)
        await tx.insertInto('timeline_event').values({
          firm_id: m.firm_id, chamber_id: m.chamber_id, type: 'mentoring', occurred_at: heldAt, source_module: 'mentoring',
          summary: `Sessione di mentoring del ${when.replace(', ', ' alle ')} (${minutes} minuti, ${mode === 'web' ? 'web mentoring' : 'in presenza'})`,
          details: JSON.stringify({ matchId: m.id, sessionId: s.id, heldAt: heldAt.toISOString(), minutes, mode }),
        }).execute()
      }
    }
    // The last one closed, with its outcome and both sides' feedback (when there are two or more).
    if (matches.length < 2) return
    const last = matches[matches.length - 1]!
    await tx.updateTable('mentoring_match').set({
      status: 'closed', closed_at: sql`now()`, outcome: 'goals_met',
      outcome_notes: 'Obiettivi raggiunti: gli strumenti sono in uso e il personale è autonomo. Consigliata una nuova autovalutazione tra sei mesi.',
    }).where('id', '=', last.id).execute()
    await tx.updateTable('mentoring_request').set({ status: 'closed', closed_at: sql`now()` }).where('id', '=', last.request_id).execute()
    await tx.insertInto('mentoring_feedback').values([
      { match_id: last.id, side: 'mentor', rating: 5, comment: 'Impresa disponibile e puntuale, ha messo in pratica quanto concordato.' },
      { match_id: last.id, side: 'firm', rating: 5, comment: 'Un aiuto concreto: ora sappiamo da dove partire e cosa misurare.' },
    ]).execute()
    await tx.insertInto('timeline_event').values({
      firm_id: last.firm_id, chamber_id: last.chamber_id, type: 'mentoring', occurred_at: new Date(), source_module: 'mentoring',
      summary: `Percorso di mentoring con ${last.full_name} concluso: obiettivi raggiunti`, details: JSON.stringify({ matchId: last.id, outcome: 'goals_met' }),
    }).execute()
  })
}
