import { createHmac } from 'node:crypto'
import { Redis } from 'ioredis'

/**
 * Counters of the public self-assessment: starts per e-mail address and per firm code in a window,
 * and proof-of-work challenges already used. In Redis when REDIS_URL is set (every instance counts
 * alike, as the app's rate limiting does), in this process's memory otherwise. Keys are HMACs of
 * the address or code, so not even Redis holds an address; they expire with their window.
 */
export interface Counters {
  /** Adds one to `key`'s count in a window of `windowMs` and answers the count (the first is 1). */
  hit(key: string, windowMs: number): Promise<number>
  /** True the first time `key` is claimed within `ttlMs`, false after (a used challenge). */
  claimOnce(key: string, ttlMs: number): Promise<boolean>
  close(): Promise<void>
}

/** The key of a value: an HMAC with the app's secret (no address or code in the store). */
export const counterKey = (secret: string, kind: string, value: string): string =>
  `${kind}:${createHmac('sha256', secret).update(`${kind}\u0000${value}`).digest('base64url').slice(0, 32)}`

export function createCounters(redisUrl: string | undefined): Counters {
  return redisUrl ? new RedisCounters(redisUrl) : new MemoryCounters()
}

class RedisCounters implements Counters {
  private readonly redis: Redis
  constructor(url: string) {
    this.redis = new Redis(url, { connectTimeout: 2000, maxRetriesPerRequest: 1, keyPrefix: 'pid-ps:' })
  }
  async hit(key: string, windowMs: number): Promise<number> {
    const [[, count]] = (await this.redis.multi().incr(key).pexpire(key, windowMs, 'NX').exec()) as [[unknown, number]]
    return count
  }
  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, '1', 'PX', ttlMs, 'NX')) === 'OK'
  }
  async close(): Promise<void> { this.redis.disconnect() }
}

/** One process: a map swept of expired entries as it grows (bounded by the per-address limits upstream). */
class MemoryCounters implements Counters {
  private readonly entries = new Map<string, { count: number; until: number }>()
  private sweepAt = 0
  private entry(key: string, ttlMs: number): { count: number; until: number } {
    const now = Date.now()
    if (now >= this.sweepAt) {
      for (const [k, e] of this.entries) if (e.until <= now) this.entries.delete(k)
      this.sweepAt = now + 60_000
    }
    let e = this.entries.get(key)
    if (!e || e.until <= now) {
      e = { count: 0, until: now + ttlMs }
      this.entries.set(key, e)
    }
    return e
  }
  async hit(key: string, windowMs: number): Promise<number> {
    return ++this.entry(key, windowMs).count
  }
  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return ++this.entry(key, ttlMs).count === 1
  }
  async close(): Promise<void> { this.entries.clear() }
}
