import { sql, type Expression } from 'kysely'
import type { MonitoringMetric } from '@pid/shared'
import type { Db } from '../db/database.ts'

/** One monthly fact: a count or sum for a chamber, a month, an ATECO section and a size class. */
export interface MonthlyFact {
  chamberId: number
  /** First day of the month, 'YYYY-MM-01'. */
  month: string
  metric: MonitoringMetric
  /** ATECO section letter of the firm ('' when unknown or not about a firm, an event for one). */
  section: string
  /** The firm's size class ('' when unknown or not about a firm). */
  sizeClass: string
  value: number
}

/**
 * What a module tells network monitoring about itself: the metrics it owns and their monthly facts,
 * computed from its own tables (it alone reads them). Monitoring keeps them as maintained
 * aggregates; each module registers its source at start, as it registers its kinds of work.
 */
export interface FigureSource {
  /** The module's name, for logs and errors. */
  module: string
  metrics: readonly MonitoringMetric[]
  /**
   * Every chamber's facts for the months from..to (first days, inclusive), at most one row per
   * (chamber, month, metric, section, size class); zeros may be left out.
   */
  monthly(db: Db, range: { from: string; to: string }): Promise<MonthlyFact[]>
}

export class FigureSources {
  private readonly sources: FigureSource[] = []

  register(source: FigureSource): void {
    const taken = this.sources.flatMap((s) => s.metrics).filter((m) => source.metrics.includes(m))
    if (taken.length) throw new Error(`${source.module}: metrics already fed by another module: ${taken.join(', ')}`)
    this.sources.push(source)
  }

  all(): readonly FigureSource[] {
    return this.sources
  }
}

/** Monitoring's months are Italian calendar months. */
const ROME = 'Europe/Rome'

/** The Italian calendar month of a timestamptz expression, as 'YYYY-MM-01' text (the fact's month). */
export const romeMonth = (at: Expression<unknown>) => sql<string>`to_char(date_trunc('month', ${at} AT TIME ZONE ${ROME}), 'YYYY-MM-DD')`

/** The month of a calendar date expression (a payment's day), as 'YYYY-MM-01' text. */
export const dateMonth = (day: Expression<unknown>) => sql<string>`to_char(date_trunc('month', ${day}), 'YYYY-MM-DD')`

/** The instant the range starts: midnight of its first day in Rome. */
export const rangeStart = (range: { from: string }) => sql<Date>`((${range.from}::date)::timestamp AT TIME ZONE ${ROME})`

/** The instant after the range: midnight in Rome of the first day of the month after `to`. */
export const rangeEnd = (range: { to: string }) => sql<Date>`((${range.to}::date + interval '1 month')::timestamp AT TIME ZONE ${ROME})`

/** The day after the range, for date columns. */
export const rangeEndDay = (range: { to: string }) => sql<string>`(${range.to}::date + interval '1 month')::date`

/** Rows as a source returns them (value may come back from SQL as a string): typed facts. */
export function toFacts(rows: readonly { chamber_id: number; month: string; metric: string; section: string | null; size_class: string | null; value: number | string }[]): MonthlyFact[] {
  return rows.map((r) => ({
    chamberId: Number(r.chamber_id), month: r.month, metric: r.metric as MonitoringMetric,
    section: (r.section ?? '').trim(), sizeClass: r.size_class ?? '', value: Number(r.value),
  }))
}
