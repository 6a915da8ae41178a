import type { Db } from '../src/db/database.ts'
import { amountLines, makePlan, makeProgramme } from './budget-factories.ts'

/** A minimal PDF: a receipt whose bytes say it is one. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
/** A 1x1 PNG. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c6360483b0300019c0133e1b260b90000000049454e44ae426082', 'hex')

export const receipt = (content: Buffer = PDF, fileName = 'ricevuta.pdf') => ({ fileName, contentBase64: content.toString('base64') })

/** A claim's body (a 2019 travel of 120 EUR with a PDF receipt) with the fields given. */
export const claimBody = (over: Record<string, unknown> = {}) => ({
  spentOn: '2019-05-14', category: 'travel', description: 'Treno Milano-Lodi per incontro con l\'impresa', amountCents: 12_000,
  receipts: [receipt()], ...over,
})

/** The budget programme 2017-2019 of region 03 and a plan of the chamber for the year with a 'mentoring' line of `mentoringCents`. */
export async function makeMentoringBudget(db: Db, chamberIds: number[], year = 2019, mentoringCents = 10_000_000): Promise<void> {
  const programme = await makeProgramme(db)
  for (const c of chamberIds) await makePlan(db, c, programme, year, amountLines({ staff: 100_000, mentoring: mentoringCents }))
}

export async function mentoringLine(db: Db, chamberId: number, year = 2019) {
  const l = await db.selectFrom('budget_line as l').innerJoin('budget_plan as p', 'p.id', 'l.plan_id')
    .select(['l.planned_cents', 'l.spent_cents', 'l.committed_cents'])
    .where('p.chamber_id', '=', chamberId).where('p.year', '=', year).where('l.category', '=', 'mentoring').executeTakeFirstOrThrow()
  return { planned: Number(l.planned_cents), spent: Number(l.spent_cents), committed: Number(l.committed_cents) }
}
