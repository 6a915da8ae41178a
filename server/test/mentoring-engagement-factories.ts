import type { Db } from '../src/db/database.ts'

/** Goals of a test agreement. */
export const TEST_GOALS = [{ key: 'shop', text: 'Aprire il negozio online' }, { key: 'social', text: 'Un piano editoriale per i social' }]

/** An agreement for the match, in force (both sides accepted) unless told otherwise. */
export async function makeAgreement(db: Db, matchId: number, options: { inForce?: boolean } = {}): Promise<void> {
  const now = new Date()
  const inForce = options.inForce ?? true
  await db.insertInto('mentoring_agreement').values({
    match_id: matchId, goals: JSON.stringify(TEST_GOALS), planned_sessions: 6, planned_months: 4, starts_on: '2026-01-15',
    mentor_accepted_at: inForce ? now : null, firm_accepted_at: inForce ? now : null, firm_accepted_by: inForce ? 'Mario Rossi, titolare' : null,
  }).execute()
}

/** A session body as the mentor area sends it. */
export const sessionBody = (overrides: Record<string, unknown> = {}) => ({
  heldAt: '2026-02-10T09:30:00.000Z', minutes: 90, mode: 'web', webLink: 'https://meet.example.it/abc',
  summary: 'Analisi del catalogo e scelta della piattaforma.', confidentialNotes: 'Il socio di minoranza frena il progetto.',
  progress: { shop: 30, social: 10 }, ...overrides,
})
