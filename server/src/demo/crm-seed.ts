import { sizeClass, stageAfter, vatCheckDigit, type Stage, type TimelineType } from '@pid/shared'
import type { Tx } from '../db/database.ts'
import { personalTaxCode } from './fiscal-code.ts'

/** A small deterministic PRNG (mulberry32): the demo is the same on every machine. */
function rng(seed: number) {
  let a = seed
  const next = () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! }
}

const SURNAMES = ['Rossi', 'Bianchi', 'Colombo', 'Ferrari', 'Brambilla', 'Fumagalli', 'Galli', 'Villa', 'Sala', 'Cattaneo', 'Riva', 'Longoni', 'Mauri', 'Pozzi', 'Crippa', 'Fontana', 'Bassi', 'Conti', 'Ricci', 'Mariani']
const FIRST_NAMES = ['Luigi', 'Giulia', 'Marco', 'Francesca', 'Paolo', 'Chiara', 'Andrea', 'Elena', 'Stefano', 'Sara', 'Davide', 'Martina']
/** Name patterns by ATECO subcategory: [code, legal form, name]. */
const KINDS: [string, string, (s: string, place: string) => string][] = [
  ['01.13.11', 'societa_semplice', (s) => `Società agricola ${s} s.s.`],
  ['01.50.00', 'societa_semplice', (s, p) => `Azienda agricola Cascina ${p}`],
  ['10.71.10', 'snc', (s) => `Panificio ${s} & C. s.n.c.`],
  ['25.62.00', 'srl', (s, p) => `Officina Meccanica ${s} ${p} S.r.l.`],
  ['56.11.11', 'ditta_individuale', (s) => `Trattoria da ${s}`],
  ['55.10.00', 'srl', (_s, p) => `Hotel ${p} S.r.l.`],
  ['47.71.10', 'ditta_individuale', (s) => `Boutique ${s}`],
  ['43.21.01', 'srl', (s) => `Impianti Elettrici ${s} S.r.l.`],
  ['62.10.00', 'srls', (s) => `${s} Digital S.r.l.s.`],
  ['69.20.01', 'libero_professionista', (s) => `Studio commercialista ${s}`],
  ['71.12.10', 'libero_professionista', (s) => `Studio di ingegneria ${s}`],
  ['13.20.00', 'spa', (s, p) => `Tessitura ${p} ${s} S.p.A.`],
]
const PERSONAL_FORMS = new Set(['ditta_individuale', 'libero_professionista'])
/** Touches weighted as a PID sees them: many calls and events, fewer assessments, rare workshops. */
const TOUCHES: TimelineType[] = ['event_attendance', 'event_attendance', 'call', 'call', 'call', 'email', 'email',
  'desk_visit', 'desk_visit', 'promoter_visit', 'assessment']

const vat = (serial: number, office: string) => { const body = String(serial).padStart(7, '0') + office; return body + vatCheckDigit(body) }

/** A sole trader's personal code from plausible birth data. */
function personalCode(r: ReturnType<typeof rng>, surname: string, first: string, place: string): string {
  const born = new Date(Date.UTC(r.int(1950, 1999), r.int(0, 11), r.int(1, 28)))
  return personalTaxCode({ surname, name: first, born, female: r.next() < 0.4, cadastralCode: place })
}

interface SeedUsers { promoterId: number; coordinatorId: number; partnerUserId: number }

/**
 * The demo CRM: partner organisations (one with an agreement with Milano, its user linked), about
 * 240 firms with valid codes (most in Milano, some in Bergamo and Brescia), people with consents,
 * touches that moved firms along the awareness path, a segment and a referral.
 */
