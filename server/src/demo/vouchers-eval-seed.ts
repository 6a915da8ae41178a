import { sql } from 'kysely'
import type { AuditContext } from '../core/audit.ts'
import type { CreateCallBody, FirmCreateApplicationBody } from '@pid/shared'
import type { Db } from '../db/database.ts'
import type { Jobs } from '../core/jobs.ts'
import { Mailer } from '../core/mail.ts'
import { PgStorage } from '../core/storage.ts'
import { insertFirmLink } from '../core/auth/firm-access.ts'
import { CrmService } from '../modules/crm/crm.service.ts'
import { BudgetService } from '../modules/budget/budget.service.ts'
import { AssessmentService } from '../modules/assessment/assessment.service.ts'
import { CallsService } from '../modules/vouchers/calls.service.ts'
import { ApplicationsService } from '../modules/vouchers/applications.service.ts'
import { AllocationService, CLOSING_JOB } from '../modules/vouchers/allocation.service.ts'
import { submitAll, type Pending } from '../modules/vouchers/submission.ts'
import { AdmissibilityService } from '../modules/vouchers/admissibility.service.ts'
import { EvaluationService } from '../modules/vouchers/evaluation.service.ts'
import { DecisionsService } from '../modules/vouchers/decisions.service.ts'
import { ReportingService } from '../modules/vouchers/reporting.service.ts'
import { Webhooks } from '../modules/partner-api/webhooks/emitter.ts'

const DAY = 24 * 3600_000
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

const rule: CreateCallBody['grantRule'] = {
  maxGrantCents: 500_000, ratePm: 500, minSpendCents: 300_000, bonuses: [{ kind: 'legality_rating', amountCents: 25_000 }],
  categories: [
    { code: 'consulenza', label: { it: 'Consulenza', en: 'Consulting' }, capPm: 300 },
    { code: 'formazione', label: { it: 'Formazione', en: 'Training' } },
    { code: 'tecnologie', label: { it: 'Tecnologie I4.0', en: 'I4.0 technology' } },
  ],
}
const base = (now: number): Omit<CreateCallBody, 'code' | 'title' | 'summary' | 'allocation' | 'envelopeCents'> => ({
  // Published with a window still open (publishing refuses a closed one), then moved into the past below.
  opensAt: new Date(now - 30 * DAY).toISOString(), closesAt: new Date(now + 3600_000).toISOString(), budgetYear: 2019, allowRemainder: false,
  grantRule: rule, quotas: [], rankingCriteria: [], documents: [],
  eligibility: { sizeClasses: ['micro', 'small', 'medium'], seatInChamber: true, activeInRegister: true, atecoExclusions: ['A'], annualFeePaid: true, assessment: null },
  reportingDeadline: new Date(now + 60 * DAY).toISOString().slice(0, 10), rnaCarCode: '21744', cup: 'J45F25000020005',
})

const expense = (category: string, amountCents: number, supplierName: string, description: string) =>
  ({ category, supplierName, supplierVat: '12345678903', description, amountCents })
const PROJECTS: FirmCreateApplicationBody['expenses'][] = [
  [expense('tecnologie', 900_000, 'Cloud Lombardia S.r.l.', 'ERP in cloud con magazzino'), expense('formazione', 200_000, 'Academy Digitale S.r.l.', 'Formazione del personale')],
  [expense('tecnologie', 1_000_000, 'Robotica Brianza S.r.l.', 'Cobot per il confezionamento')],
  [expense('consulenza', 300_000, 'Studio Verdi', 'Piano di trasformazione digitale'), expense('tecnologie', 700_000, 'Web Factory S.r.l.', 'E-commerce B2B')],
  [expense('formazione', 800_000, 'Academy Digitale S.r.l.', 'Percorso sulla sicurezza informatica')],
  [expense('tecnologie', 1_200_000, 'Sensoristica Lombarda S.r.l.', 'Monitoraggio energetico IoT')],
  [expense('tecnologie', 600_000, 'Cloud Lombardia S.r.l.', 'CRM e fatturazione elettronica')],
]

