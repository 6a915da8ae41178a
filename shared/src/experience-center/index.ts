export * from './themes.ts'
export * from './media.api.ts'
