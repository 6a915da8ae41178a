import { useI18n } from 'vue-i18n'

/** One line of a suggestion's explanation, as the server keeps it. */
export interface ExplainedLine { criterion: string; points: number; params: Record<string, string | number> }

/**
 * Words a line of the explanation in the UI language: the codes behind it (areas, languages,
 * modes) by their names, e.g. "Esperto in Gestione dei dati, l'area più debole dell'impresa (25/100)".
 */
export function useExplain() {
  const { t, te } = useI18n()
  const area = (code: unknown) => (te(`mentoring.areas.${String(code)}`) ? t(`mentoring.areas.${String(code)}`) : String(code))
  const language = (code: unknown) => (te(`mentoring.languages.${String(code)}`) ? t(`mentoring.languages.${String(code)}`).toLocaleLowerCase() : String(code))
  const mode = (code: unknown) => (te(`mentoring.modes.${String(code)}`) ? t(`mentoring.modes.${String(code)}`).toLocaleLowerCase() : String(code))
  function explain(line: ExplainedLine): string {
    const p = line.params
    const key = `mentoring.matching.explain.${line.criterion}`
    if (!te(key)) return line.criterion
    return t(key, {
      ...p, area: area(p.area), dimension: area(p.dimension), language: language(p.language), mode: mode(p.mode),
      rankWords: t(`mentoring.matching.explain.rank${Number(p.rank) === 2 ? 2 : 1}`),
    })
  }
  return { explain, area }
}
