import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { S3Settings } from './core/storage-s3.ts'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

/** Every setting the server reads from the environment; the README's configuration table mirrors it. */
const EnvSchema = Type.Object({
  NODE_ENV: Type.String({ pattern: '^(development|production|test)$', default: 'development' }),
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  DATA_DIR: Type.String({ default: './data', minLength: 1 }),
  STORAGE: Type.String({ pattern: '^(local|pg|s3)$', default: 'local', description: "where uploaded files' bytes live: a local folder (default), PostgreSQL rows, an S3-compatible bucket" }),
  S3_BUCKET: Type.Optional(Type.String({ minLength: 1 })),
  S3_REGION: Type.String({ default: 'us-east-1', minLength: 1 }),
  S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  S3_FORCE_PATH_STYLE: Type.Boolean({ default: false }),
  S3_PREFIX: Type.String({ default: '' }),
  STORAGE_DIR: Type.Optional(Type.String({ minLength: 1, description: 'the local folder of STORAGE=local (default: DATA_DIR/files)' })),
  MEDIA_MAX_BYTES: Type.Integer({ minimum: 1024, default: 200 * 1024 * 1024, description: 'largest media library file accepted' }),
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 30, maximum: 3600, default: 900 }),
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ minimum: 1, maximum: 90, default: 14 }),
  COOKIE_SECURE: Type.Boolean({ default: true }),
  TRUST_PROXY: Type.Boolean({ default: false, description: 'behind a load balancer: take the client address from X-Forwarded-For' }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 1000, description: 'requests per minute per client' }),
  LOGIN_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 10, description: 'login attempts per minute per client' }),
  PUBLIC_START_IP_MAX: Type.Integer({ minimum: 1, default: 600, description: 'public self-assessment starts per hour per client address (a shared office or school counts as one)' }),
  PUBLIC_START_EMAIL_MAX: Type.Integer({ minimum: 1, default: 3, description: 'public self-assessment starts per hour per e-mail address' }),
  PUBLIC_START_CODE_MAX: Type.Integer({ minimum: 1, default: 5, description: 'public self-assessment starts per hour per firm code' }),
  PUBLIC_START_POW_COUNTER_MAX: Type.Integer({ minimum: 100, maximum: 10_000_000, default: 60_000, description: 'proof of work of a public start: the hashes the page may need (it needs about half on average)' }),
  LOGIN_MAX_FAILURES: Type.Integer({ minimum: 1, default: 5 }),
  LOGIN_LOCK_MINUTES: Type.Integer({ minimum: 1, default: 15 }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1_048_576 }),
  CORS_ORIGINS: Type.String({ default: '' }),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.String({ default: 'Punto Impresa Digitale <noreply@pid.example>' }),
  MAILING_RATE_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 100_000, default: 120, description: 'CRM mailings: messages sent per minute (each job sends one minute\'s worth)' }),
  MAILING_EVENTS_SECRET: Type.Optional(Type.String({ minLength: 24, description: 'CRM mailings: the shared secret of the inbound bounce/complaint/delivery endpoint (unset: the endpoint answers 404)' })),
  SEED_DEMO: Type.Optional(Type.Boolean()),
  JOBS_ENABLED: Type.Boolean({ default: true }),
  SPA_DIR: Type.Optional(Type.String()),
  LOG_LEVEL: Type.String({ pattern: '^(fatal|error|warn|info|debug|trace|silent)$', default: 'info' }),
})
type Env = Static<typeof EnvSchema>

