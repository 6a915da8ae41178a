import type { Action } from '@pid/shared'

// The pieces every route file declares: its error replies and its guard (core/auth/guard.ts).

/** Every error is answered as problem+json (the schema core/errors.ts registers). */
export const problem = { $ref: 'Problem' } as const

/** What any guarded route may answer before it runs: not signed in (401), not allowed (403). */
export const denied = { 401: problem, 403: problem } as const

type Scope = 'global' | 'chamber' | 'region' | 'network'

/** A route's config: the action it needs, held where (`chamber`: the chamber of the path's `:chamberId`). */
export const guarded = (action: Action, scope: Scope = 'chamber') => ({ guard: { action, scope } })
