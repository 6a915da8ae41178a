import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ChamberExpenseParams, ChamberExpenses, ChamberExpensesQuery, ChamberReceiptParams, EXPENSE_CLAIM_BODY_LIMIT, ExpenseClaimBody, ExpenseExportQuery,
  MentorExpense, MentoringFiguresExportQuery, MentoringFiguresQuery, MentoringPidFigures, MentoringProgramme, MentoringRegionFigures, MentoringRegionParams,
  MyExpenseParams, MyExpenses, MyExpensesQuery, MyReceiptParams, MentoringProgrammeBody, MentoringProgrammeParams, RejectExpenseBody, ChamberParams, EmptyBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { notFound } from '../../../core/errors.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import { currentMentorId } from '../mentors/current-mentor.ts'
import { ExpensesService, getProgramme, saveProgramme } from './expenses.service.ts'
import { registerExpensesWork } from './expenses-work.ts'
import { expenseRows, figureRows, regionFigures, yearFigures } from './figures.ts'
import { CONTENT_TYPES, spreadsheet } from '../spreadsheet.ts'

const tags = ['mentoring: expenses']
const binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })
const mentor = guarded('mentoring.mentor', 'global')
const approve = guarded('mentoring.expenses.approve')
const figuresGuard = guarded('mentoring.figures.read')
const thisYear = () => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric' }).format(new Date()))

