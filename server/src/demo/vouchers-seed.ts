import { sql } from 'kysely'
import type { CreateCallBody, FirmCreateApplicationBody } from '@pid/shared'
import type { Db } from '../db/database.ts'
import type { JobQueue } from '../core/jobs.ts'
import { systemContext } from '../core/audit.ts'
import { insertFirmLink } from '../core/auth/firm-access.ts'
import { CrmService } from '../modules/crm/crm.service.ts'
import { Mailer } from '../core/mail.ts'
import { PgStorage } from '../core/storage.ts'
import { BudgetService } from '../modules/budget/budget.service.ts'
import { AssessmentService } from '../modules/assessment/assessment.service.ts'
import { CallsService } from '../modules/vouchers/calls.service.ts'
import { ApplicationsService } from '../modules/vouchers/applications.service.ts'
import { AllocationService } from '../modules/vouchers/allocation.service.ts'
import { submitAll, type Pending } from '../modules/vouchers/submission.ts'
import { Webhooks } from '../modules/partner-api/webhooks/emitter.ts'

const DAY = 24 * 3600_000

/** The first-come-first-served call of the demo, as the 2021-2025 calls were: 50% up to 5,000 EUR, consultancy at most 30%. */
function openCall(now: number): CreateCallBody {
  return {
    code: 'VD-MI-2026',
    title: { it: 'Voucher digitali Impresa 4.0 - 2026', en: 'Digital vouchers Impresa 4.0 - 2026' },
    summary: { it: 'Contributi a fondo perduto per consulenza, formazione e tecnologie digitali delle micro, piccole e medie imprese.',
      en: 'Grants for consulting, training and digital technology of micro, small and medium firms.' },
    body: { it: 'Domande a sportello, in ordine cronologico di presentazione, fino a esaurimento della dotazione. Il 30% è riservato alle micro imprese.' },
    opensAt: new Date(now - 2 * DAY).toISOString(), closesAt: new Date(now + 30 * DAY).toISOString(),
    // The demo budget has plans for 2017-2019 only: the call draws on Milano's 2019 voucher line.
    budgetYear: 2019, envelopeCents: 2_500_000, allocation: 'fcfs', allowRemainder: true,
    grantRule: {
      maxGrantCents: 500_000, ratePm: 500, minSpendCents: 300_000, bonuses: [{ kind: 'legality_rating', amountCents: 25_000 }],
      categories: [
        { code: 'consulenza', label: { it: 'Consulenza', en: 'Consulting' }, capPm: 300 },
        { code: 'formazione', label: { it: 'Formazione', en: 'Training' } },
        { code: 'tecnologie', label: { it: 'Tecnologie I4.0', en: 'I4.0 technology' } },
      ],
    },
    eligibility: { sizeClasses: ['micro', 'small', 'medium'], seatInChamber: true, activeInRegister: true, atecoExclusions: ['A', '64', '65', '66'],
      annualFeePaid: true, assessment: null },
    quotas: [{ code: 'micro', label: { it: 'Riserva micro imprese', en: 'Micro firms' }, sharePm: 300, sizeClasses: ['micro'], atecoPrefixes: [] }],
    rankingCriteria: [],
    documents: [{ code: 'preventivo', label: { it: 'Preventivo del fornitore', en: "Supplier's quote" }, required: false,
      mediaTypes: ['application/pdf', 'application/pkcs7-mime'], maxBytes: 5 * 1024 * 1024 }],
    reportingDeadline: new Date(now + 400 * DAY).toISOString().slice(0, 10), rnaCarCode: '21743', cup: 'J45F26000010005',
  }
}

const rankingDraft = (now: number): CreateCallBody => ({
  ...openCall(now), code: 'VD-MI-2027-FORM', allocation: 'ranking', allowRemainder: false, quotas: [],
  title: { it: 'Voucher formazione digitale 2027' }, summary: { it: 'Graduatoria per merito: progetti di formazione sulle competenze digitali.' },
  opensAt: new Date(now + 60 * DAY).toISOString(), closesAt: new Date(now + 90 * DAY).toISOString(), envelopeCents: 5_000_000,
  rankingCriteria: [
    { code: 'qualita', label: { it: 'Qualità del progetto' }, weight: 50, maxScore: 10 },
    { code: 'impatto', label: { it: 'Impatto sulla maturità digitale' }, weight: 30, maxScore: 10 },
    { code: 'rete', label: { it: 'Progetto aggregato con un Digital Innovation Hub' }, weight: 20, maxScore: 10 },
  ],
})

