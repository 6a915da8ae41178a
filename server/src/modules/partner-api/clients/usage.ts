import { sql } from 'kysely'
import type { ApiUsage } from '@pid/shared'
import type { Db } from '../../../db/database.ts'

/** How many routes the figures list (the busiest). */
const TOP_ROUTES = 10
const TIME_ZONE = 'Europe/Rome'

/**
 * A client's usage over the last `days` days (Rome days, today included), from its call log: calls
 * a day with client errors, server errors and throttled calls (429), every day listed even without
 * calls; the busiest routes with their 95th percentile duration; the last call ever logged.
 */
export async function clientUsage(db: Db, apiClientId: number, days: number): Promise<ApiUsage> {
  const today = sql`(now() AT TIME ZONE ${TIME_ZONE})::date`
  // The window's start as a timestamp, so the (api_client_id, at) index bounds every query.
  const since = sql`((${today} - ${days - 1}::int)::timestamp AT TIME ZONE ${TIME_ZONE})`
  const [perDay, routes, last] = await Promise.all([
    sql<{ day: string; calls: number; client_errors: number; server_errors: number; throttled: number }>`
      SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(c.calls, 0)::int AS calls,
        coalesce(c.client_errors, 0)::int AS client_errors, coalesce(c.server_errors, 0)::int AS server_errors,
        coalesce(c.throttled, 0)::int AS throttled
      FROM generate_series(${today} - ${days - 1}::int, ${today}, interval '1 day') AS d(day)
      LEFT JOIN (
        SELECT (l.at AT TIME ZONE ${TIME_ZONE})::date AS day, count(*) AS calls,
          count(*) FILTER (WHERE l.status_code BETWEEN 400 AND 499 AND l.status_code <> 429) AS client_errors,
          count(*) FILTER (WHERE l.status_code >= 500) AS server_errors,
          count(*) FILTER (WHERE l.status_code = 429) AS throttled
        FROM api_call_log l WHERE l.api_client_id = ${apiClientId} AND l.at >= ${since}
        GROUP BY 1
      ) c ON c.day = d.day::date
      ORDER BY d.day`.execute(db),
    sql<{ method: string; route: string; calls: number; p95_ms: number }>`
      SELECT l.method, l.route, count(*)::int AS calls,
        ceil(percentile_cont(0.95) WITHIN GROUP (ORDER BY l.duration_ms))::int AS p95_ms
      FROM api_call_log l WHERE l.api_client_id = ${apiClientId} AND l.at >= ${since}
      GROUP BY l.method, l.route ORDER BY calls DESC, l.route, l.method LIMIT ${TOP_ROUTES}`.execute(db),
    db.selectFrom('api_call_log').select('at').where('api_client_id', '=', apiClientId)
      .orderBy('at', 'desc').limit(1).executeTakeFirst(),
  ])
  return {
    days: perDay.rows.map((r) => ({
      day: r.day, calls: r.calls, clientErrors: r.client_errors, serverErrors: r.server_errors, throttled: r.throttled,
    })),
    routes: routes.rows.map((r) => ({ method: r.method, route: r.route, calls: r.calls, p95Ms: r.p95_ms })),
    lastCallAt: last ? new Date(last.at).toISOString() : null,
  }
}
