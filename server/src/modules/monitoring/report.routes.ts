import type { FastifyInstance, FastifyReply } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ChamberParams, DashboardRegionParams, YearReportFile, YearReportQuery, XLSX_TYPE } from '@pid/shared'
import { denied, problem } from '../../core/route-kit.ts'
import { regionName } from '../network/index.ts'
import { yearReport, type YearReport } from './report.ts'
import { reportFileName } from './report-labels.ts'
import { renderYearReportPdf } from './report-pdf.ts'
import { renderYearReportXlsx } from './report-xlsx.ts'

const tags = ['monitoring']
const read = 'monitoring.read' as const
const response = { 200: YearReportFile, 400: problem, ...denied, 404: problem }

/**
 * The yearly activity report (issue 16) of a chamber and of a region, as PDF and XLSX. Counts and
 * sums only, like the other monitoring routes: the regional role reads its region's.
 */
export default async function reportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  const chamberReport = async (chamberId: number, year: number) => {
    const chambers = await app.crm.chambersInScope(app.db, { kind: 'chamber', chamberId })
    return yearReport(app.db, app.budget, 'chamber', chambers[0]!.name, chambers, year)
  }
  const regionReport = async (regionCode: string, year: number) => {
    const chambers = await app.crm.chambersInScope(app.db, { kind: 'region', regionCode })
    return yearReport(app.db, app.budget, 'region', `Regione ${(await regionName(app.db, regionCode)) ?? regionCode}`, chambers, year)
  }
  const send = async (reply: FastifyReply, r: YearReport, ext: 'pdf' | 'xlsx') => reply
    .type(ext === 'pdf' ? 'application/pdf' : XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${reportFileName(r.title, r.year, ext)}"`)
    .send(ext === 'pdf' ? await renderYearReportPdf(r) : await renderYearReportXlsx(r))

  for (const ext of ['pdf', 'xlsx'] as const) {
    const what = ext === 'pdf' ? 'PDF' : 'XLSX'
    app.get(`/chambers/:chamberId/monitoring/report.${ext}`, {
      schema: { tags, summary: `The chamber's yearly activity report (${what}, Italian)`, params: ChamberParams, querystring: YearReportQuery, response },
      config: { guard: { action: read, scope: 'chamber' } },
    }, async (req, reply) => send(reply, await chamberReport(req.params.chamberId, req.query.year), ext))

    app.get(`/regions/:regionCode/monitoring/report.${ext}`, {
      schema: { tags, summary: `A region's yearly activity report, its chambers side by side (${what}, Italian)`,
        params: DashboardRegionParams, querystring: YearReportQuery, response },
      config: { guard: { action: read, scope: 'region' } },
    }, async (req, reply) => send(reply, await regionReport(req.params.regionCode, req.query.year), ext))
  }
}
