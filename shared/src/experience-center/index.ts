export * from './themes.ts'
export * from './demo.api.ts'
export * from './door.api.ts'
export * from './events.api.ts'
