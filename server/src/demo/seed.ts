import { sql } from 'kysely'
import type { Role } from '@pid/shared'
import type { Db } from '../db/database.ts'
import type { Jobs } from '../core/jobs.ts'
import { hashPassword } from '../core/auth/passwords.ts'
import { audit, systemContext } from '../core/audit.ts'
import { seedDemoCrm } from './crm-seed.ts'
import { seedDemoBudget } from './budget-seed.ts'
import { seedDemoVouchers } from './vouchers-seed.ts'
import { seedDemoVoucherEvaluation } from './vouchers-eval-seed.ts'
import { seedDemoFirmAccount, seedDemoFirmAssessment, seedDemoFirmHome } from './firm-account-seed.ts'
import { seedExperienceDemo } from './experience-demo-seed.ts'
import { seedDemoExperienceEvents } from './experience-events-seed.ts'
import { seedDemoMedia } from './experience-media-seed.ts'
import { seedDemoMentoringMentors } from './mentoring-mentors-seed.ts'
import { seedDemoMentoringMatching } from './mentoring-matching-seed.ts'
import { seedDemoMentoringEngagement } from './mentoring-engagement-seed.ts'
import { seedDemoMentoringExpenses } from './mentoring-expenses-seed.ts'
import { seedDemoPartnerApi } from './partner-api-seed.ts'
import { seedDemoMonitoring } from './monitoring-seed.ts'
import { ensureAssessmentDefaults } from '../modules/assessment/seed-defaults.ts'

/** The 12 Lombardy chambers of the source document (one per province in 2017), region 03. */
export const LOMBARDY_CHAMBERS = [
  ['BG', 'Bergamo'], ['BS', 'Brescia'], ['CO', 'Como'], ['CR', 'Cremona'], ['LC', 'Lecco'], ['LO', 'Lodi'],
  ['MN', 'Mantova'], ['MI', 'Milano'], ['MB', 'Monza e Brianza'], ['PV', 'Pavia'], ['SO', 'Sondrio'], ['VA', 'Varese'],
] as const

export const DEMO_PASSWORD = 'pid-demo-2026'
export const DEMO_CHAMBER = 'Milano'

/** One demo user per role; chamber roles in the Milano chamber, the regional one in Lombardy. */
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: 'leader@pid.example', name: 'Laura Digital Leader', role: 'digital_leader' },
  { email: 'coordinatore@pid.example', name: 'Carlo Coordinatore', role: 'digital_coordinator' },
  { email: 'promotore@pid.example', name: 'Paola Promotrice', role: 'digital_promoter' },
  { email: 'mentor@pid.example', name: 'Marco Mentor', role: 'mentor' },
  { email: 'partner@pid.example', name: 'Piero Partner', role: 'partner_user' },
  { email: 'impresa@pid.example', name: 'Irene Impresa', role: 'firm_user' },
  { email: 'regione@pid.example', name: 'Rita Coordinamento Regionale', role: 'regional_coordinator' },
  { email: 'nazionale@pid.example', name: 'Nicola Coordinamento Nazionale', role: 'national_coordinator' },
  { email: 'admin@pid.example', name: 'Anna Amministratrice', role: 'platform_admin' },
]

/** Tables that hold the network's own data (reference geography stays). Modules add theirs. */
const DATA_TABLES = ['voucher_document', 'voucher_idempotency', 'idempotency_record', 'voucher_application', 'voucher_call_quota', 'voucher_call', 'stored_file',
  'firm_name_word', 'referral_step', 'crm_settings', 'import_error', 'import_file', 'import_run', 'referral', 'partner_member', 'partner_agreement', 'campaign_firm', 'campaign', 'mailing_suppression', 'mailing_recipient', 'mailing', 'segment', 'stage_change', 'timeline_event', 'firm_partner_consent', 'consent', 'contact', 'firm', 'partner', 'audit_log', 'mail_outbox', 'invitation', 'refresh_token', 'role_assignment', 'app_user', 'chamber_province', 'chamber']

export async function isEmpty(db: Db): Promise<boolean> {
  return (await db.selectFrom('chamber').select('id').limit(1).executeTakeFirst()) === undefined
}

