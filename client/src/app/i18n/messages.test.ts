import { afterEach, describe, expect, it, vi } from 'vitest'
import { createI18n } from 'vue-i18n'
import { CALL_RULE_CODES, PROBLEM_CODES, QUESTIONNAIRE_CHECK_CODES } from '@pid/shared'
import type { MessageTree } from '../module'
import { mergeMessages } from './merge'

// Every catalogue of the shell and of the modules, as the app merges them.
// (The shell's files export their catalogue as default, the modules' as `it` and `en`.)
type Catalogue = { default?: MessageTree; it?: MessageTree; en?: MessageTree }
const files = import.meta.glob<Catalogue>(['../../**/i18n/it.ts', '../../**/i18n/en.ts'], { eager: true })
const merged = (locale: 'it' | 'en') => mergeMessages(...Object.entries(files)
  .filter(([path]) => path.endsWith(`/${locale}.ts`))
  .map(([path, m]) => m.default ?? m[locale] ?? expect.fail(`${path} exports no catalogue`)))

function flatten(tree: MessageTree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else flatten(value as MessageTree, path, out)
  }
  return out
}

/** The named parameters of a message ({n}, {name}); a literal such as {'|'} is not one. */
const params = (message: string) => [...new Set([...message.matchAll(/\{\s*([A-Za-z_]\w*)\s*\}/g)].map((m) => m[1]!))].sort()

const it_ = flatten(merged('it'))
const en = flatten(merged('en'))

describe('message catalogues', () => {
  afterEach(() => { vi.restoreAllMocks() })

  it('have the same keys in Italian and English', () => {
    expect([...en.keys()].filter((k) => !it_.has(k))).toEqual([])
    expect([...it_.keys()].filter((k) => !en.has(k))).toEqual([])
    expect(it_.size).toBeGreaterThan(500)
  })

  it('give each message the same parameters in both languages', () => {
    const differing = [...it_].filter(([k, m]) => en.has(k) && params(m).join() !== params(en.get(k)!).join())
      .map(([k, m]) => `${k}: it {${params(m)}} en {${params(en.get(k)!)}}`)
    expect(differing).toEqual([])
  })

  it('compile without a syntax error in either language (a literal | must be written {\'|\'})', () => {
    const logged: string[] = []
    for (const level of ['warn', 'error'] as const) vi.spyOn(console, level).mockImplementation((...a: unknown[]) => { logged.push(a.map(String).join(' ')) })
    for (const locale of ['it', 'en'] as const) {
      const i18n = createI18n({ legacy: false, locale, messages: { [locale]: merged(locale) }, missingWarn: true, fallbackWarn: false })
      for (const [key, message] of flatten(merged(locale))) {
        const values = Object.fromEntries(params(message).map((p) => [p, p === 'n' ? 2 : `«${p}»`]))
        try {
          const text = message.includes('|') ? i18n.global.t(key, 2, { named: values }) : i18n.global.t(key, values)
          if (text === key) logged.push(`${locale} ${key}: not translated`)
        } catch (err) {
          logged.push(`${locale} ${key}: ${(err as Error).message}`)
        }
      }
    }
    expect(logged).toEqual([])
  })

  it('word every problem code the server sends (its English detail is never shown)', () => {
    expect(PROBLEM_CODES.filter((code) => !it_.has(`problems.${code}`))).toEqual([])
  })

  it('word every field rule the server and the editors check by code (questionnaires, call terms)', () => {
    expect([...QUESTIONNAIRE_CHECK_CODES, ...CALL_RULE_CODES].filter((code) => !it_.has(`problems.fields.${code}`))).toEqual([])
  })
})
