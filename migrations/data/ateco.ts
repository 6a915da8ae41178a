import { readFile } from 'node:fs/promises'
import { parseCsvLine } from './municipalities.ts'

export interface AtecoRow {
  code: string
  level: string
  parent: string | null
  section: string
  titleIt: string
  titleEn: string
}

export async function readAteco(): Promise<AtecoRow[]> {
  const text = await readFile(new URL('./ateco-2025.csv', import.meta.url), 'utf8')
  const [header, ...lines] = text.trim().split(/\r?\n/)
  if (header !== 'code,level,parent,title_it,title_en') throw new Error(`ateco-2025.csv: unexpected header ${header}`)
  const rows = lines.map((line) => {
    const [code, level, parent, titleIt, titleEn] = parseCsvLine(line)
    if (!code || !level || !titleIt || !titleEn) throw new Error(`ateco-2025.csv: incomplete row ${line}`)
    return { code, level, parent: parent || null, titleIt, titleEn, section: '' }
  })
  // The section is the root of each code's parent chain.
  const byCode = new Map(rows.map((r) => [r.code, r]))
  for (const r of rows) {
    let cur = r
    while (cur.parent) cur = byCode.get(cur.parent) ?? cur
    r.section = cur.code
  }
  return rows
}