/** A FatturaPA 1.2 invoice from the demo supplier to the firm (as the SdI would deliver it). */
function demoInvoice(buyerTaxCode: string, number: string, date: string, taxableCents: number): string {
  const amt = (c: number) => (c / 100).toFixed(2)
  const vat = Math.round(taxableCents * 0.22)
  return `<?xml version="1.0" encoding="UTF-8"?>
<p:FatturaElettronica versione="FPR12" xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2">
<FatturaElettronicaHeader><CedentePrestatore><DatiAnagrafici><IdFiscaleIVA><IdPaese>IT</IdPaese><IdCodice>12345678903</IdCodice></IdFiscaleIVA>
<Anagrafica><Denominazione>Cloud Lombardia S.r.l.</Denominazione></Anagrafica><RegimeFiscale>RF01</RegimeFiscale></DatiAnagrafici></CedentePrestatore>
<CessionarioCommittente><DatiAnagrafici><CodiceFiscale>${buyerTaxCode}</CodiceFiscale><Anagrafica><Denominazione>Impresa</Denominazione></Anagrafica>
</DatiAnagrafici></CessionarioCommittente></FatturaElettronicaHeader>
<FatturaElettronicaBody><DatiGenerali><DatiGeneraliDocumento><TipoDocumento>TD01</TipoDocumento><Divisa>EUR</Divisa><Data>${date}</Data>
<Numero>${number}</Numero><ImportoTotaleDocumento>${amt(taxableCents + vat)}</ImportoTotaleDocumento></DatiGeneraliDocumento></DatiGenerali>
<DatiBeniServizi><DatiRiepilogo><AliquotaIVA>22.00</AliquotaIVA><ImponibileImporto>${amt(taxableCents)}</ImponibileImporto><Imposta>${amt(vat)}</Imposta>
</DatiRiepilogo></DatiBeniServizi></FatturaElettronicaBody></p:FatturaElettronica>`
}

/**
 * The evaluation side of the demo vouchers (after seedDemoVouchers): in Milano,
 * - VD-MI-2026-GRAD, a ranking call whose window closed: five checklists recorded (one not
 *   admissible), three of the four admissible applications scored, one checklist and one score
 *   still to do before the ranking can be computed;
 * - VD-MI-2025, a closed first-come-first-served call: one grant whose report (a FatturaPA invoice
 *   with its proof of payment) waits for the coordinator's check, one grant still being reported,
 *   one application not admitted.
 */
