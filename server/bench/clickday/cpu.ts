import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import type { Db } from '../../src/db/database.ts'

/**
 * CPU time spent per accepted submission by each party (our server process, its PostgreSQL
 * backends, the load generator): on a machine shared with other work, throughput moves with the
 * neighbours, CPU per submission much less. 2 cores / (sum per submission) bounds what a quiet
 * 2-core machine could reach.
 */
const TICK_MS = 10 // Linux USER_HZ = 100

function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS
  } catch {
    return null
  }
}

export interface CpuSnapshot { server: number; backends: Map<number, number>; client: number }

export async function cpuSnapshot(db: Db, serverPid: number): Promise<CpuSnapshot> {
  const pids = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(db)
  const backends = new Map<number, number>()
  for (const { pid } of pids.rows) {
    const ms = processCpuMs(pid)
    if (ms !== null) backends.set(pid, ms)
  }
  const u = process.cpuUsage()
  return { server: processCpuMs(serverPid) ?? 0, backends, client: (u.user + u.system) / 1000 }
}

/** CPU milliseconds per accepted submission between two snapshots. */
export function cpuPerSubmission(a: CpuSnapshot, b: CpuSnapshot, accepted: number): { serverMs: number; postgresMs: number; clientMs: number } {
  let pg = 0
  for (const [pid, ms] of b.backends) pg += ms - (a.backends.get(pid) ?? 0)
  const per = (ms: number) => Math.round((ms / accepted) * 1000) / 1000
  return { serverMs: per(b.server - a.server), postgresMs: per(pg), clientMs: per(b.client - a.client) }
}
