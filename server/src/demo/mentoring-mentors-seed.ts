import { sql } from 'kysely'
import type { Db } from '../db/database.ts'

/** The code of conduct's first version, as the national structure publishes it. */
export const DEMO_CODE_OF_CONDUCT = `Codice di condotta del mentor digitale – versione 1

1. Gratuità. Il mentor presta la propria opera a titolo gratuito: non chiede né accetta compensi, regali o altre utilità dalle imprese che segue, né propone loro servizi a pagamento propri o di terzi.

2. Riservatezza. Il mentor mantiene riservate le informazioni sull'impresa apprese durante il percorso e non le usa per fini diversi dal mentoring, anche dopo la sua conclusione.

3. Assenza di conflitti di interesse. Il mentor dichiara subito ogni rapporto con l'impresa o con il suo gruppo (clientela, partecipazioni, parentela, concorrenza) e non segue le imprese con cui è in conflitto.

4. Rispetto. Il mentor tratta le persone dell'impresa e del PID con correttezza e rispetto, senza discriminazioni, e rispetta tempi e decisioni dell'impresa, che resta libera di seguire o meno i suoi consigli.

5. Protezione dei dati. Il mentor tratta i dati personali solo per il percorso di mentoring, secondo il Regolamento (UE) 2016/679 e le istruzioni della camera di commercio, e li cancella al termine.

6. Indipendenza e qualità. Il mentor dà indicazioni fondate sulla propria esperienza, segnala i limiti delle proprie competenze e orienta l'impresa verso il PID e i suoi partner quando serve.`

type Status = 'applied' | 'selected' | 'active' | 'suspended' | 'retired' | 'rejected'

/**
 * The demo's mentors in Milano: the code of conduct's version 1, the demo mentor
 * (mentor@pid.example, active, version 1 accepted), and eight more Lombard experts without an
 * account, in every state of selection, one with a declared conflict of interest.
 */
