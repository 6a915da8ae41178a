import type { FastifyInstance } from 'fastify'
import registryRoutes from './registry.routes.ts'
import agreementsRoutes from './agreements.routes.ts'
import referralsRoutes from './referrals.routes.ts'
import consentsRoutes from './consents.routes.ts'

/**
 * CRM: partners (routes under /api/v1). The network-wide registry of organisations (registry.*),
 * each chamber's agreements and partner users (agreements.*, members.*), referrals and their
 * feedback sheets (referrals.*, referral-*), and firms' consents for partners (consents.*).
 */
export default async function partnersRoutes(app: FastifyInstance) {
  await app.register(registryRoutes)
  await app.register(agreementsRoutes)
  await app.register(referralsRoutes)
  await app.register(consentsRoutes)
}
