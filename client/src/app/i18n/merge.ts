import type { MessageTree } from '../module'

/**
 * Merges catalogues namespace by namespace, so several modules can add to `nav` or `problems`.
 * Two catalogues giving the same key a different value is a programming error: it throws at start.
 */
export function mergeMessages(...trees: MessageTree[]): MessageTree {
  const out: MessageTree = {}
  for (const tree of trees) {
    for (const [key, value] of Object.entries(tree)) {
      const have = out[key]
      if (have === undefined) out[key] = value
      else if (typeof have === 'object' && typeof value === 'object') out[key] = mergeMessages(have, value)
      else throw new Error(`i18n: the key "${key}" is defined twice`)
    }
  }
  return out
}