export interface Config {
  env: 'development' | 'production' | 'test'
  host: string
  port: number
  publicUrl: string
  databaseUrl: string | undefined
  databasePoolSize: number
  dataDir: string
  storage: 'local' | 'pg' | 's3'
  storageDir: string
  s3: S3Settings | undefined
  mediaMaxBytes: number
  jwtSecret: string
  accessTokenTtl: number
  refreshTokenTtlDays: number
  cookieSecure: boolean
  trustProxy: boolean
  redisUrl: string | undefined
  rateLimitMax: number
  loginRateLimitMax: number
  loginMaxFailures: number
  /** The public self-assessment's limits (per hour) and proof-of-work difficulty. */
  publicStart: { ipMax: number; emailMax: number; codeMax: number; powCounterMax: number }
  loginLockMinutes: number
  bodyLimit: number
  corsOrigins: string[]
  smtpUrl: string | undefined
  mailFrom: string
  mailingRatePerMinute: number
  mailingEventsSecret: string | undefined
  seedDemo: boolean | undefined
  jobsEnabled: boolean
  spaDir: string | undefined
  logLevel: string
}

export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.problems = problems
  }
}

/** Reads and validates the environment; throws one error that lists every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {}
  for (const key of Object.keys(EnvSchema.properties)) {
    const v = source[key]
    if (v !== undefined && v !== '') raw[key] = v
  }
  const withDefaults = Value.Default(EnvSchema, raw)
  const converted = Value.Convert(EnvSchema, withDefaults)
  const byVariable = new Map<string, string>()
  for (const e of Value.Errors(EnvSchema, converted)) {
    const name = e.instancePath.replace(/^\//, '') || '(environment)'
    if (!byVariable.has(name)) byVariable.set(name, `${name}: ${e.message} (got ${JSON.stringify(source[name] ?? null)})`)
  }
  const problems = [...byVariable.values()]
  const env = converted as Env
  if (problems.length === 0 && env.NODE_ENV === 'production' && env.DATABASE_URL && !env.JWT_SECRET) {
    problems.push('JWT_SECRET: required in production with DATABASE_URL, so that every instance signs alike (32+ characters)')
  }
  if (problems.length === 0 && env.STORAGE === 's3' && !env.S3_BUCKET) problems.push('S3_BUCKET: required with STORAGE=s3')
  if (problems.length) throw new ConfigError(problems)
  return {
    env: env.NODE_ENV as Config['env'],
    host: env.HOST,
    port: env.PORT,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    dataDir: env.DATA_DIR,
    storage: env.STORAGE as Config['storage'],
    storageDir: env.STORAGE_DIR ?? join(env.DATA_DIR, 'files'),
    s3: env.S3_BUCKET ? { bucket: env.S3_BUCKET, region: env.S3_REGION, endpoint: env.S3_ENDPOINT, accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY, forcePathStyle: env.S3_FORCE_PATH_STYLE, prefix: env.S3_PREFIX } : undefined,
    mediaMaxBytes: env.MEDIA_MAX_BYTES,
    // Without a configured secret (embedded demo, tests) each process makes its own; main.ts
    // persists it in the data folder so that a restart keeps sessions.
    jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
    accessTokenTtl: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    cookieSecure: env.COOKIE_SECURE,
    trustProxy: env.TRUST_PROXY,
    redisUrl: env.REDIS_URL,
    rateLimitMax: env.RATE_LIMIT_MAX,
    loginRateLimitMax: env.LOGIN_RATE_LIMIT_MAX,
    loginMaxFailures: env.LOGIN_MAX_FAILURES,
    publicStart: { ipMax: env.PUBLIC_START_IP_MAX, emailMax: env.PUBLIC_START_EMAIL_MAX, codeMax: env.PUBLIC_START_CODE_MAX,
      powCounterMax: env.PUBLIC_START_POW_COUNTER_MAX },
    loginLockMinutes: env.LOGIN_LOCK_MINUTES,
    bodyLimit: env.BODY_LIMIT_BYTES,
    corsOrigins: env.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    mailingRatePerMinute: env.MAILING_RATE_PER_MINUTE,
    mailingEventsSecret: env.MAILING_EVENTS_SECRET,
    seedDemo: env.SEED_DEMO,
    jobsEnabled: env.JOBS_ENABLED,
    spaDir: env.SPA_DIR,
    logLevel: env.LOG_LEVEL,
  }
}
