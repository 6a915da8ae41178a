import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { scoreSuggestion } from '@pid/shared'
import { mergeMessages } from '../../../app/i18n/merge'
import { it as mentoringIt } from '../i18n/it'
import { en as mentoringEn } from '../i18n/en'
import { it as matchingIt } from './i18n/it'
import { en as matchingEn } from './i18n/en'
import { explainLine } from './explain'

type Translate = (key: string, named?: Record<string, unknown>) => string
function i18n(locale: 'it' | 'en'): { t: Translate; te: (key: string) => boolean } {
  const messages = { it: mergeMessages(mentoringIt, matchingIt), en: mergeMessages(mentoringEn, matchingEn) } as Record<string, Record<string, unknown>>
  const g = createI18n({ legacy: false, locale, messages } as never).global as unknown as { t: Translate; te: (key: string) => boolean }
  return { t: (k, n) => g.t(k, n ?? {}), te: (k) => g.te(k) }
}

describe('the explanation, worded', () => {
  const { lines } = scoreSuggestion({
    request: { area: 'data', preferredMode: 'web', language: 'it' },
    firm: { atecoSection: 'C', provinceCode: 'MI', regionCode: '03', weakest: [{ dimension: 'data', score: 25 }, { dimension: 'security', score: 30 }] },
    mentor: { expertise: ['data', 'security'], sectors: [], languages: ['it'], provinces: [], regionCode: '12', modes: ['web'], accepted: 1, maxMentees: 3 },
  })

  it('reads in Italian, each code by its name', () => {
    const g = i18n('it')
    expect(lines.map((l) => explainLine(g.t, g.te, l))).toEqual([
      "Esperto in Gestione dei dati, l'area richiesta",
      "Esperto in Gestione dei dati, l'area più debole dell'impresa (25/100)",
      "Esperto in Cybersicurezza, la seconda area più debole dell'impresa (30/100)",
      "Non indica il settore ATECO C dell'impresa",
      'Incontri via web: la distanza non conta',
      'Parla italiano',
      'Offre la modalità richiesta (web mentoring)',
      'Carico attuale: 1 su 3 imprese',
    ])
  })

  it('reads in English too', () => {
    const g = i18n('en')
    expect(explainLine(g.t, g.te, lines[1]!)).toBe('Expert in Data management, the weakest area of the firm (25/100)')
  })
})
