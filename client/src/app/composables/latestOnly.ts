/**
 * For suggestion lists that ask the server as the user types: answers can come back out of order
 * (a short query is slower than the longer one after it), and an older answer must never replace
 * the newer one. `latest(load)` resolves to the answer, or to `undefined` when a later call was made.
 */
export function latestOnly(): <T>(load: () => Promise<T>) => Promise<T | undefined> {
  let last = 0
  return async (load) => {
    const mine = ++last
    const answer = await load()
    return mine === last ? answer : undefined
  }
}
