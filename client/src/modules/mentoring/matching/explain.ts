import { useI18n } from 'vue-i18n'

/** One line of a suggestion's explanation, as the server keeps it. */
export interface ExplainedLine { criterion: string; points: number; params: Record<string, string | number> }

type Translate = (key: string, named?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

/** An area's name (an assessment dimension or an Industria 4.0 technology), or its code when unknown. */
export const areaName = (t: Translate, te: Exists, code: unknown) => (te(`mentoring.areas.${String(code)}`) ? t(`mentoring.areas.${String(code)}`) : String(code))

/**
 * Words a line of the explanation in the UI language: the codes behind it (areas, languages,
 * modes) by their names, e.g. "Esperto in Gestione dei dati, l'area più debole dell'impresa (25/100)".
 */
export function explainLine(t: Translate, te: Exists, line: ExplainedLine): string {
  const p = line.params
  const key = `mentoring.matching.explain.${line.criterion}`
  if (!te(key)) return line.criterion
  const lower = (prefix: string, code: unknown) => (te(`${prefix}.${String(code)}`) ? t(`${prefix}.${String(code)}`).toLocaleLowerCase() : String(code))
  return t(key, {
    ...p, area: areaName(t, te, p.area), dimension: areaName(t, te, p.dimension), language: lower('mentoring.languages', p.language),
    mode: lower('mentoring.modes', p.mode), rankWords: t(`mentoring.matching.explain.rank${Number(p.rank) === 2 ? 2 : 1}`),
  })
}

/** explainLine and areaName with the component's i18n. */
export function useExplain() {
  const { t, te } = useI18n()
  return { explain: (line: ExplainedLine) => explainLine(t, te, line), area: (code: unknown) => areaName(t, te, code) }
}
