import { readFile } from 'node:fs/promises'

export interface MunicipalityRow {
  istatCode: string
  name: string
  provinceCode: string
  provinceName: string
  regionName: string
  regionCode: string
  cadastralCode: string
}

/** Parses one CSV line with RFC 4180 quoting (names such as "Albiano d'Ivrea" may be quoted). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++ }
      else if (ch === '"') quoted = false
      else cur += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { out.push(cur); cur = '' }
    else cur += ch
  }
  out.push(cur)
  return out
}

export async function readMunicipalities(): Promise<MunicipalityRow[]> {
  const text = await readFile(new URL('./comuni.csv', import.meta.url), 'utf8')
  const [header, ...lines] = text.trim().split(/\r?\n/)
  if (header !== 'istat_code,name,province_code,province_name,region_name,region_code,cadastral_code') {
    throw new Error(`comuni.csv: unexpected header ${header}`)
  }
  return lines.map((line) => {
    const [istatCode, name, provinceCode, provinceName, regionName, regionCode, cadastralCode] = parseCsvLine(line)
    if (!istatCode || !name || !provinceCode || !provinceName || !regionName || !regionCode || !cadastralCode) {
      throw new Error(`comuni.csv: incomplete row ${line}`)
    }
    return { istatCode, name, provinceCode, provinceName, regionName, regionCode, cadastralCode }
  })
}
