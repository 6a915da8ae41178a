import type { FastifyInstance } from 'fastify'
import { badRequest } from './errors.ts'

type FieldError = { path: string; message: string }

const NUL = '\u0000'
const MESSAGE = 'contains a character that cannot be stored (U+0000 or a lone surrogate)'

/**
 * PostgreSQL cannot store U+0000 in text or jsonb (the statement fails), and a lone UTF-16
 * surrogate would be silently replaced on the way in. Both are refused here, once for every
 * route, before validation and before any query: a 400 naming each field, and nothing written.
 */
export function registerTextInputCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const errors: FieldError[] = []
    collect(req.body, '', errors)
    collect(req.query, '/querystring', errors)
    collect(req.params, '/params', errors)
    if (errors.length > 0) throw badRequest('the request contains characters that cannot be stored', errors)
  })
}

function collect(value: unknown, path: string, out: FieldError[]): void {
  if (typeof value === 'string') {
    if (!storable(value)) out.push({ path: path || '/', message: MESSAGE })
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => collect(v, `${path}/${i}`, out))
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const at = `${path}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`
      if (!storable(k)) out.push({ path: at, message: MESSAGE })
      collect(v, at, out)
    }
  }
}

const storable = (s: string): boolean => !s.includes(NUL) && s.isWellFormed()

// Parsed JSON and query strings are plain records (fast-querystring's have a null-prototype
// prototype); uploads arrive as Buffers, which are bytes, not text, and are checked by their routes.
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === '[object Object]'
}
