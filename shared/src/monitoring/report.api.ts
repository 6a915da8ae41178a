import { Type, type Static } from 'typebox'

/**
 * The yearly activity report (issue 16): a chamber's or a region's year as PDF and XLSX, in
 * Italian, of the kind a chamber sends to its region and the Ministry. The year is required: a
 * report is always of one named year, never "the last 12 months".
 */
export const YearReportQuery = Type.Object({
  year: Type.Integer({ minimum: 2017, maximum: 2100, description: 'the calendar year reported on' }),
}, { additionalProperties: false })
export type YearReportQuery = Static<typeof YearReportQuery>

/** The file itself (application/pdf or the XLSX type), sent as an attachment with an Italian file name. */
export const YearReportFile = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: 'the report file' })

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
