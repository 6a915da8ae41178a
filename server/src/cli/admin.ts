import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { ROLE_SCOPE, ROLES, type Role } from '@pid/shared'
import { ConfigError, loadConfig } from '../config.ts'
import { openDatabase } from '../db/open.ts'
import { migrateToLatest } from '../db/migrate.ts'
import type { Db } from '../db/database.ts'
import { audit, systemContext } from '../core/audit.ts'
import { hashPassword } from '../core/auth/passwords.ts'
import { NetworkService } from '../modules/network/network.service.ts'
import { DEMO_USERS, DEMO_PASSWORD } from '../demo/seed.ts'
import { seedDemoThroughApp } from '../demo/seed-app.ts'

const USAGE = `Usage: pnpm admin <command> [options]   (uses DATABASE_URL, or the embedded database in DATA_DIR)

  migrate                                   apply pending migrations
  seed-demo                                 reset the data to the demo network (Lombardy, a user per role)
  list-chambers                             list chambers with their ids
  create-chamber --name N --short-name S --provinces MI,MB [--from YYYY-MM-DD]
  create-user --email E --name N --role R [--chamber ID | --region CODE] [--password P]
  reset-password --email E [--password P]   (without --password one is generated and printed)

Roles: ${ROLES.join(', ')}
With the embedded database, stop the running app first: one process at a time can open it.`

const ctx = systemContext('cli')

async function run(command: string | undefined, args: string[]): Promise<void> {
  const { values: o } = parseArgs({
    args, allowPositionals: false,
    options: {
      name: { type: 'string' }, 'short-name': { type: 'string' }, provinces: { type: 'string' }, from: { type: 'string' },
      email: { type: 'string' }, role: { type: 'string' }, chamber: { type: 'string' }, region: { type: 'string' },
      password: { type: 'string' },
    },
  })
  if (!command || command === 'help' || command === '--help') return void console.log(USAGE)
  const config = loadConfig()
  const database = await openDatabase(config)
  try {
    await migrateToLatest(database.db)
    const db = database.db
    switch (command) {
      case 'migrate':
        return void console.log('migrations applied')
      case 'seed-demo':
        await seedDemoThroughApp(db, database.pool, { config })
        return void console.log(`demo network loaded; users (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => u.email).join(', ')}`)
      case 'list-chambers': {
        const rows = await db.selectFrom('chamber').select(['id', 'name', 'region_code', 'merged_into_id']).orderBy('id').execute()
        return void console.table(rows)
      }
      case 'create-chamber': {
        const chamber = await new NetworkService({ db }).createChamber({
          name: need(o.name, '--name'), shortName: need(o['short-name'], '--short-name'),
          provinces: need(o.provinces, '--provinces').split(',').map((p) => p.trim().toUpperCase()),
          ...(o.from ? { activeFrom: o.from } : {}),
        }, ctx)
        return void console.log(`chamber ${chamber.id} created: ${chamber.name} (${chamber.provinces.join(', ')})`)
      }
      case 'create-user':
        return await createUser(db, need(o.email, '--email'), need(o.name, '--name'), need(o.role, '--role'), o)
      case 'reset-password': {
        const password = o.password ?? randomBytes(12).toString('base64url')
        const email = need(o.email, '--email')
        const user = await db.updateTable('app_user')
          .set({ password_hash: await hashPassword(password), failed_logins: 0, locked_until: null, password_changed_at: sql`now()` })
          .where(sql`lower(email)`, '=', email.toLowerCase()).returning('id').executeTakeFirst()
        if (!user) throw new Error(`no user with email ${email}`)
        await db.updateTable('refresh_token').set({ revoked_at: sql`now()` }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute()
        await audit(db, ctx, { chamberId: null, action: 'auth.password_reset', entity: 'user', entityId: user.id })
        return void console.log(o.password ? 'password reset' : `password reset to: ${password}`)
      }
      default:
        throw new Error(`unknown command ${command}\n\n${USAGE}`)
    }
  } finally {
    await database.close()
  }
}

async function createUser(db: Db, email: string, name: string, roleName: string, o: { chamber?: string; region?: string; password?: string }) {
  if (!(ROLES as readonly string[]).includes(roleName)) throw new Error(`unknown role ${roleName}; one of ${ROLES.join(', ')}`)
  const role = roleName as Role
  const scope = ROLE_SCOPE[role]
  if (scope === 'chamber' && !o.chamber) throw new Error(`${role} is held in a chamber: pass --chamber ID`)
  if (scope === 'region' && !o.region) throw new Error(`${role} is held in a region: pass --region CODE (e.g. 03)`)
  if (o.password !== undefined && o.password.length < 12) throw new Error('--password needs at least 12 characters')
  const password = o.password ?? randomBytes(12).toString('base64url')
  const hash = await hashPassword(password)
  await db.transaction().execute(async (tx) => {
    const user = await tx.insertInto('app_user').values({ email, name, password_hash: hash, status: 'active' })
      .onConflict((oc) => oc.expression(sql`lower(email)`).doUpdateSet({ name }))
      .returning('id').executeTakeFirstOrThrow()
    await tx.insertInto('role_assignment').values({
      user_id: user.id, role,
      chamber_id: scope === 'chamber' ? Number(o.chamber) : null,
      region_code: scope === 'region' ? o.region! : null,
    }).execute()
    await audit(tx, ctx, { chamberId: scope === 'chamber' ? Number(o.chamber) : null, action: 'user.created', entity: 'user', entityId: user.id, after: { email, role } })
  })
  console.log(`user ${email} has role ${role}${o.password ? '' : `; password: ${password}`}`)
}

function need(v: string | undefined, flag: string): string {
  if (!v) throw new Error(`missing ${flag}\n\n${USAGE}`)
  return v
}

run(process.argv[2], process.argv.slice(3)).catch((err) => {
  console.error(err instanceof ConfigError ? err.message : `error: ${(err as Error).message}`)
  process.exit(1)
})
