import { describe, expect, it } from 'vitest'
import { elideArticles, italianDay, readsWithVowel } from './italian.ts'

describe('Italian articles before numbers', () => {
  it('knows which numbers are read with a vowel', () => {
    expect([8, 11, 80, 85, 800, 8000, 11_000, 11_000_000].every(readsWithVowel)).toBe(true)
    expect([1, 6, 10, 18, 110, 1100, 111, 21].some(readsWithVowel)).toBe(false)
  })

  it('elides il, del, al, dal, nel and sul before them, and nothing else', () => {
    expect(elideArticles('entro il 11 marzo')).toBe("entro l'11 marzo")
    expect(elideArticles('Il 8 gen 2027 e il 6 gen 2027')).toBe("L'8 gen 2027 e il 6 gen 2027")
    expect(elideArticles('sotto la soglia del 80,5% e sopra il 11%')).toBe("sotto la soglia dell'80,5% e sopra l'11%")
    expect(elideArticles('dal 8 al 11 ottobre, nel 1800, sul 8')).toBe("dall'8 all'11 ottobre, nel 1800, sull'8")
    expect(elideArticles('il 1° gennaio, il 11.000 e il 110')).toBe("il 1° gennaio, l'11.000 e il 110")
    expect(elideArticles('il 8/1/2027')).toBe("l'8/1/2027")
    expect(elideArticles('profilo 8 e stile 11')).toBe('profilo 8 e stile 11')
  })

  it('writes a day in words', () => {
    expect(italianDay('2027-01-06')).toBe('6 gennaio 2027')
    expect(italianDay('2027-03-01')).toBe('1° marzo 2027')
  })
})
