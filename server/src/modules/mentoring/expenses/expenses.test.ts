import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import ExcelJS from 'exceljs'
import { bearer, login, makeUser, twoChamberContext, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { makeMatch, makeMentorUser } from '../../../../test/mentoring-factories.ts'
import { claimBody, makeMentoringBudget, mentoringLine, PDF, PNG, receipt } from '../../../../test/mentoring-expenses-factories.ts'

/** Expense claims, their receipts, the cap, the approval on the budget and the figures, through HTTP on real PostgreSQL. */
let ctx: TestContext
let milano: number, bergamo: number
let coordinator: Auth, promoter: Auth, bergamoStaff: Auth, regional: Auth
let mentorA: Awaited<ReturnType<typeof makeMentorUser>>
let mentorB: Awaited<ReturnType<typeof makeMentorUser>>

const me = '/api/v1/mentoring/me/expenses'
const staff = (chamber: number) => `/api/v1/chambers/${chamber}/mentoring/expenses`
const rows = async (table: 'mentor_expense' | 'mentor_expense_receipt' | 'stored_file' | 'audit_log') =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db)).rows[0]!.n)
const auth = async (role: Parameters<typeof makeUser>[1], scope: Parameters<typeof makeUser>[2]) => bearer((await login(ctx, (await makeUser(ctx.db, role, scope)).email)).token)

async function claim(as: { auth: Auth }, over: Record<string, unknown> = {}): Promise<number> {
  const res = await ctx.http().post(me).set(as.auth).send(claimBody(over))
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.id as number
}

beforeAll(async () => {
  ;({ ctx, milano, bergamo, auth: coordinator } = await twoChamberContext('coordinatore@pid.example'))
  promoter = await auth('digital_promoter', { chamberId: milano })
  bergamoStaff = await auth('digital_coordinator', { chamberId: bergamo })
  regional = await auth('regional_coordinator', { regionCode: '03' })
  mentorA = await makeMentorUser(ctx, milano)
  mentorB = await makeMentorUser(ctx, milano)
  await makeMentoringBudget(ctx.db, [milano, bergamo])
})
afterAll(async () => { await ctx.close() })

