export * from './themes.ts'
export * from './events.api.ts'