export async function seedDemoCrm(tx: Tx, chambers: Map<string, number>, users: SeedUsers): Promise<void> {
  const r = rng(2017)
  const partners = await tx.insertInto('partner').values([
    { name: 'Confartigianato Imprese Milano', kind: 'trade_association', email: 'pid@confartigianato-milano.example', competences: ['e-commerce', 'formazione', 'cybersecurity'] },
    { name: 'MADE Competence Center Industria 4.0', kind: 'competence_center', email: 'info@made-cc.example', competences: ['industria-4.0', 'automazione', 'intelligenza-artificiale'] },
    { name: 'Lombardia Digital Innovation Hub', kind: 'digital_innovation_hub', email: 'dih@lombardia-dih.example', competences: ['cloud', 'dati', 'industria-4.0'] },
  ]).returning('id').execute()
  const milano = chambers.get('Milano')!
  await tx.insertInto('partner_agreement').values({ partner_id: partners[0]!.id, chamber_id: milano, title: 'Convenzione PID 2017-2019', signed_on: '2017-03-01', valid_from: '2017-03-01' }).execute()
  await tx.insertInto('partner_member').values({ user_id: users.partnerUserId, partner_id: partners[0]!.id }).execute()

  const ateco = new Map((await tx.selectFrom('ateco').select(['code', 'section']).where('code', 'in', KINDS.map((k) => k[0])).execute()).map((a) => [a.code, a.section]))
  const places = await tx.selectFrom('municipality').select(['istat_code', 'name', 'province_code', 'cadastral_code']).where('province_code', 'in', ['MI', 'BG', 'BS']).execute()
  const byProvince = (p: string) => places.filter((m) => m.province_code === p)
  const named: { name: string; kind: number }[] = [
    { name: 'Società agricola Cascina Bianchi s.s.', kind: 0 },
    { name: 'Trattoria Da Gino di Rossi Luigi', kind: 4 },
    { name: 'Officine Meccaniche Lombarde S.r.l.', kind: 3 },
  ]
  const firms = []
  for (let i = 0; i < 240; i++) {
    const province = i < 200 ? 'MI' : i < 220 ? 'BG' : 'BS'
    const place = r.pick(byProvince(province))
    const kindIndex = i < named.length ? named[i]!.kind : r.int(0, KINDS.length - 1)
    const [code, form, makeName] = KINDS[kindIndex]!
    const surname = i === 1 ? 'Rossi' : r.pick(SURNAMES)
    const first = i === 1 ? 'Luigi' : r.pick(FIRST_NAMES)
    const companyVat = vat(3_100_000 + i, province === 'MI' ? '015' : province === 'BG' ? '016' : '017')
    const employees = PERSONAL_FORMS.has(form) ? r.int(0, 3) : r.int(2, 120)
    const turnover = employees * r.int(60_000, 160_000) * 100
    firms.push({
      chamber_id: chambers.get(province === 'MI' ? 'Milano' : province === 'BG' ? 'Bergamo' : 'Brescia')!,
      name: i < named.length ? named[i]!.name : makeName(surname, place.name),
      tax_code: PERSONAL_FORMS.has(form) ? personalCode(r, surname, first, place.cadastral_code) : companyVat,
      vat_number: companyVat, rea_province: province, rea_number: 1_500_000 + i, legal_form: form,
      ateco_code: code, ateco_section: ateco.get(code) ?? null, employees, turnover_cents: turnover,
      size_class: sizeClass(employees, turnover), founded_on: `${r.int(1960, 2016)}-0${r.int(1, 9)}-1${r.int(0, 9)}`,
      address: `Via ${r.pick(SURNAMES)} ${r.int(1, 120)}`, postal_code: '20100', municipality_code: place.istat_code,
      province_code: province, pec: `${companyVat}@pec.example`, assigned_to: i % 3 === 0 ? users.promoterId : null,
      tags: i % 7 === 0 ? ['export'] : i % 11 === 0 ? ['giovani-imprenditori'] : [],
      registered_by_partner_id: i % 25 === 5 ? partners[0]!.id : null,
    })
  }
  const inserted = await tx.insertInto('firm').values(firms).returning(['id', 'chamber_id']).execute()

  const events = []
  const stageChanges: { firmIndex: number; from: Stage; to: Stage; at: Date }[] = []
  const now = Date.now()
  for (const [i, f] of inserted.entries()) {
    const count = i < 3 ? 3 : r.next() < 0.35 ? 0 : r.int(1, 5)
    let stage: Stage = 0
    let last: Date | null = null
    const times = Array.from({ length: count }, () => now - r.int(2, 360) * 86_400_000).sort((a, b) => a - b)
    for (const t of times) {
      const type = r.next() < 0.03 ? 'workshop' : r.pick(TOUCHES)
      const at = new Date(t)
      events.push({ firm_id: f.id, chamber_id: f.chamber_id, type, occurred_at: at, summary: SUMMARY[type] ?? 'Contatto', author_id: r.next() < 0.7 ? users.promoterId : users.coordinatorId, details: '{}' })
      const next = stageAfter(stage, type)
      if (next !== stage) stageChanges.push({ firmIndex: i, from: stage, to: next, at })
      stage = next
      last = at
    }
    if (count) await tx.updateTable('firm').set({ stage, stage_changed_at: last, last_touch_at: last }).where('id', '=', f.id).execute()
  }
  if (events.length) await tx.insertInto('timeline_event').values(events).execute()
  if (stageChanges.length) {
    await tx.insertInto('stage_change').values(stageChanges.map((s) => ({
      firm_id: inserted[s.firmIndex]!.id, from_stage: s.from, to_stage: s.to, automatic: true, reason: 'automatic', changed_at: s.at,
    }))).execute()
  }

  const contacts = await tx.insertInto('contact').values(inserted.slice(0, 60).map((f, i) => ({
    firm_id: f.id, first_name: FIRST_NAMES[i % FIRST_NAMES.length]!, last_name: SURNAMES[(i * 7) % SURNAMES.length]!,
    job_title: i % 2 ? 'Titolare' : 'Responsabile amministrativo', email: `contatto${i}@impresa.example`, phone: `+39 02 555 ${String(1000 + i)}`,
  }))).returning('id').execute()
  await tx.insertInto('consent').values(contacts.map((c) => ({
    contact_id: c.id, purpose: 'service', granted_at: new Date(now - 90 * 86_400_000), source: 'sportello PID', text_version: 'informativa-2024-01',
  }))).execute()
  await seedDemoMailings(tx, milano, users.coordinatorId, contacts.map((c) => c.id), now)
  await tx.insertInto('segment').values({
    chamber_id: milano, name: 'Agricoltura da valutare', description: 'Imprese agricole senza autovalutazione',
    filter: JSON.stringify({ sections: ['A'], neverAssessed: true }), created_by: users.coordinatorId,
  }).execute()
  const referral = await tx.insertInto('referral').values({
    firm_id: inserted[0]!.id, chamber_id: milano, partner_id: partners[0]!.id, created_by: users.coordinatorId,
    need: "Apertura di un canale di vendita online per i prodotti dell'azienda agricola",
    due_on: new Date(now + 10 * 86_400_000).toISOString().slice(0, 10),
  }).returning('id').executeTakeFirstOrThrow()
  await tx.insertInto('referral_step').values({ referral_id: referral.id, from_status: null, to_status: 'sent', actor_id: users.coordinatorId }).execute()
}