export async function seedDemoVoucherEvaluation(db: Db, jobs: Jobs): Promise<void> {
  const webhooks: Webhooks = new Webhooks({ crm: () => crm, jobs })
  const crm: CrmService = new CrmService(db, { mailer: new Mailer(null, 'demo'), publicUrl: '', webhooks })
  const assessment = new AssessmentService()
  const allocation = new AllocationService({ db, crm, webhooks: webhooks })
  const calls = new CallsService({ db, budget: new BudgetService(), jobs })
  const applications = new ApplicationsService(db, crm, new PgStorage())
  const admissibility = new AdmissibilityService({ db, crm, assessment })
  const evaluation = new EvaluationService({ db, crm, allocation })
  const decisions = new DecisionsService({ db, crm, mailer: new Mailer(null, 'demo'), allocation, webhooks: webhooks })
  const reporting = new ReportingService({ db, crm, assessment, storage: new PgStorage() })
  const milano = (await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()).id
  const coordinator = await db.selectFrom('app_user').select('id').where('email', '=', 'coordinatore@pid.example').executeTakeFirst()
  const ctx: AuditContext = { actorId: coordinator?.id ?? null, requestId: 'seed', ip: null }
  const now = Date.now()
  // Firms after the six of the first demo call.
  const firms = await db.selectFrom('firm').select(['id', 'tax_code']).where('chamber_id', '=', milano).where('status', '=', 'active')
    .where('size_class', 'in', ['micro', 'small', 'medium']).where('merged_into_id', 'is', null)
    .where(sql<boolean>`ateco_section NOT IN ('A', 'K')`).orderBy('id').offset(6).limit(9).execute()
  if (firms.length < 9) return

  /** Drafts and submits through the real path, then places the call's window (and the submissions in it) in the past. */
  async function applyAll(callId: number, list: typeof firms, closedDaysAgo: number): Promise<number[]> {
    const pending: Pending[] = []
    for (const [i, firm] of list.entries()) {
      const link = await insertFirmLink(db, { firmId: firm.id, chamberId: milano, purposes: ['vouchers'], validDays: 30, createdBy: null })
      const draft = await applications.createDraft(callId, firm.id, {
        expenses: PROJECTS[i % PROJECTS.length]!, contact: { name: 'Referente digitale', email: `valutazione${firm.id}@impresa.example` },
        declarations: { truthful: true, annualFeePaid: true, deMinimisAidCents: 0, notInDifficulty: true, noDoubleFunding: true, legalityRating: i === 1 },
      }, { kind: 'firm', linkId: link.id }, ctx, milano)
      pending.push({ input: { applicationId: draft.id, firmId: firm.id, scope: `firm:${firm.id}`, key: null, fingerprint: `submit:${draft.id}`, ctx,
        receivedAt: new Date(now + i), submittedBy: null }, resolve: () => {}, reject: () => {} })
    }
    const results = await submitAll(db, { crm, assessment, webhooks: webhooks }, pending, (err) => { throw err })
    for (const r of results.values()) if (r instanceof Error) throw r
    await sql`UPDATE voucher_call SET opens_at = now() - make_interval(days => ${closedDaysAgo + 30}), closes_at = now() - make_interval(days => ${closedDaysAgo}),
      last_submitted_at = now() - make_interval(days => ${closedDaysAgo + 1}) WHERE id = ${callId}`.execute(db)
    await sql`UPDATE voucher_application SET submitted_at = now() - make_interval(days => ${closedDaysAgo + 2}) + make_interval(mins => protocol_number),
      received_at = now() - make_interval(days => ${closedDaysAgo + 2}) + make_interval(mins => protocol_number) WHERE call_id = ${callId}`.execute(db)
    await jobs.bringForward(CLOSING_JOB, { callId })
    await allocation.closeWindow(callId)
    return pending.map((p) => p.input.applicationId)
  }
  const checklist = async (applicationId: number, fail?: string) => {
    const view = await admissibility.view(milano, applicationId)
    await admissibility.record(milano, applicationId, {
      checks: view.proposed.map((p) => ({ code: p.code, outcome: p.code === fail ? 'fail' as const : 'pass' as const,
        ...(p.code === fail ? { note: 'preventivi non intestati all\'impresa' } : p.outcome === 'fail' ? { note: 'verificato sulla visura camerale' } : {}) })),
      notes: 'istruttoria formale',
    }, ctx)
  }

  // The ranking call, in evaluation.
  const grad = await calls.create(milano, { ...base(now), code: 'VD-MI-2026-GRAD', allocation: 'ranking', envelopeCents: 1_200_000,
    title: { it: 'Voucher transizione digitale 2026 - graduatoria', en: 'Digital transition vouchers 2026 - ranking' },
    summary: { it: 'Contributi assegnati per graduatoria di merito dopo la chiusura del bando.', en: 'Grants by merit ranking after the call closes.' },
    rankingCriteria: [
      { code: 'qualita', label: { it: 'Qualità del progetto', en: 'Project quality' }, weight: 50, maxScore: 10 },
      { code: 'impatto', label: { it: 'Impatto sulla maturità digitale', en: 'Impact on digital maturity' }, weight: 30, maxScore: 10 },
      { code: 'rete', label: { it: 'Progetto in rete con un Digital Innovation Hub', en: 'Joint project with a DIH' }, weight: 20, maxScore: 10 },
    ] }, ctx)
  await calls.publish(milano, grad.id, ctx)
  const ranked = await applyAll(grad.id, firms.slice(0, 6), 5)
  for (const id of ranked.slice(0, 4)) await checklist(id)
  await checklist(ranked[4]!, 'documents')
  const scores: [number, number, number][] = [[8, 7, 10], [9, 6, 0], [6, 9, 5]]
  for (const [i, [q, imp, rete]] of scores.entries()) {
    await evaluation.recordScores(milano, ranked[i]!, { scores: [{ criterion: 'qualita', score: q }, { criterion: 'impatto', score: imp }, { criterion: 'rete', score: rete }] }, ctx)
  }

  // The closed first-come-first-served call: grants, one report to check.
  const closed = await calls.create(milano, { ...base(now), code: 'VD-MI-2025', allocation: 'fcfs', envelopeCents: 1_500_000,
    title: { it: 'Voucher digitali Impresa 4.0 - 2025', en: 'Digital vouchers Impresa 4.0 - 2025' },
    summary: { it: 'Bando a sportello chiuso: contributi concessi, rendicontazione in corso.', en: 'Closed first-come-first-served call: grants made, reporting under way.' } }, ctx)
  await calls.publish(milano, closed.id, ctx)
  const [reported, reporting2, refused] = await applyAll(closed.id, firms.slice(6, 9), 90) as [number, number, number]
  await checklist(reported)
  await decisions.decide(milano, reported, { outcome: 'granted', corCode: '9871001' }, ctx)
  await checklist(reporting2)
  await decisions.decide(milano, reporting2, { outcome: 'granted', corCode: '9871002' }, ctx)
  await decisions.decide(milano, refused, { outcome: 'not_admitted', reason: 'impresa non in regola con il diritto annuale' }, ctx)
  const firm = firms[6]!
  const invoiceDay = new Date(now - 20 * DAY).toISOString().slice(0, 10)
  const inv = await reporting.addXml(reported, { category: 'tecnologie', fileName: `IT12345678903_${firm.id}.xml` }, 'application/xml',
    Buffer.from(demoInvoice(firm.tax_code, `FT-2025/${firm.id}`, invoiceDay, 900_000)), ctx)
  await reporting.attach(reported, inv.id, { kind: 'payment_proof', fileName: 'bonifico.pdf' }, 'application/pdf', PDF, ctx)
  const manual = await reporting.addManual(reported, { category: 'formazione', supplierName: 'Academy Digitale S.r.l.', supplierVat: '12345678903',
    number: `AD-${firm.id}`, issueDate: invoiceDay, taxableCents: 200_000, totalCents: 244_000 }, ctx)
  await reporting.attach(reported, manual.id, { kind: 'invoice', fileName: 'fattura-formazione.pdf' }, 'application/pdf', PDF, ctx)
  await reporting.attach(reported, manual.id, { kind: 'payment_proof', fileName: 'bonifico-formazione.pdf' }, 'application/pdf', PDF, ctx)
  await reporting.submit(reported, ctx)
}
