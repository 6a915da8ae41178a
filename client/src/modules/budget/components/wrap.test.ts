import { describe, expect, it } from 'vitest'
import { wrappedLines } from './wrap'

// Without a browser there is no canvas: the estimate is 7 px a character.
describe('wrappedLines', () => {
  it('keeps a name that fits on one line', () => {
    expect(wrappedLines('Servizi di supporto', 180)).toBe(1)
  })

  it('wraps word by word, never inside a word that fits on a line', () => {
    // 16 characters a line: "Piattaforme" / "software," / "materiale" / "multimediale," / "banche dati," / "servizi"
    expect(wrappedLines('Piattaforme software, materiale multimediale, banche dati, servizi', 112)).toBe(6)
    expect(wrappedLines('Piattaforme software, materiale multimediale, banche dati, servizi', 180)).toBe(3)
  })

  it('breaks a word longer than the line across lines', () => {
    expect(wrappedLines('x'.repeat(40), 70)).toBe(4)
  })
})
