import type { FastifyInstance } from 'fastify'
import { MediaItemsService } from './items.service.ts'
import { MediaFilesService } from './files.ts'
import { CatalogueService } from './catalogue.ts'
import { mediaRecommendations } from './recommendations.ts'
import staffRoutes from './staff.routes.ts'
import publicRoutes from './public.routes.ts'

/**
 * The media library (the virtual experience centre): staff file videos, case studies, guides and
 * documents; the public catalogue finds them without signing in; assessment reports recommend them.
 */
export default async function mediaPart(app: FastifyInstance) {
  const items = new MediaItemsService(app)
  const files = new MediaFilesService({ db: app.db, storage: app.storage, maxBytes: app.config.mediaMaxBytes })
  const catalogue = new CatalogueService(app)
  await app.register(staffRoutes, { items, files })
  await app.register(publicRoutes, { catalogue, files })
  app.assessmentRecommenders.register(mediaRecommendations(app.crm))
}
