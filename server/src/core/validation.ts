import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'

/**
 * Two validators. Bodies are JSON and must arrive with the right types: no coercion, and unknown
 * properties are an error (never silently removed). Path and query parameters are strings on the
 * wire, so they are coerced to the declared types.
 */
export function registerValidation(app: FastifyInstance): void {
  const base: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false }
  const strict = addFormats.default(new Ajv({ ...base, coerceTypes: false }))
  const coercing = addFormats.default(new Ajv({ ...base, coerceTypes: 'array' }))
  for (const ajv of [strict, coercing]) ajv.addKeyword({ keyword: 'example' })
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema))
}
