import { BENCH_FIRMS, bareCopy, importThroughOurs, registerExtract } from '../crm-data.ts'
import type { DurationScenario } from '../types.ts'

/**
 * A register extract of BENCH_FIRMS firms through our import (HTTP upload, job: parse, check every
 * row, COPY into staging, one upsert into `firm` with all its indexes, timeline events, counts)
 * against PostgreSQL's bare COPY of the same file into a table of text columns. Then the same file
 * again: nothing changes, and how long it takes to find that out is in the notes.
 */
export const crmImport: DurationScenario = {
  kind: 'duration',
  name: 'crm-import',
  description: `POST /api/v1/chambers/:chamberId/imports + the crm.import job, ${BENCH_FIRMS} firms, vs bare COPY`,
  goal: { maxRatio: 3, text: 'ours <= 3x bare COPY' },
  async run(ctx) {
    const file = await registerExtract(ctx)
    console.error(`  crm-import: bare COPY of ${(file.bytes / 1e6).toFixed(0)} MB...`)
    const baselineMs = await bareCopy(ctx.databaseUrl, file.path)
    console.error(`  crm-import: our import (${baselineMs} ms for COPY)...`)
    const first = await importThroughOurs(ctx, file.path)
    console.error(`  crm-import: ${first.totalMs} ms; re-import of the same file...`)
    const again = await importThroughOurs(ctx, file.path)
    const problems: string[] = []
    // The demo seed has firms in Milano too: a generated code may meet one of them (then it is
    // updated, or reported), so the check is on the totals, not on exact per-kind counts.
    const { rows, bad } = file
    const r1 = first.run
    const r2 = again.run
    if (r1.status !== 'completed' || r1.inserted + r1.updated + r1.unchanged + r1.errorRows !== rows || r1.errorRows < bad || r1.inserted < rows - bad - 1000) {
      problems.push(`first import: ${JSON.stringify(r1)} for ${rows} rows, ${bad} bad on purpose`)
    }
    if (r2.status !== 'completed' || r2.inserted !== 0 || r2.updated !== 0 || r2.errorRows !== r1.errorRows) {
      problems.push(`re-import changed something: ${JSON.stringify(r2)}`)
    }
    return {
      oursMs: first.totalMs,
      baselineMs,
      problems,
      notes: {
        firms: file.rows, fileBytes: file.bytes, generateMs: file.generateMs, badRows: file.bad,
        first: { uploadMs: first.uploadMs, jobMs: first.jobMs, ...first.timings, counts: first.run },
        reimport: { totalMs: again.totalMs, uploadMs: again.uploadMs, jobMs: again.jobMs, ...again.timings },
      },
    }
  },
}