describe('programme', () => {
  it('reads the default cap, saves another (audited); a promoter reads but may not set it', async () => {
    const def = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/programme/2030`).set(promoter).expect(200)
    expect(def.body).toMatchObject({ expenseCapCents: 300_000, saved: false })
    await ctx.http().put(`/api/v1/chambers/${milano}/mentoring/programme/2030`).set(promoter).send({ expenseCapCents: 100_000 }).expect(403)
    const saved = await ctx.http().put(`/api/v1/chambers/${milano}/mentoring/programme/2030`).set(coordinator).send({ expenseCapCents: 150_000 }).expect(200)
    expect(saved.body).toMatchObject({ expenseCapCents: 150_000, saved: true })
    const log = await ctx.db.selectFrom('audit_log').select('after').where('action', '=', 'mentoring.programme.updated').executeTakeFirstOrThrow()
    expect(log.after).toMatchObject({ year: 2030, expenseCapCents: 150_000 })
    await ctx.http().put(`/api/v1/chambers/${milano}/mentoring/programme/2030`).set(coordinator).send({ expenseCapCents: 0 }).expect(400)
  })
})

describe('claims', () => {
  it('refuses a claim without a receipt, a renamed file, bad fields or a match not its own, writing nothing', async () => {
    const before = await Promise.all([rows('mentor_expense'), rows('mentor_expense_receipt'), rows('stored_file'), rows('audit_log')])
    const none = await ctx.http().post(me).set(mentorA.auth).send(claimBody({ receipts: [] }))
    expect(none.status).toBe(400)
    expect(none.body.code).toBe('mentor_expense_receipt_required')
    const renamed = await ctx.http().post(me).set(mentorA.auth).send(claimBody({ receipts: [receipt(Buffer.from('MZ not a receipt at all'), 'ricevuta.pdf')] }))
    expect(renamed.status).toBe(415)
    // A good receipt followed by a bad one: nothing of the claim lands.
    const mixed = await ctx.http().post(me).set(mentorA.auth).send(claimBody({ receipts: [receipt(), receipt(Buffer.from('<html>'), 'x.png')] }))
    expect(mixed.status).toBe(415)
    const othersMatch = await makeMatch(ctx.db, bergamo, mentorB.id)
    const proposed = await makeMatch(ctx.db, milano, mentorA.id, { status: 'proposed' })
    for (const body of [claimBody({ amountCents: 0 }), claimBody({ amountCents: 12.5 }), claimBody({ category: 'gifts' }), claimBody({ spentOn: 'ieri' }),
      claimBody({ description: '' }), claimBody({ matchId: othersMatch.id }), claimBody({ matchId: proposed.id }), { ...claimBody(), extra: 1 },
      claimBody({ receipts: [{ fileName: 'a.pdf', contentBase64: '%%%not base64%%%' }] })]) {
      const res = await ctx.http().post(me).set(mentorA.auth).send(body)
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400)
    }
    expect(await Promise.all([rows('mentor_expense'), rows('mentor_expense_receipt'), rows('stored_file'), rows('audit_log')])).toEqual(before)
  })

  it('files a claim with receipts (PDF and PNG); the paying chamber is the match\'s, else the home chamber', async () => {
    const own = await claim(mentorA, { receipts: [receipt(), receipt(PNG, 'scontrino.png')] })
    const match = await makeMatch(ctx.db, bergamo, mentorA.id, { status: 'closed' })
    const forMatch = await claim(mentorA, { matchId: match.id, category: 'meals', amountCents: 2_500 })
    const list = (await ctx.http().get(`${me}?year=2019`).set(mentorA.auth).expect(200)).body
    const a = list.items.find((e: { id: number }) => e.id === own)
    expect(a).toMatchObject({ chamberId: milano, status: 'claimed', amountCents: 12_000, year: 2019, spentOn: '2019-05-14' })
    expect(a.receipts.map((r: { mediaType: string }) => r.mediaType)).toEqual(['application/pdf', 'image/png'])
    expect(list.items.find((e: { id: number }) => e.id === forMatch)).toMatchObject({ chamberId: bergamo, matchId: match.id })
    expect(list.totals).toMatchObject({ year: 2019, approvedCents: 0, capCents: 300_000, roomCents: 300_000 })
    expect(list.matches.map((m: { id: number }) => m.id)).toContain(match.id)
    const log = await ctx.db.selectFrom('audit_log').select('after').where('action', '=', 'mentoring.expense.claimed').where('entity_id', '=', String(own)).executeTakeFirstOrThrow()
    expect(log.after).toMatchObject({ amountCents: 12_000 })
  })

  it('shows a mentor only its own claims and receipts: another\'s are a 404; staff of the paying chamber only', async () => {
    const id = await claim(mentorA)
    const e = (await ctx.http().get(`${me}/${id}`).set(mentorA.auth).expect(200)).body
    const r = e.receipts[0].id
    const file = await ctx.http().get(`${me}/${id}/receipts/${r}`).set(mentorA.auth).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => cb(null, Buffer.concat(chunks)))
    }).expect(200)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0)
    await ctx.http().get(`${me}/${id}`).set(mentorB.auth).expect(404)
    await ctx.http().get(`${me}/${id}/receipts/${r}`).set(mentorB.auth).expect(404)
    expect((await ctx.http().get(`${me}?year=2019`).set(mentorB.auth).expect(200)).body.items.some((x: { id: number }) => x.id === id)).toBe(false)
    await ctx.http().get(`${staff(milano)}/${id}/receipts/${r}`).set(coordinator).expect(200)
    await ctx.http().get(`${staff(bergamo)}/${id}/receipts/${r}`).set(bergamoStaff).expect(404)
    await ctx.http().get(`${staff(bergamo)}/${id}`).set(bergamoStaff).expect(404)
    // Staff of Milano may not use the mentor area; a user without a mentor record gets a 404 there.
    await ctx.http().get(me).set(coordinator).expect(403)
    const bare = await auth('mentor', { chamberId: milano })
    await ctx.http().get(me).set(bare).expect(404)
  })
})

describe('approval', () => {
  it('approves within the cap and spends on the mentoring line; rejects with a reason; decided claims stay decided', async () => {
    const before = await mentoringLine(ctx.db, milano)
    const id = await claim(mentorB, { amountCents: 45_000 })
    const waiting = (await ctx.http().get(`${staff(milano)}?status=claimed&year=2019`).set(coordinator).expect(200)).body
    expect(waiting.items.find((e: { id: number }) => e.id === id)).toMatchObject({ mentorName: 'Laura Verdi', status: 'claimed', roomCents: 300_000 })
    expect(waiting.budgetLine).toMatchObject({ year: 2019, spentCents: before.spent })
    // The claims waiting are work on the staff home, for who may decide them.
    const work = async (as: Auth) => ((await ctx.http().get(`/api/v1/chambers/${milano}/work`).set(as).expect(200)).body.items as { kind: string; count: number; route: string }[])
      .find((w) => w.kind === 'mentor_expenses_to_approve')
    const waitingCount = await ctx.db.selectFrom('mentor_expense').select((e) => e.fn.countAll<string>().as('n')).where('chamber_id', '=', milano).where('status', '=', 'claimed').executeTakeFirstOrThrow()
    expect(await work(coordinator)).toEqual({ kind: 'mentor_expenses_to_approve', count: Number(waitingCount.n), route: 'mentoring-expenses', query: {} })
    expect(await work(promoter)).toBeUndefined()
    await ctx.http().post(`${staff(milano)}/${id}/approve`).set(promoter).send({}).expect(403)
    await ctx.http().post(`${staff(bergamo)}/${id}/approve`).set(bergamoStaff).send({}).expect(404)
    const ok = await ctx.http().post(`${staff(milano)}/${id}/approve`).set(coordinator).send({}).expect(200)
    expect(ok.body).toMatchObject({ status: 'approved', roomCents: 255_000 })
    expect((await mentoringLine(ctx.db, milano)).spent).toBe(before.spent + 45_000)
    const posting = await ctx.db.selectFrom('budget_posting').select(['amount_cents', 'source_module', 'source_ref']).where('source_ref', '=', `expense:${id}`).executeTakeFirstOrThrow()
    expect(posting).toMatchObject({ amount_cents: 45_000, source_module: 'mentoring' })
    const again = await ctx.http().post(`${staff(milano)}/${id}/approve`).set(coordinator).send({})
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('mentor_expense_decided')

    const other = await claim(mentorB)
    await ctx.http().post(`${staff(milano)}/${other}/reject`).set(coordinator).send({}).expect(400)
    await ctx.http().post(`${staff(milano)}/${other}/reject`).set(coordinator).send({ reason: '   ' }).expect(400)
    const rejected = await ctx.http().post(`${staff(milano)}/${other}/reject`).set(coordinator).send({ reason: 'Manca il biglietto di ritorno' }).expect(200)
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: 'Manca il biglietto di ritorno' })
    expect((await ctx.http().post(`${staff(milano)}/${other}/approve`).set(coordinator).send({})).status).toBe(409)
    const mine = (await ctx.http().get(`${me}?year=2019`).set(mentorB.auth).expect(200)).body
    expect(mine.totals).toMatchObject({ approvedCents: 45_000, roomCents: 255_000 })
    expect(mine.items.find((e: { id: number }) => e.id === other)).toMatchObject({ status: 'rejected', rejectReason: 'Manca il biglietto di ritorno' })
  })

  it('two approvals at once whose sum exceeds the cap: exactly one passes; the same claim twice: one 200, one 409', async () => {
    const m = await makeMentorUser(ctx, milano)
    await ctx.http().put(`/api/v1/chambers/${milano}/mentoring/programme/2019`).set(coordinator).send({ expenseCapCents: 100_000 }).expect(200)
    const first = await claim(m, { amountCents: 60_000 })
    const second = await claim(m, { amountCents: 60_000 })
    // Filed over the room: the claim shows what is left.
    expect((await ctx.http().get(`${me}/${second}`).set(m.auth).expect(200)).body.roomCents).toBe(100_000)
    const before = await mentoringLine(ctx.db, milano)
    const results = await Promise.all([first, second].map((id) => ctx.http().post(`${staff(milano)}/${id}/approve`).set(coordinator).send({})))
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const refused = results.find((r) => r.status === 409)!
    expect(refused.body).toMatchObject({ code: 'mentor_expense_cap_exceeded', params: { availableCents: 40_000, neededCents: 60_000 } })
    const year = await ctx.db.selectFrom('mentor_expense_year').selectAll().where('mentor_id', '=', m.id).where('year', '=', 2019).executeTakeFirstOrThrow()
    expect(year).toMatchObject({ approved_cents: 60_000, cap_cents: 100_000 })
    expect((await mentoringLine(ctx.db, milano)).spent).toBe(before.spent + 60_000)
    const statuses = await ctx.db.selectFrom('mentor_expense').select('status').where('id', 'in', [first, second]).orderBy('status').execute()
    expect(statuses.map((s) => s.status)).toEqual(['approved', 'claimed'])

    const third = await claim(m, { amountCents: 10_000 })
    const twice = await Promise.all([1, 2].map(() => ctx.http().post(`${staff(milano)}/${third}/approve`).set(coordinator).send({})))
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409])
    expect(twice.find((r) => r.status === 409)!.body.code).toBe('mentor_expense_decided')
    expect((await ctx.db.selectFrom('mentor_expense_year').select('approved_cents').where('mentor_id', '=', m.id).executeTakeFirstOrThrow()).approved_cents).toBe(70_000)
    expect((await mentoringLine(ctx.db, milano)).spent).toBe(before.spent + 70_000)
  })

  it('a budget line too short refuses the approval and rolls everything back', async () => {
    const m = await makeMentorUser(ctx, milano)
    // No plan for 2018: there is no mentoring line to spend on.
    const id = await claim(m, { spentOn: '2018-03-02' })
    const res = await ctx.http().post(`${staff(milano)}/${id}/approve`).set(coordinator).send({})
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('budget_exceeded')
    expect((await ctx.db.selectFrom('mentor_expense').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('claimed')
    expect(await ctx.db.selectFrom('mentor_expense_year').selectAll().where('mentor_id', '=', m.id).executeTakeFirst()).toBeUndefined()
  })
})

describe('figures and exports', () => {
  it('counts a small fixture right, for the PID and the region, with no person in it', async () => {
    const y = 2031
    const base = (await ctx.http().get(`/api/v1/chambers/${bergamo}/mentoring/figures?year=${y}`).set(bergamoStaff).expect(200)).body.figures
    const m = await makeMentorUser(ctx, bergamo)
    const a = await makeMatch(ctx.db, bergamo, m.id)
    const b = await makeMatch(ctx.db, bergamo, m.id, { status: 'closed' })
    const t = (d: string) => new Date(`${y}-${d}T10:00:00Z`)
    await ctx.db.updateTable('mentoring_match').set({ responded_at: t('02-01'), t0_overall: 40, t0_level: 2 }).where('id', '=', a.id).execute()
    await ctx.db.updateTable('mentoring_match').set({ responded_at: t('01-10'), closed_at: t('06-30'), outcome: 'partly_met' }).where('id', '=', b.id).execute()
    await ctx.db.updateTable('mentoring_request').set({ created_at: t('01-01'), matched_at: t('01-05') }).where('id', '=', a.requestId).execute()
    await ctx.db.updateTable('mentoring_request').set({ created_at: t('01-01'), matched_at: t('01-11') }).where('id', '=', b.requestId).execute()
    await ctx.db.insertInto('mentoring_session').values([
      { match_id: a.id, held_at: t('03-01'), minutes: 90, mode: 'web', progress: '{}' }, { match_id: b.id, held_at: t('03-02'), minutes: 60, mode: 'in_person', progress: '{}' }]).execute()
    await ctx.db.insertInto('mentoring_feedback').values([
      { match_id: b.id, side: 'firm', rating: 4, given_at: t('07-01') }, { match_id: b.id, side: 'mentor', rating: 5, given_at: t('07-01') },
      { match_id: a.id, side: 'firm', rating: 3, given_at: t('07-02') }]).execute()
    // The firm of pair a assessed again after the match: overall 55 against its T0 of 40.
    await sql`insert into assessment (firm_id, chamber_id, questionnaire_id, status, firm_name, region_code, submitted_at, level, overall, scores, is_latest, round)
      select ${a.firmId}, ${bergamo}, q.id, 'submitted', 'Impresa', '03', ${t('09-01')}, 3, 55, '{}'::jsonb, true, 1 from assessment_questionnaire q order by q.id limit 1`.execute(ctx.db)
    const f = (await ctx.http().get(`/api/v1/chambers/${bergamo}/mentoring/figures?year=${y}`).set(bergamoStaff).expect(200)).body
    expect(f.figures).toMatchObject({
      mentorsActive: base.mentorsActive + 1, pairsActive: base.pairsActive + 2, pairsClosed: 1, closedByOutcome: { partly_met: 1, goals_met: 0 }, sessions: 2, hours: 2.5,
      satisfactionFirm: 3.5, satisfactionMentor: 5, medianDaysToMatch: 7, expensesApprovedCents: 0,
    })
    expect(f.figures).toMatchObject({ maturityChange: 15, maturityFirms: 1 })
    const r = (await ctx.http().get(`/api/v1/regions/03/mentoring/figures?year=${y}`).set(regional).expect(200)).body
    expect(r.total).toMatchObject({ pairsActive: base.pairsActive + 2, sessions: 2, satisfactionFirm: 3.5, medianDaysToMatch: 7 })
    expect(r.chambers.find((c: { chamberId: number }) => c.chamberId === bergamo).figures.pairsClosed).toBe(1)
    expect(JSON.stringify(r)).not.toContain('Laura')
    await ctx.http().get(`/api/v1/regions/04/mentoring/figures?year=${y}`).set(regional).expect(403)
    await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/figures?year=2019`).set(regional).expect(200)
    await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/expenses`).set(regional).expect(403)
    // The approved money and the budget line, for Milano in 2019.
    const mf = (await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/figures?year=2019`).set(coordinator).expect(200)).body.figures
    const line = await mentoringLine(ctx.db, milano)
    expect(mf.budgetSpentCents).toBe(line.spent)
    expect(mf.expensesApprovedCents).toBe(45_000 + 70_000)
  })

  it('exports the expenses and the figures as CSV and XLSX, Italian headers, formulas neutralised', async () => {
    const evil = '=HYPERLINK("http://evil.example","clic")'
    await claim(mentorA, { description: evil, spentOn: '2019-08-01' })
    const csv = await ctx.http().get(`${staff(milano)}/export?year=2019&format=csv`).set(coordinator).expect(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.text).toContain('Descrizione')
    expect(csv.text).toContain(`'=HYPERLINK`)
    expect(csv.text).not.toMatch(/;"?=HYPERLINK/)
    const xlsx = await ctx.http().get(`${staff(milano)}/export?year=2019&format=xlsx`).set(coordinator).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => cb(null, Buffer.concat(chunks)))
    }).expect(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer)
    const sheet = wb.worksheets[0]!
    expect(sheet.getRow(1).getCell(5).value).toBe('Descrizione')
    const cells: unknown[] = []
    sheet.eachRow((row) => cells.push(row.getCell(5).value))
    expect(cells).toContain(`'${evil}`)
    const figs = await ctx.http().get(`/api/v1/regions/03/mentoring/figures/export?year=2019&format=csv`).set(regional).expect(200)
    expect(figs.text).toContain('Mentor attivi')
    expect(figs.text).toContain('Totale regione')
    await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/figures/export?year=2019&format=xlsx`).set(coordinator).expect(200)
    await ctx.http().get(`${staff(milano)}/export?year=2019`).set(promoter).expect(403)
  })
})
