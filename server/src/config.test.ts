import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, cookieSecure: true, corsOrigins: [] })
    expect(c.jwtSecret.length).toBeGreaterThanOrEqual(32)
  })

  it('reads and converts variables', () => {
    const c = loadConfig({ PORT: '8080', COOKIE_SECURE: 'false', CORS_ORIGINS: 'https://a.it, https://b.it', DATABASE_URL: 'postgres://u@h/db' })
    expect(c).toMatchObject({ port: 8080, cookieSecure: false, corsOrigins: ['https://a.it', 'https://b.it'], databaseUrl: 'postgres://u@h/db' })
  })

  it('names every bad variable once, with what it got', () => {
    let error: ConfigError | undefined
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', JWT_SECRET: 'short' })
    } catch (e) {
      error = e as ConfigError
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect(error!.problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT'])
    expect(error!.message).toContain('PORT: must be integer (got "abc")')
  })

  it('demands a shared JWT secret for a production database', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' })).toThrow(/JWT_SECRET/)
  })
})
