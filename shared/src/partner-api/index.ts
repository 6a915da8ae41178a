export * from './scopes.ts'
export * from './webhook-events.ts'
export * from './clients.api.ts'
export * from './webhooks.api.ts'
