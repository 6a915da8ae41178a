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
