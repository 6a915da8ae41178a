import type { FastifyInstance } from 'fastify'
import { EquipmentService } from './equipment.service.ts'
import { PhotosService } from './photos.service.ts'
import { BookingsService } from './bookings.service.ts'
import equipmentRoutes from './equipment.routes.ts'
import bookingRoutes from './bookings.routes.ts'

/**
 * The experience centre's demo area: equipment lent by vendors for a period, with photos; its
 * availability calendar; demos booked for a firm or an event, never two at once on one item
 * (an exclusion constraint, migration 0038).
 */
export default async function demoPart(app: FastifyInstance) {
  const equipment = new EquipmentService(app)
  const photos = new PhotosService({ db: app.db, storage: app.storage, equipment })
  const bookings = new BookingsService(app)
  await app.register(equipmentRoutes, { equipment, photos })
  await app.register(bookingRoutes, { bookings })
}
