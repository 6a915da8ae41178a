import { watch, type WatchSource } from 'vue'

/** The part of useProblem a load reports to. */
interface ProblemSink {
  reset(): void
  handle(err: unknown): void
}

/**
 * Runs `load` now and again whenever `source` changes; each attempt clears `problem` and a failure
 * shows there. Returns the guarded load, to run it again after a change.
 */
export function useWatchedLoad(source: WatchSource, problem: ProblemSink, load: () => Promise<void>): () => Promise<void> {
  async function run(): Promise<void> {
    problem.reset()
    try {
      await load()
    } catch (err) {
      problem.handle(err)
    }
  }
  watch(source, run, { immediate: true })
  return run
}
