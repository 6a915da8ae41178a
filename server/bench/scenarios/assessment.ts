import { DEMO_PASSWORD } from '../../src/demo/seed.ts'
import { BENCH_ASSESSMENTS, ensureAssessments } from '../assessment-data.ts'
import { milanoId } from '../crm-data.ts'
import { buildOurs } from '../ours.ts'
import type { LatencyScenario, Side } from '../types.ts'
import { leaderSide } from './crm-requests.ts'

/** The firm's report with its benchmark (percentile and median, regional and national), 200 different assessments. */
export const assessmentReport: LatencyScenario = {
  kind: 'latency',
  name: 'assessment-report',
  description: `GET /api/v1/chambers/:chamberId/assessments/:id/report (scores, recommendations, benchmark), ${BENCH_ASSESSMENTS} submitted assessments`,
  goal: { maxP95Ms: 100, text: 'p95 <= 100 ms' },
  connections: 5,
  async prepare(ctx) {
    const ids = await ensureAssessments(ctx)
    const chamber = await milanoId(ctx)
    return { side: () => leaderSide(ctx.databaseUrl), requests: ids.map((id) => ({ path: `/api/v1/chambers/${chamber}/assessments/${id}/report` })) }
  },
}

/** The level distribution of a region, as the regional coordinator reads it (Lombardy and Lazio alternate). */
export const assessmentRegionLevels: LatencyScenario = {
  kind: 'latency',
  name: 'assessment-region-levels',
  description: `GET /api/v1/regions/:regionCode/assessment/levels, ${BENCH_ASSESSMENTS} submitted assessments (half in Lombardy)`,
  goal: { maxP95Ms: 200, text: 'p95 <= 200 ms' },
  connections: 5,
  async prepare(ctx) {
    await ensureAssessments(ctx)
    const side = async (): Promise<Side> => {
      const ours = await buildOurs(ctx.databaseUrl, 10)
      try {
        // The national coordinator reads every region; the demo regional one reads Lombardy only.
        const session = await ours.login('nazionale@pid.example', DEMO_PASSWORD)
        return await ours.listen('/', { authorization: `Bearer ${session.accessToken}` })
      } catch (err) {
        await ours.close()
        throw err
      }
    }
    return { side, requests: ['03', '12', '03', '05'].map((r) => ({ path: `/api/v1/regions/${r}/assessment/levels` })) }
  },
}
