export * from './themes.ts'
export * from './demo.api.ts'
