export * from './themes.ts'
export * from './door.api.ts'
