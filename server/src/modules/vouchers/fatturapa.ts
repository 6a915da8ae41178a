import { XMLParser, XMLValidator } from 'fast-xml-parser'

/**
 * Reads an Italian electronic invoice (FatturaPA, format 1.2.x: FPR12 between firms, FPA12 to public
 * bodies; the XML as sent through the SdI, not the signed .p7m envelope) into what reporting needs:
 * supplier (VAT number and name), buyer codes (the invoice must be addressed to the firm), number,
 * date, taxable amount (sum of the VAT summaries, DatiRiepilogo/ImponibileImporto) and total
 * (ImportoTotaleDocumento, or taxable + VAT when the optional total is absent). Amounts are read
 * from their decimal text straight into cents, never through floating point. fast-xml-parser is
 * pure JavaScript, maintained, and never fetches external entities.
 */
export interface ParsedInvoice {
  format: string
  documentType: string
  supplierName: string
  supplierVat: string | null
  buyerCodes: string[]
  number: string
  issueDate: string
  taxableCents: number
  vatCents: number
  totalCents: number
}

export class InvoiceFormatError extends Error {
  readonly path
  constructor(message: string, path = '/') { super(message)
    this.path = path }
}

/** Invoices and fee notes; credit notes (TD04) and self-invoicing documents are not expenses of the project. */
export const INVOICE_TYPES: Record<string, string> = {
  TD01: 'fattura', TD02: 'acconto/anticipo su fattura', TD06: 'parcella', TD24: 'fattura differita', TD25: 'fattura differita (triangolare)',
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseTagValue: false, parseAttributeValue: false,
  trimValues: true, processEntities: true, isArray: (name) => ['FatturaElettronicaBody', 'DatiRiepilogo'].includes(name) })

type Node = Record<string, unknown>
const obj = (v: unknown, path: string): Node => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InvoiceFormatError(`${path} is missing`, path)
  return v as Node
}
const text = (v: unknown, path: string): string => {
  if (typeof v !== 'string' || v === '') throw new InvoiceFormatError(`${path} is missing`, path)
  return v
}
const optText = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

/** '1234.5', '1234.50', '-3.00' -> cents; more than two decimals (allowed on unit prices only) are refused here. */
export function decimalToCents(v: string, path: string): number {
  const m = /^(-?)(\d{1,11})(?:\.(\d{1,2}))?$/.exec(v)
  if (!m) throw new InvoiceFormatError(`${path}: '${v}' is not an amount with at most two decimals`, path)
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0') || '0')
  return m[1] ? -cents : cents
}

