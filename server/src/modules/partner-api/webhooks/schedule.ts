/**
 * When a delivery the receiver did not accept (no answer, or a status outside 2xx) is tried
 * again: after the first failed attempt 30 seconds, then 2 minutes, 10 minutes, 1 hour, 6 hours
 * and 24 hours; a delivery that fails its seventh attempt (about 31 hours after the first) is
 * `failed` and sent again only on a replay. The partner's page and the API document this table.
 */
export const RETRY_SCHEDULE_SECONDS = [30, 2 * 60, 10 * 60, 60 * 60, 6 * 60 * 60, 24 * 60 * 60] as const

/** Seconds to wait after the `attempts`-th failed attempt, or null when the schedule is spent. */
export function retryDelaySeconds(attempts: number): number | null {
  return RETRY_SCHEDULE_SECONDS[attempts - 1] ?? null
}

/** How long a receiver has to answer. */
export const SEND_TIMEOUT_MS = 10_000

/**
 * How long an attempt holds its delivery: longer than any send, so a second run of the same job
 * (pg-boss delivers at least once) finds it taken; a worker that died mid-send leaves the
 * delivery due again after it, and the job's own retry or the next start sends it.
 */
export const CLAIM_SECONDS = 60

/** How much of a receiver's answer the attempt log keeps. */
export const RESPONSE_EXCERPT_CHARS = 1000
