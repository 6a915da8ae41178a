export * from './themes.ts'
