import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decimalToCents, parseFatturaPA } from './fatturapa.ts'

const SAMPLE = readFileSync(new URL('../../../test/fixtures/IT12345678903_00042.xml', import.meta.url), 'utf8')
const edit = (from: string | RegExp, to: string) => SAMPLE.replace(from, to)

describe('FatturaPA 1.2 parsing', () => {
  it('reads supplier, buyer, number, date and amounts of the sample invoice', () => {
    expect(parseFatturaPA(Buffer.from(SAMPLE))).toEqual({
      format: 'FPR12', documentType: 'TD01', supplierName: 'Digitale Lombardo S.r.l.', supplierVat: '12345678903', buyerCodes: ['BUYER_VAT', 'BUYER_VAT'],
      number: 'FT-2026/042', issueDate: '2026-03-16', taxableCents: 600_000, vatCents: 132_000, totalCents: 732_000,
    })
  })

  it('sums every VAT summary, computes a missing total, names a person supplier and prefixes foreign VAT numbers', () => {
    const two = edit('</DatiRiepilogo>', `</DatiRiepilogo>
      <DatiRiepilogo><AliquotaIVA>0.00</AliquotaIVA><Natura>N2.2</Natura><ImponibileImporto>150.5</ImponibileImporto><Imposta>0.00</Imposta></DatiRiepilogo>`)
      .replace(/<ImportoTotaleDocumento>.*<\/ImportoTotaleDocumento>/, '')
      .replace('<Denominazione>Digitale Lombardo S.r.l.</Denominazione>', '<Nome>Marco</Nome><Cognome>Bianchi</Cognome>')
      .replace(/<IdPaese>IT<\/IdPaese>\s*<IdCodice>12345678903<\/IdCodice>\s*<\/IdFiscaleIVA>\s*<CodiceFiscale>/, '<IdPaese>DE</IdPaese><IdCodice>123456789</IdCodice></IdFiscaleIVA><CodiceFiscale>')
    expect(parseFatturaPA(two)).toMatchObject({ supplierName: 'Marco Bianchi', supplierVat: 'DE123456789', taxableCents: 615_050, vatCents: 132_000, totalCents: 747_050 })
  })

  it('refuses what is not one euro invoice of expenses in FatturaPA 1.2, naming the field', () => {
    const cases: [string, RegExp][] = [
      ['<html><body>fattura</body></html>', /root element is not FatturaElettronica/],
      ['<FatturaElettronica versione="FPR12"><FatturaElettronicaHeader>', /not well-formed XML/],
      [edit('versione="FPR12"', 'versione="FPR11"'), /is not 1.2/],
      [edit('<TipoDocumento>TD01</TipoDocumento>', '<TipoDocumento>TD04</TipoDocumento>'), /TD04 is not an invoice of expenses/],
      [edit('<Divisa>EUR</Divisa>', '<Divisa>USD</Divisa>'), /only EUR invoices/],
      [edit('<ImponibileImporto>6000.00</ImponibileImporto>', '<ImponibileImporto>6000.001</ImponibileImporto>'), /at most two decimals/],
      [edit('<Numero>FT-2026/042</Numero>', ''), /Numero is missing/],
      [edit('<Data>2026-03-16</Data>', '<Data>16/03/2026</Data>'), /is not a date/],
      [edit('</FatturaElettronicaBody>', '</FatturaElettronicaBody><FatturaElettronicaBody><DatiGenerali/></FatturaElettronicaBody>'), /holds 2 invoices/],
    ]
    for (const [xml, message] of cases) expect(() => parseFatturaPA(xml), String(message)).toThrow(message)
  })

  it('turns decimal text into cents exactly', () => {
    expect([decimalToCents('0.1', '/'), decimalToCents('1234.56', '/'), decimalToCents('-3', '/'), decimalToCents('99999999999.99', '/')])
      .toEqual([10, 123_456, -300, 9_999_999_999_999])
    expect(() => decimalToCents('1,50', '/x')).toThrow(/\/x/)
  })
})
