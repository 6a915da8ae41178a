import type { Db } from '../db/database.ts'
import { systemContext, type AuditContext } from '../core/audit.ts'
import { PgStorage } from '../core/storage.ts'
import { BudgetService } from '../modules/budget/budget.service.ts'
import { CrmService } from '../modules/crm/crm.service.ts'
import { Mailer } from '../core/mail.ts'
import { ExpensesService } from '../modules/mentoring/expenses/expenses.service.ts'
import { Webhooks } from '../modules/partner-api/webhooks/emitter.ts'
import type { JobQueue } from '../core/jobs.ts'

/** A one-page PDF receipt saying what was paid (valid enough for any viewer: header, objects, xref, trailer). */
export function receiptPdf(lines: string[]): Buffer {
  const text = lines.map((l, i) => `BT /F1 12 Tf 56 ${780 - i * 18} Td (${l.replace(/[()\\]/g, '')}) Tj ET`).join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => { offsets.push(Buffer.byteLength(out, 'latin1')); out += `${i + 1} 0 obj\n${o}\nendobj\n` })
  const xref = Buffer.byteLength(out, 'latin1')
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

/**
 * The demo's mentoring, expenses part (run after the earlier parts' seeds): Milano's 2026 programme
 * (a cap of 2,500 EUR per mentor) and, for the mentor linked to mentor@pid.example when the mentors
 * part linked one, two claims with a PDF receipt: one approved and spent on Milano's 'mentoring'
 * budget line through the service (of the latest plan year that has the line: the demo's plans
 * are 2017-2019), one of this autumn waiting for the coordinator.
 */
export async function seedDemoMentoringExpenses(db: Db, jobs: JobQueue): Promise<void> {
  const milano = await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirst()
  if (!milano) return
  const coordinator = await db.selectFrom('app_user').select('id').where('email', '=', 'coordinatore@pid.example').executeTakeFirst()
  const staffCtx: AuditContext = coordinator ? { actorId: coordinator.id, requestId: 'seed', ip: null } : systemContext('seed')
  const webhooks: Webhooks = new Webhooks({ crm: () => crm, jobs })
  const crm: CrmService = new CrmService(db, { mailer: new Mailer(null, 'demo'), publicUrl: '', webhooks })
  const service = new ExpensesService({ db, budget: new BudgetService(), storage: new PgStorage(), crm })
  await db.insertInto('mentoring_programme').values({ chamber_id: milano.id, year: 2026, expense_cap_cents: 250_000, updated_by: coordinator?.id ?? null })
    .onConflict((oc) => oc.columns(['chamber_id', 'year']).doNothing()).execute()

  const mentor = await db.selectFrom('mentor as m').innerJoin('app_user as u', 'u.id', 'm.user_id').select(['m.id', 'u.id as user_id'])
    .where('u.email', '=', 'mentor@pid.example').executeTakeFirst()
  if (!mentor) return
  const mentorCtx: AuditContext = { actorId: mentor.user_id, requestId: 'seed', ip: null }
  const receipt = (fileName: string, lines: string[]) => ({ fileName, contentBase64: receiptPdf(lines).toString('base64') })

  const line = await db.selectFrom('budget_line as l').innerJoin('budget_plan as p', 'p.id', 'l.plan_id').select('p.year')
    .where('p.chamber_id', '=', milano.id).where('l.category', '=', 'mentoring').where('p.year', '<=', 2026).orderBy('p.year', 'desc').executeTakeFirst()
  if (line) {
    const approved = await service.claim(mentor.id, {
      spentOn: `${line.year}-10-15`, category: 'travel', description: 'Treno Milano-Lodi e ritorno per la sessione in azienda', amountCents: 2_460,
      receipts: [receipt('biglietto-treno.pdf', ['Trenord - Biglietto di corsa semplice', `Milano Centrale - Lodi, 15/10/${line.year}`, 'Importo: 12,30 EUR x 2'])],
    }, mentorCtx)
    await service.approve(approved.chamberId, approved.id, staffCtx)
  }
  const match = await db.selectFrom('mentoring_match').select('id').where('mentor_id', '=', mentor.id).where('status', 'in', ['accepted', 'closed'])
    .orderBy('id').executeTakeFirst()
  await service.claim(mentor.id, {
    spentOn: '2026-11-20', category: 'materials', description: 'Manuale di e-commerce per la piccola impresa, usato nelle sessioni', amountCents: 3_890,
    matchId: match?.id ?? null,
    receipts: [receipt('ricevuta-libreria.pdf', ['Libreria Hoepli - Ricevuta n. 2026/4418', 'Milano, 20/11/2026', 'Importo: 38,90 EUR'])],
  }, mentorCtx)
}
