import { availableParallelism } from 'node:os'
import { isMainThread, parentPort, Worker } from 'node:worker_threads'
import { solveChallenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import type { PowChallenge, PowSolution } from '@pid/shared'

/**
 * Solves proof-of-work challenges as the firms' own browsers would: each firm's device does its
 * own, so the bench spreads them over worker threads (one per core) instead of one process solving
 * hundreds in a row, which would measure the bench rather than the server. This file is both the
 * pool (imported) and the worker (run by the pool).
 */
export async function solveAll(challenges: readonly PowChallenge[]): Promise<PowSolution[]> {
  const workers = Math.max(1, Math.min(availableParallelism(), challenges.length))
  const slices = Array.from({ length: workers }, (_, w) => challenges.filter((_, i) => i % workers === w))
  const solved = await Promise.all(slices.map((slice) => new Promise<PowSolution[]>((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: null })
    worker.once('message', (answers: PowSolution[]) => { resolve(answers); void worker.terminate() })
    worker.once('error', reject)
    worker.postMessage(slice)
  })))
  return challenges.map((_, i) => solved[i % workers]![Math.floor(i / workers)]!)
}

if (!isMainThread && parentPort) {
  const port = parentPort
  port.once('message', async (slice: PowChallenge[]) => {
    const answers: PowSolution[] = []
    for (const challenge of slice) {
      const s = await solveChallenge({ challenge, deriveKey })
      if (!s) throw new Error('a challenge had no solution')
      answers.push({ counter: s.counter, derivedKey: s.derivedKey })
    }
    port.postMessage(answers)
  })
}
