import { describe, expect, it } from 'vitest'
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '@pid/shared'
import { it as italian } from './it'
import { en } from './en'

const at = (tree: unknown, path: string): unknown => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree)

describe('audit log names', () => {
  it('names every action and entity the server records, in Italian and English', () => {
    for (const catalogue of [italian, en]) {
      expect(AUDIT_ACTIONS.filter((a) => typeof at(catalogue.audit.actions, a) !== 'string')).toEqual([])
      expect(AUDIT_ENTITIES.filter((e) => typeof at(catalogue.audit.entities, e) !== 'string')).toEqual([])
    }
  })
})