export function parseFatturaPA(xml: Buffer | string): ParsedInvoice {
  const source = typeof xml === 'string' ? xml : xml.toString('utf8')
  const valid = XMLValidator.validate(source)
  if (valid !== true) throw new InvoiceFormatError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`)
  let root: Node
  try {
    root = parser.parse(source) as Node
  } catch (err) {
    // e.g. a DOCTYPE declaring external entities: refused by the parser, never fetched.
    throw new InvoiceFormatError(`not a FatturaPA document: ${(err as Error).message}`)
  }
  const fe = root.FatturaElettronica
  if (!fe) throw new InvoiceFormatError('not a FatturaPA document: the root element is not FatturaElettronica')
  const doc = obj(fe, '/FatturaElettronica')
  const format = String(doc['@versione'] ?? '')
  if (!/^FP[AR]12$/.test(format)) throw new InvoiceFormatError(`FatturaPA version '${format}' is not 1.2 (FPA12 or FPR12)`, '/FatturaElettronica/@versione')

  const header = obj(doc.FatturaElettronicaHeader, '/FatturaElettronicaHeader')
  const supplier = obj(obj(header.CedentePrestatore, '/FatturaElettronicaHeader/CedentePrestatore').DatiAnagrafici,
    '/FatturaElettronicaHeader/CedentePrestatore/DatiAnagrafici')
  const supplierId = obj(supplier.IdFiscaleIVA, '/FatturaElettronicaHeader/CedentePrestatore/DatiAnagrafici/IdFiscaleIVA')
  const country = text(supplierId.IdPaese, '/.../IdFiscaleIVA/IdPaese').toUpperCase()
  const code = text(supplierId.IdCodice, '/.../IdFiscaleIVA/IdCodice').toUpperCase()
  const registry = obj(supplier.Anagrafica, '/FatturaElettronicaHeader/CedentePrestatore/DatiAnagrafici/Anagrafica')
  const supplierName = optText(registry.Denominazione) ?? [optText(registry.Nome), optText(registry.Cognome)].filter(Boolean).join(' ')
  if (!supplierName) throw new InvoiceFormatError('the supplier has neither Denominazione nor Nome and Cognome', '/FatturaElettronicaHeader/CedentePrestatore')

  const buyer = obj(obj(header.CessionarioCommittente, '/FatturaElettronicaHeader/CessionarioCommittente').DatiAnagrafici,
    '/FatturaElettronicaHeader/CessionarioCommittente/DatiAnagrafici')
  const buyerId = buyer.IdFiscaleIVA as Node | undefined
  const buyerCodes = [optText(buyerId?.IdCodice), optText(buyer.CodiceFiscale)].filter((x): x is string => x !== null).map((x) => x.toUpperCase())

  const bodies = doc.FatturaElettronicaBody as unknown[] | undefined
  if (!bodies?.length) throw new InvoiceFormatError('the invoice has no FatturaElettronicaBody', '/FatturaElettronicaBody')
  if (bodies.length > 1) throw new InvoiceFormatError(`the file holds ${bodies.length} invoices (a batch): upload one invoice per file`, '/FatturaElettronicaBody')
  const body = obj(bodies[0], '/FatturaElettronicaBody')
  const general = obj(obj(body.DatiGenerali, '/FatturaElettronicaBody/DatiGenerali').DatiGeneraliDocumento,
    '/FatturaElettronicaBody/DatiGenerali/DatiGeneraliDocumento')
  const documentType = text(general.TipoDocumento, '/.../DatiGeneraliDocumento/TipoDocumento')
  if (!INVOICE_TYPES[documentType]) {
    throw new InvoiceFormatError(`document type ${documentType} is not an invoice of expenses (accepted: ${Object.keys(INVOICE_TYPES).join(', ')})`,
      '/FatturaElettronicaBody/DatiGenerali/DatiGeneraliDocumento/TipoDocumento')
  }
  const currency = text(general.Divisa, '/.../DatiGeneraliDocumento/Divisa')
  if (currency !== 'EUR') throw new InvoiceFormatError(`the invoice is in ${currency}: only EUR invoices are reported`, '/FatturaElettronicaBody/DatiGenerali/DatiGeneraliDocumento/Divisa')
  const issueDate = text(general.Data, '/.../DatiGeneraliDocumento/Data')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(issueDate) || Number.isNaN(Date.parse(issueDate))) {
    throw new InvoiceFormatError(`the date '${issueDate}' is not a date`, '/FatturaElettronicaBody/DatiGenerali/DatiGeneraliDocumento/Data')
  }
  const number = text(general.Numero, '/.../DatiGeneraliDocumento/Numero')

  const summaries = obj(body.DatiBeniServizi, '/FatturaElettronicaBody/DatiBeniServizi').DatiRiepilogo as unknown[] | undefined
  if (!summaries?.length) throw new InvoiceFormatError('the invoice has no VAT summary (DatiRiepilogo)', '/FatturaElettronicaBody/DatiBeniServizi/DatiRiepilogo')
  let taxableCents = 0
  let vatCents = 0
  summaries.forEach((x, i) => {
    const r = obj(x, `/FatturaElettronicaBody/DatiBeniServizi/DatiRiepilogo/${i}`)
    taxableCents += decimalToCents(text(r.ImponibileImporto, `/DatiRiepilogo/${i}/ImponibileImporto`), `/DatiRiepilogo/${i}/ImponibileImporto`)
    vatCents += decimalToCents(text(r.Imposta, `/DatiRiepilogo/${i}/Imposta`), `/DatiRiepilogo/${i}/Imposta`)
  })
  const stated = optText(general.ImportoTotaleDocumento)
  const totalCents = stated !== null ? decimalToCents(stated, '/DatiGeneraliDocumento/ImportoTotaleDocumento') : taxableCents + vatCents
  if (taxableCents <= 0 || totalCents <= 0) throw new InvoiceFormatError('the invoice amounts are not positive', '/FatturaElettronicaBody/DatiBeniServizi')

  return { format, documentType, supplierName, supplierVat: country === 'IT' ? code : `${country}${code}`, buyerCodes, number, issueDate,
    taxableCents, vatCents, totalCents }
}