const SUMMARY: Partial<Record<TimelineType, string>> = {
  event_attendance: 'Partecipazione al seminario "Impresa 4.0: le opportunità"',
  call: 'Telefonata di presentazione dei servizi PID',
  email: 'Invio del materiale informativo sui voucher digitali',
  desk_visit: 'Visita allo sportello PID',
  promoter_visit: 'Visita in azienda del digital promoter',
  assessment: 'Autovalutazione della maturità digitale completata',
  workshop: 'Partecipazione al laboratorio sul commercio elettronico',
}

/**
 * Mailings: the first 30 people took the newsletter (every third also profiling); a sent mailing
 * with its figures (delivered, a bounce, an unsubscribe, opens and clicks of the tracked) and a draft.
 */
async function seedDemoMailings(tx: Tx, milano: number, coordinatorId: number, contactIds: number[], now: number): Promise<void> {
  const day = 86_400_000
  const readers = contactIds.slice(0, 30)
  await tx.insertInto('consent').values(readers.flatMap((id, i) => [
    { contact_id: id, purpose: 'newsletter', granted_at: new Date(now - 60 * day), source: 'sito PID', text_version: 'informativa-2024-01' },
    ...(i % 3 === 0 ? [{ contact_id: id, purpose: 'profiling', granted_at: new Date(now - 60 * day), source: 'sito PID', text_version: 'informativa-2024-01' }] : []),
  ])).execute()
  const segment = await tx.insertInto('segment').values({
    chamber_id: milano, name: 'Tutte le imprese di Milano', description: 'Ogni impresa della camera (per la newsletter)',
    filter: JSON.stringify({}), created_by: coordinatorId,
  }).returning('id').executeTakeFirstOrThrow()
  const body = 'Gentile {{persona.nome}},\n\nla {{camera.nome}} presenta i nuovi voucher per la digitalizzazione: {{impresa.nome}} può chiedere fino a 10.000 euro.\nTutti i dettagli: https://www.pid.example/voucher-2025\n\nIl team del Punto Impresa Digitale'
  const sentAt = new Date(now - 7 * day)
  const sent = await tx.insertInto('mailing').values({
    chamber_id: milano, segment_id: segment.id, purpose: 'newsletter', subject: 'Voucher digitali 2025: le novità per {{impresa.nome}}', body,
    links: JSON.stringify(['https://www.pid.example/voucher-2025']), status: 'sent', send_at: sentAt, started_at: sentAt,
    finished_at: new Date(sentAt.getTime() + 60_000), created_by: coordinatorId, created_at: new Date(now - 8 * day), updated_at: sentAt,
  }).returning('id').executeTakeFirstOrThrow()
  const people = await tx.selectFrom('contact').select(['id', 'firm_id', 'email']).where('id', 'in', readers).orderBy('id').execute()
  await tx.insertInto('mailing_recipient').values(people.map((p, i) => {
    const bounced = i === 4
    return {
      mailing_id: sent.id, contact_id: p.id, firm_id: p.firm_id, email: p.email, tracked: i % 3 === 0, attempts: 1,
      status: bounced ? 'bounced' : i % 4 === 0 ? 'sent' : 'delivered', message_id: `<mailing.${sent.id}.demo${i}@pid.example>`,
      error: bounced ? '550 5.1.1 utente sconosciuto' : null, sent_at: sentAt, bounced_at: bounced ? sentAt : null,
      delivered_at: !bounced && i % 4 !== 0 ? sentAt : null, opened_at: i % 3 === 0 && i < 20 ? new Date(sentAt.getTime() + 3600_000) : null,
      clicked_at: i % 6 === 0 ? new Date(sentAt.getTime() + 7200_000) : null, unsubscribed_at: i === 7 ? new Date(sentAt.getTime() + 86_400_000) : null,
    }
  })).execute()
  const bouncedEmail = people[4]?.email
  if (bouncedEmail) await tx.insertInto('mailing_suppression').values({ email: bouncedEmail.toLowerCase(), reason: 'hard_bounce' }).execute()
  if (people[7]) await tx.updateTable('consent').set({ withdrawn_at: new Date(sentAt.getTime() + 86_400_000) }).where('contact_id', '=', people[7].id).where('purpose', '=', 'newsletter').execute()
  await tx.insertInto('timeline_event').values(people.filter((_, i) => i !== 4).map((p) => ({
    firm_id: p.firm_id, chamber_id: milano, type: 'email', occurred_at: sentAt, summary: 'Mailing «Voucher digitali 2025» inviato',
    contact_id: p.id, source_module: 'mailings', details: JSON.stringify({ mailingId: sent.id, purpose: 'newsletter' }),
  }))).execute()
  await tx.insertInto('mailing').values({
    chamber_id: milano, segment_id: segment.id, purpose: 'events', subject: 'Invito: Impresa 4.0 e intelligenza artificiale',
    body: 'Gentile {{persona.nome}},\n\nla {{camera.nome}} invita {{impresa.nome}} al seminario sull\'intelligenza artificiale per le PMI.\nIscrizioni: https://www.pid.example/eventi\n\nA presto',
    links: JSON.stringify(['https://www.pid.example/eventi']), created_by: coordinatorId,
  }).execute()
}
