import { describe, expect, it } from 'vitest'
import { DETAIL_CODES } from '@pid/shared'
import { it as italian } from './it'
import { en } from './en'

describe('what the server found', () => {
  it('has words for every detail code the server sends, in Italian and English', () => {
    for (const catalogue of [italian, en]) {
      const words = catalogue.vouchers.details as Record<string, unknown>
      expect(DETAIL_CODES.filter((code) => typeof words[code] !== 'string')).toEqual([])
    }
  })
})
