import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { LoadResult } from './types.ts'

const LOAD_SCRIPT = fileURLToPath(new URL('./load.ts', import.meta.url))

export interface LoadRequest {
  url: string
  headers?: Record<string, string>
  connections: number
  durationSeconds: number
  warmupSeconds: number
  requests?: { path: string }[]
}

/**
 * Runs bench/load.ts in a child Node process and parses the JSON it prints. Our process only
 * awaits the child meanwhile, so its event loop is free to serve the server under test.
 */
export function runLoad(req: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOAD_SCRIPT, JSON.stringify(req)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}: ${err.trim()}`))
      try {
        resolve(JSON.parse(out) as LoadResult)
      } catch {
        reject(new Error(`load generator printed no JSON: ${out.slice(0, 500)} ${err.slice(0, 500)}`))
      }
    })
  })
}
