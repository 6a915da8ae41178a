import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

describe('Italian messages with a number after the article', () => {
  let i18n: typeof import('./index').i18n
  beforeAll(async () => {
    // The catalogue module reads the stored language and sets the page's lang when it loads: no browser here.
    await import('vue-i18n') // loads Vue first, without a document
    vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined })
    vi.stubGlobal('document', { documentElement: { lang: '' } })
    i18n = (await import('./index')).i18n
    i18n.global.mergeLocaleMessage('it', { probe: 'Rendicontazione entro il {date}, sopra il {share}' })
    i18n.global.mergeLocaleMessage('en', { probe: 'Report by the {date}' })
  })

  afterAll(() => { vi.unstubAllGlobals() })

  it("elide the article: entro l'11, l'8, dell'80%; English is left alone", () => {
    expect(i18n.global.t('probe', { date: '11 gen 2027', share: '8,5%' })).toBe("Rendicontazione entro l'11 gen 2027, sopra l'8,5%")
    expect(i18n.global.t('probe', { date: '6 gen 2027', share: '15%' })).toBe('Rendicontazione entro il 6 gen 2027, sopra il 15%')
    i18n.global.locale.value = 'en'
    expect(i18n.global.t('probe', { date: '11 Jan 2027' })).toBe('Report by the 11 Jan 2027')
  })
})