const expense = (category: string, amountCents: number, supplierName: string, description: string) => ({ category, supplierName, description, amountCents })
const DRAFTS: FirmCreateApplicationBody[] = [
  { expenses: [expense('tecnologie', 1_000_000, 'Cloud Lombardia S.r.l.', 'Gestionale in cloud e migrazione dei dati')] },
  { expenses: [expense('formazione', 600_000, 'Academy Digitale S.r.l.', 'Corso sul commercio elettronico'), expense('consulenza', 200_000, 'Studio Rossi', 'Piano di marketing digitale')] },
  { expenses: [expense('tecnologie', 900_000, 'Sicurezza IT S.p.A.', 'Firewall e backup'), expense('consulenza', 300_000, 'Cyber Advisor S.r.l.', 'Valutazione dei rischi informatici')],
    declarations: { legalityRating: true } },
  { expenses: [expense('tecnologie', 1_200_000, 'Robotica Brianza S.r.l.', 'Sensori IoT sulla linea di produzione')] },
  { expenses: [expense('tecnologie', 800_000, 'Web Factory S.r.l.', 'Negozio online con pagamenti PagoPA e carte')] },
  { expenses: [expense('formazione', 400_000, 'Academy Digitale S.r.l.', 'Formazione sul CRM')] },
]

/**
 * The vouchers of the demo: an open first-come-first-served call in Milano with a quota for micro
 * firms, five firms that submitted (through the real submission path) of which one withdrew, one
 * draft still being filled in, and a ranking call in draft for the editor.
 */
export async function seedDemoVouchers(db: Db, jobs: JobQueue): Promise<void> {
  const ctx = systemContext('seed')
  const webhooks: Webhooks = new Webhooks({ crm: () => crm, jobs })
  const crm: CrmService = new CrmService(db, { mailer: new Mailer(null, 'demo'), publicUrl: '', webhooks })
  const calls = new CallsService({ db, budget: new BudgetService(), jobs })
  const milano = (await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()).id
  const now = Date.now()
  const call = await calls.create(milano, openCall(now), ctx)
  await calls.publish(milano, call.id, ctx)
  await calls.create(milano, rankingDraft(now), ctx)

  const firms = await db.selectFrom('firm').select('id').where('chamber_id', '=', milano).where('status', '=', 'active')
    .where('size_class', 'in', ['micro', 'small', 'medium']).where('merged_into_id', 'is', null)
    .where(sql<boolean>`ateco_section NOT IN ('A', 'K')`).orderBy('id').limit(DRAFTS.length).execute()
  const applications = new ApplicationsService(db, crm, new PgStorage())
  const drafts: { firmId: number; applicationId: number }[] = []
  for (const [i, firm] of firms.entries()) {
    const link = await insertFirmLink(db, { firmId: firm.id, chamberId: milano, purposes: ['vouchers'], validDays: 30, createdBy: null })
    const d = DRAFTS[i]!
    const draft = await applications.createDraft(call.id, firm.id, {
      ...d, declarations: { truthful: true, annualFeePaid: true, deMinimisAidCents: 1_500_000, notInDifficulty: true, noDoubleFunding: true, ...d.declarations },
      contact: { name: 'Referente digitale', email: `voucher${i + 1}@impresa.example` },
    }, { kind: 'firm', linkId: link.id }, ctx, milano)
    drafts.push({ firmId: firm.id, applicationId: draft.id })
  }
  const pending: Pending[] = drafts.slice(0, 5).map((d, i) => ({
    input: { applicationId: d.applicationId, firmId: d.firmId, scope: `firm:${d.firmId}`, key: null, fingerprint: `submit:${d.applicationId}`, ctx,
      receivedAt: new Date(now + i), submittedBy: null },
    resolve: () => {}, reject: () => {},
  }))
  const results = await submitAll(db, { crm, assessment: new AssessmentService(), webhooks: webhooks }, pending, (err) => { throw err })
  for (const r of results.values()) if (r instanceof Error) throw r
  await new AllocationService({ db, crm, webhooks: webhooks }).withdraw(drafts[1]!.applicationId, ctx, 'Progetto rinviato al prossimo anno')
}