/**
 * Wipes the network's data and its jobs, and loads the demo: Lombardy chambers, one user per role
 * and, unless `crm: false` (API tests build their own fixtures), the demo CRM, budget and vouchers.
 * `jobs` must be started (its queues exist): the demo's calls enqueue their closing.
 */
export async function seedDemo(db: Db, jobs: Jobs, options: { crm?: boolean } = {}): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await jobs.boss.deleteAllJobs()
  await db.transaction().execute(async (tx) => {
    await sql`TRUNCATE ${sql.join(DATA_TABLES.map((t) => sql.table(t)))} RESTART IDENTITY CASCADE`.execute(tx)
    // The truncation (cascading from chamber) took the assessment's network defaults, which the app
    // inserts at start: the demo is loaded under a ready app now, so put them back.
    await ensureAssessmentDefaults(tx)
    const chambers = new Map<string, number>()
    for (const [plate, name] of LOMBARDY_CHAMBERS) {
      const { id } = await tx.insertInto('chamber').values({
        name: `Camera di commercio di ${name}`, short_name: name, region_code: '03',
        pid_name: `PID ${name}`, active_from: '2017-01-01',
      }).returning('id').executeTakeFirstOrThrow()
      await tx.insertInto('chamber_province').values({ chamber_id: id, province_code: plate, valid_from: '2017-01-01' }).execute()
      chambers.set(name, id)
    }
    const userIds = new Map<string, number>()
    for (const u of DEMO_USERS) {
      const { id } = await tx.insertInto('app_user').values({
        email: u.email, name: u.name, password_hash: passwordHash, status: 'active', locale: 'it',
      }).returning('id').executeTakeFirstOrThrow()
      const scope = u.role === 'regional_coordinator' ? { region_code: '03' }
        : ['national_coordinator', 'platform_admin'].includes(u.role) ? {}
          : { chamber_id: chambers.get(DEMO_CHAMBER)! }
      await tx.insertInto('role_assignment').values({ user_id: id, role: u.role, ...scope }).execute()
      userIds.set(u.role, id)
    }
    if (options.crm !== false) await seedDemoCrm(tx, chambers, {
      promoterId: userIds.get('digital_promoter')!, coordinatorId: userIds.get('digital_coordinator')!,
      partnerUserId: userIds.get('partner_user')!,
    })
    if (options.crm !== false) await seedDemoBudget(tx, chambers)
    if (options.crm !== false) await seedExperienceDemo(tx, chambers.get(DEMO_CHAMBER)!)
    await audit(tx, systemContext('seed'), { chamberId: null, action: 'demo.seeded', entity: 'network', after: { chambers: chambers.size, users: DEMO_USERS.length } })
  })
  // Through the vouchers module's own services (their transactions), once the network and budget are in.
  if (options.crm !== false) await seedDemoVouchers(db, jobs)
  if (options.crm !== false) await seedDemoVoucherEvaluation(db, jobs)
  // The firm user's account acts for a firm that has applied: its home is not empty.
  if (options.crm !== false) await seedDemoFirmAccount(db)
  if (options.crm !== false) await seedDemoExperienceEvents(db)
  if (options.crm !== false) await seedDemoFirmHome(db)
  if (options.crm !== false) await seedDemoFirmAssessment(db, jobs)
  if (options.crm !== false) await seedDemoMedia(db)
  if (options.crm !== false) await seedDemoMentoringMentors(db)
  if (options.crm !== false) await seedDemoMentoringMatching(db)
  if (options.crm !== false) await seedDemoMentoringEngagement(db)
  if (options.crm !== false) await seedDemoMentoringExpenses(db, jobs)
  if (options.crm !== false) await seedDemoPartnerApi(db, jobs)
  // Last: the figures of everything above, so a newcomer's monitoring pages are not empty.
  await seedDemoMonitoring(db, jobs, { targets: options.crm !== false })
}

export function demoBanner(url: string): string {
  const rows = DEMO_USERS.map((u) => `    ${u.email.padEnd(26)} ${u.role}`).join('\n')
  return `\n  Punto Impresa Digitale is running at ${url}\n\n  Demo accounts (password "${DEMO_PASSWORD}"):\n${rows}\n`
}