/** A receipt as an attachment: its type was checked from the bytes; the sandbox CSP keeps it inert. */
const attachment = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`

/** Mentoring's expenses part: the programme's cap, the mentor's claims, the staff's decisions, the figures and their exports. */
export default async function expensesPart(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const s = new ExpensesService(fastify)
  registerExpensesWork(fastify.work)
  const sendFile = (reply: import('fastify').FastifyReply, file: { content: Buffer; mediaType: string; fileName: string }) =>
    reply.type(file.mediaType).header('content-disposition', attachment(file.fileName))
      .header('content-security-policy', "default-src 'none'; sandbox").header('x-content-type-options', 'nosniff').send(file.content)

  app.get('/chambers/:chamberId/mentoring/programme/:year', {
    schema: { tags, summary: "The programme of a year: the cap of a mentor's reimbursed expenses (the default when none was set)",
      params: MentoringProgrammeParams, response: { 200: MentoringProgramme, 400: problem, ...denied } },
    config: guarded('mentoring.read'),
  }, async (req) => getProgramme(app.db, req.params.chamberId, req.params.year))

  app.put('/chambers/:chamberId/mentoring/programme/:year', {
    schema: { tags, summary: "Set the cap per mentor per year for the chamber's mentors", params: MentoringProgrammeParams, body: MentoringProgrammeBody,
      response: { 200: MentoringProgramme, 400: problem, ...denied } },
    config: approve,
  }, async (req) => saveProgramme(app.db, req.params.chamberId, req.params.year, req.body.expenseCapCents, auditContext(req)))

  // The mentor's area: only its own claims.
  app.get('/mentoring/me/expenses', {
    schema: { tags, summary: "The mentor's own claims of a year, with the year's approved total, cap and room", querystring: MyExpensesQuery,
      response: { 200: MyExpenses, 400: problem, ...denied, 404: problem } },
    config: mentor,
  }, async (req) => s.mine(await currentMentorId(app.db, req.actor!.userId), req.query.year ?? thisYear()))

  app.post('/mentoring/me/expenses', {
    bodyLimit: EXPENSE_CLAIM_BODY_LIMIT,
    schema: { tags, summary: 'Claim a documented expense, with one or more receipts (PDF, JPEG or PNG, checked by their content, in base64)',
      body: ExpenseClaimBody, response: { 201: MentorExpense, 400: problem, ...denied, 404: problem, 413: problem, 415: problem } },
    config: mentor,
  }, async (req, reply) => reply.code(201).send(await s.claim(await currentMentorId(app.db, req.actor!.userId), req.body, auditContext(req))))

  app.get('/mentoring/me/expenses/:expenseId', {
    schema: { tags, summary: 'One of the mentor\'s own claims', params: MyExpenseParams, response: { 200: MentorExpense, 400: problem, ...denied, 404: problem } },
    config: mentor,
  }, async (req) => s.own(await currentMentorId(app.db, req.actor!.userId), req.params.expenseId))

  app.get('/mentoring/me/expenses/:expenseId/receipts/:receiptId', {
    schema: { tags, summary: "A receipt of one of the mentor's own claims", params: MyReceiptParams,
      response: { 200: binary, 400: problem, ...denied, 404: problem } },
    config: mentor,
  }, async (req, reply) => sendFile(reply, await s.receipt({ mentorId: await currentMentorId(app.db, req.actor!.userId) }, req.params.expenseId, req.params.receiptId)))

  // The paying chamber's staff.
  app.get('/chambers/:chamberId/mentoring/expenses', {
    schema: { tags, summary: "The claims the chamber pays (status and year optional), with its 'mentoring' budget line of the year",
      params: ChamberParams, querystring: ChamberExpensesQuery, response: { 200: ChamberExpenses, 400: problem, ...denied } },
    config: approve,
  }, async (req) => s.chamberList(req.params.chamberId, req.query))

  app.get('/chambers/:chamberId/mentoring/expenses/export', {
    schema: { tags, summary: "The chamber's claims as CSV or XLSX", params: ChamberParams, querystring: ExpenseExportQuery,
      response: { 200: Type.String({ description: 'the file, as an attachment' }), 400: problem, ...denied } },
    config: approve,
  }, async (req, reply) => {
    const format = req.query.format ?? 'csv'
    const year = req.query.year ?? thisYear()
    const items = await s.list({ chamberId: req.params.chamberId }, { year, ...(req.query.status ? { status: req.query.status } : {}) })
    const body = await spreadsheet(format, 'Spese', expenseRows(items), [6])
    return reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="spese-mentor-${year}.${format}"`).send(body)
  })

  app.get('/chambers/:chamberId/mentoring/expenses/:expenseId', {
    schema: { tags, summary: 'A claim the chamber pays', params: ChamberExpenseParams, response: { 200: MentorExpense, 400: problem, ...denied, 404: problem } },
    config: approve,
  }, async (req) => s.ofChamber(req.params.chamberId, req.params.expenseId))

  app.get('/chambers/:chamberId/mentoring/expenses/:expenseId/receipts/:receiptId', {
    schema: { tags, summary: 'A receipt of a claim the chamber pays', params: ChamberReceiptParams, response: { 200: binary, 400: problem, ...denied, 404: problem } },
    config: approve,
  }, async (req, reply) => sendFile(reply, await s.receipt({ chamberId: req.params.chamberId }, req.params.expenseId, req.params.receiptId)))

  app.post('/chambers/:chamberId/mentoring/expenses/:expenseId/approve', {
    schema: { tags, summary: "Approve a claim: within the mentor's cap of the year (409 mentor_expense_cap_exceeded), spent on the 'mentoring' budget line (409 budget_exceeded)",
      params: ChamberExpenseParams, body: EmptyBody,
      response: { 200: MentorExpense, 400: problem, ...denied, 404: problem, 409: problem } },
    config: approve,
  }, async (req) => s.approve(req.params.chamberId, req.params.expenseId, auditContext(req)))

  app.post('/chambers/:chamberId/mentoring/expenses/:expenseId/reject', {
    schema: { tags, summary: 'Reject a claim, with the reason (the mentor reads it)', params: ChamberExpenseParams,
      body: RejectExpenseBody,
      response: { 200: MentorExpense, 400: problem, ...denied, 404: problem, 409: problem } },
    config: approve,
  }, async (req) => s.reject(req.params.chamberId, req.params.expenseId, req.body.reason, auditContext(req)))

  // Figures: aggregates only.
  const pid = async (chamberId: number, year: number) => {
    const chamber = await app.db.selectFrom('chamber').select('name').where('id', '=', chamberId).executeTakeFirst()
    if (!chamber) throw notFound('chamber')
    const figures = (await yearFigures(app.db, app, [chamberId], year)).get(chamberId)!
    return { year, chamberId, chamberName: chamber.name, figures }
  }

  app.get('/chambers/:chamberId/mentoring/figures', {
    schema: { tags, summary: "The PID's mentoring of a year in figures (no person)", params: ChamberParams, querystring: MentoringFiguresQuery,
      response: { 200: MentoringPidFigures, 400: problem, ...denied, 404: problem } },
    config: figuresGuard,
  }, async (req) => pid(req.params.chamberId, req.query.year))

  app.get('/chambers/:chamberId/mentoring/figures/export', {
    schema: { tags, summary: "The PID's figures as CSV or XLSX", params: ChamberParams, querystring: MentoringFiguresExportQuery,
      response: { 200: Type.String({ description: 'the file, as an attachment' }), 400: problem, ...denied, 404: problem } },
    config: figuresGuard,
  }, async (req, reply) => {
    const format = req.query.format ?? 'csv'
    const f = await pid(req.params.chamberId, req.query.year)
    const body = await spreadsheet(format, 'Cifre', figureRows([{ name: f.chamberName, figures: f.figures }]), [15, 16, 17, 18, 19])
    return reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="mentoring-cifre-${f.year}.${format}"`).send(body)
  })

  const region = { guard: { action: 'mentoring.figures.read' as const, scope: 'region' as const } }
  app.get('/regions/:regionCode/mentoring/figures', {
    schema: { tags, summary: "The region's PIDs' mentoring of a year, per chamber and in total (figures only)", params: MentoringRegionParams,
      querystring: MentoringFiguresQuery, response: { 200: MentoringRegionFigures, 400: problem, ...denied } },
    config: region,
  }, async (req) => regionFigures(app.db, app, req.params.regionCode, req.query.year))

  app.get('/regions/:regionCode/mentoring/figures/export', {
    schema: { tags, summary: "The region's figures as CSV or XLSX (a row per PID and the total)", params: MentoringRegionParams,
      querystring: MentoringFiguresExportQuery, response: { 200: Type.String({ description: 'the file, as an attachment' }), 400: problem, ...denied } },
    config: region,
  }, async (req, reply) => {
    const format = req.query.format ?? 'csv'
    const r = await regionFigures(app.db, app, req.params.regionCode, req.query.year)
    const rows = figureRows([...r.chambers.map((c) => ({ name: c.name, figures: c.figures })), { name: 'Totale regione', figures: r.total }])
    const body = await spreadsheet(format, 'Cifre', rows, [15, 16, 17, 18, 19])
    return reply.header('content-type', CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="mentoring-cifre-regione-${r.regionCode}-${r.year}.${format}"`).send(body)
  })
}
