import type {
  ChamberExpenses, ExpenseClaimBody, MentorExpense, MentoringPidFigures, MentoringProgramme, MentoringRegionFigures, MyExpenses,
} from '@pid/shared'
import { download, request } from '../../../app/api/http'

const staff = (chamberId: number) => `/chambers/${chamberId}/mentoring`

/** Mentoring's expenses: the mentor's claims, the staff's decisions, the programme's cap, the figures and their exports. */
export const expensesApi = {
  mine: (year: number) => request<MyExpenses>('/mentoring/me/expenses', { query: { year } }),
  claim: (body: ExpenseClaimBody) => request<MentorExpense>('/mentoring/me/expenses', { method: 'POST', body }),
  myReceipt: (expenseId: number, receiptId: number) => download(`/mentoring/me/expenses/${expenseId}/receipts/${receiptId}`),
  list: (chamberId: number, query: { status?: string; year: number }) =>
    request<ChamberExpenses>(`${staff(chamberId)}/expenses`, { query }),
  receipt: (chamberId: number, expenseId: number, receiptId: number) => download(`${staff(chamberId)}/expenses/${expenseId}/receipts/${receiptId}`),
  approve: (chamberId: number, expenseId: number) => request<MentorExpense>(`${staff(chamberId)}/expenses/${expenseId}/approve`, { method: 'POST', body: {} }),
  reject: (chamberId: number, expenseId: number, reason: string) =>
    request<MentorExpense>(`${staff(chamberId)}/expenses/${expenseId}/reject`, { method: 'POST', body: { reason } }),
  exportExpenses: (chamberId: number, year: number, format: 'csv' | 'xlsx') => download(`${staff(chamberId)}/expenses/export`, { year, format }),
  programme: (chamberId: number, year: number) => request<MentoringProgramme>(`${staff(chamberId)}/programme/${year}`),
  saveProgramme: (chamberId: number, year: number, expenseCapCents: number) =>
    request<MentoringProgramme>(`${staff(chamberId)}/programme/${year}`, { method: 'PUT', body: { expenseCapCents } }),
  pidFigures: (chamberId: number, year: number) => request<MentoringPidFigures>(`${staff(chamberId)}/figures`, { query: { year } }),
  regionFigures: (regionCode: string, year: number) => request<MentoringRegionFigures>(`/regions/${regionCode}/mentoring/figures`, { query: { year } }),
  exportPidFigures: (chamberId: number, year: number, format: 'csv' | 'xlsx') => download(`${staff(chamberId)}/figures/export`, { year, format }),
  exportRegionFigures: (regionCode: string, year: number, format: 'csv' | 'xlsx') =>
    download(`/regions/${regionCode}/mentoring/figures/export`, { year, format }),
}

/** A file's bytes in base64 (what a claim's receipts carry). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsDataURL(file)
  })
}

/** Opens a receipt (a Blob fetched with the token) in a new tab, or saves it when the browser blocks that. */
export function openBlob(file: { blob: Blob; fileName: string | null }): void {
  const url = URL.createObjectURL(file.blob)
  const w = window.open(url, '_blank', 'noopener')
  if (!w) {
    const a = document.createElement('a')
    a.href = url
    a.download = file.fileName ?? 'ricevuta'
    document.body.appendChild(a)
    a.click()
    a.remove()
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

export const currentYear = () => Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(new Date()))

/** A calendar day as dd/mm/yyyy ('2019-05-14' -> '14/05/2019'). */
export const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`

/** The years a page offers, newest first: from the programme's first (2017, the demo's budget plans) to this one. */
export const yearsSince = (first: number, last: number) => Array.from({ length: Math.max(1, last - first + 1) }, (_, i) => last - i)