export async function seedDemoMentoringMentors(db: Db): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const milano = await tx.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirst()
    if (!milano) return
    const national = await tx.selectFrom('app_user').select('id').where('email', '=', 'nazionale@pid.example').executeTakeFirst()
    const coordinator = await tx.selectFrom('app_user').select('id').where('email', '=', 'coordinatore@pid.example').executeTakeFirst()
    await tx.insertInto('mentoring_code_version').values({ version: 1, text: DEMO_CODE_OF_CONDUCT, published_by: national?.id ?? null,
      published_at: sql`now() - interval '60 days'` }).onConflict((oc) => oc.doNothing()).execute()
    const demoUser = await tx.selectFrom('app_user').select(['id', 'email']).where('email', '=', 'mentor@pid.example').executeTakeFirst()

    const mentors: { name: string; email: string; status: Status; reason?: string; expertise: string[]; sectors: string[]; provinces: string[];
      modes: string[]; languages?: string[]; max?: number; hours?: number; bio: string; user?: number; accepted?: boolean }[] = [
      { name: 'Marco Mentor', email: 'mentor@pid.example', status: 'active', expertise: ['strategy', 'ecommerce', 'digital_marketing', 'data'],
        sectors: ['C', 'G'], provinces: ['MI', 'MB'], modes: ['in_person', 'web'], languages: ['it', 'en'], max: 3, hours: 10, user: demoUser?.id,
        accepted: true, bio: "Vent'anni nel commercio elettronico di una media impresa della moda; oggi aiuta le PMI a vendere online." },
      { name: 'Francesca Colombo', email: 'francesca.colombo@mentor.example', status: 'active', expertise: ['cybersecurity', 'security', 'cloud'],
        sectors: ['J', 'M'], provinces: ['MI'], modes: ['web'], max: 4, hours: 8, accepted: true,
        bio: 'Responsabile della sicurezza informatica in una società di servizi; formatrice sul GDPR.' },
      { name: 'Giuseppe Brambilla', email: 'giuseppe.brambilla@mentor.example', status: 'active', expertise: ['advanced_manufacturing', 'industrial_iot', 'automation'],
        sectors: ['C'], provinces: ['MI', 'MB', 'LC'], modes: ['in_person'], max: 2, hours: 6, accepted: true,
        bio: 'Ingegnere di produzione in pensione, ha guidato la digitalizzazione di due stabilimenti meccanici in Brianza.' },
      { name: 'Chiara Galli', email: 'chiara.galli@mentor.example', status: 'selected', expertise: ['digital_marketing', 'human'],
        sectors: ['G', 'I'], provinces: ['MI'], modes: ['in_person', 'web'], languages: ['it', 'fr'], max: 3, hours: 8,
        bio: 'Consulente di comunicazione digitale per ristoranti e negozi di vicinato.' },
      { name: 'Luca Ferrari', email: 'luca.ferrari@mentor.example', status: 'applied', expertise: ['big_data_analytics', 'data'],
        sectors: ['K', 'M'], provinces: ['MI', 'PV'], modes: ['web'], max: 2, hours: 4,
        bio: 'Analista di dati in una banca; vuole aiutare le piccole imprese a leggere i propri numeri.' },
      { name: 'Elena Fontana', email: 'elena.fontana@mentor.example', status: 'applied', expertise: ['green', 'horizontal_vertical_integration'],
        sectors: ['C', 'E'], provinces: ['MI', 'LO'], modes: ['in_person', 'web'], max: 3, hours: 6,
        bio: 'Esperta di sostenibilità e di catene di fornitura digitali.' },
      { name: 'Roberto Villa', email: 'roberto.villa@mentor.example', status: 'suspended', reason: 'In pausa per un incarico all\'estero fino a giugno.',
        expertise: ['egov', 'readiness'], sectors: ['F', 'N'], provinces: ['MI'], modes: ['in_person'], max: 2, hours: 4, accepted: true,
        bio: 'Ex funzionario comunale, conosce SPID, PagoPA e fatturazione elettronica.' },
      { name: 'Anna Moretti', email: 'anna.moretti@mentor.example', status: 'retired', reason: 'Ha concluso la collaborazione con il PID.',
        expertise: ['augmented_reality', 'simulation'], sectors: ['C', 'P'], provinces: ['BG', 'MI'], modes: ['web'], max: 2, hours: 4, accepted: true,
        bio: 'Progettista di esperienze in realtà aumentata per la formazione tecnica.' },
      { name: 'Stefano Ricci', email: 'stefano.ricci@mentor.example', status: 'rejected', reason: 'Profilo commerciale: propone servizi a pagamento.',
        expertise: ['ecommerce'], sectors: ['G'], provinces: ['MI'], modes: ['web'], max: 3, hours: 8,
        bio: 'Titolare di una web agency.' },
    ]
    const ids = new Map<string, number>()
    for (const m of mentors) {
      const row = await tx.insertInto('mentor').values({
        chamber_id: milano.id, user_id: m.user ?? null, full_name: m.name, email: m.email, phone: '', bio: m.bio, expertise: m.expertise,
        sectors: m.sectors, languages: m.languages ?? ['it'], provinces: m.provinces, modes: m.modes, max_mentees: m.max ?? 3,
        hours_per_month: m.hours ?? 8, status: m.status, status_reason: m.reason ?? null, status_changed_by: coordinator?.id ?? null,
        created_by: coordinator?.id ?? null,
      }).onConflict((oc) => oc.expression(sql`lower(email)`).doNothing()).returning('id').executeTakeFirst()
      if (!row) continue
      ids.set(m.name, row.id)
      if (m.accepted) {
        await tx.insertInto('mentor_code_acceptance').values({ mentor_id: row.id, version: 1, accepted_at: sql`now() - interval '30 days'` }).execute()
      }
    }
    // A declared conflict: Giuseppe Brambilla has been consulting for one of Milano's firms.
    const brambilla = ids.get('Giuseppe Brambilla')
    const firms = await tx.selectFrom('firm').select(['id', 'name']).where('chamber_id', '=', milano.id).where('merged_into_id', 'is', null)
      .orderBy('id').limit(1).execute()
    if (brambilla && firms.length > 0) {
      await tx.insertInto('mentor_conflict').values({
        mentor_id: brambilla, label: firms[0]!.name, firm_ids: firms.map((f) => f.id),
        reason: "Consulente dell'impresa per l'automazione degli impianti fino al 2025.", declared_by: coordinator?.id ?? null,
      }).execute()
    }
  })
}
