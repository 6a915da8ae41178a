/** ECharts' default label font: it measures its labels with it, so do we. */
const FONT = '12px sans-serif'
let context: CanvasRenderingContext2D | null | undefined

/** A text's width in pixels as the browser draws it, or an estimate (7 px a character) without a canvas. */
function measure(text: string): number {
  if (context === undefined) context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
  if (!context) return text.length * 7
  context.font = FONT
  return context.measureText(text).width
}

/**
 * How many lines ECharts needs for `text` wrapped ('break') within `width` pixels: word by word,
 * a word longer than the line broken across lines. Charts size their rows by it so that wrapped
 * labels never meet.
 */
export function wrappedLines(text: string, width: number): number {
  let lines = 0
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word
    if (line && measure(joined) > width) {
      lines += 1
      line = word
    } else {
      line = joined
    }
    // A word wider than the line takes whole lines of its own; what is left of it starts the next.
    while (measure(line) > width && line.length > 1) {
      lines += 1
      line = line.slice(Math.max(1, Math.floor(line.length * width / measure(line))))
    }
  }
  return lines + 1
}
