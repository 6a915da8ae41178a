import { Type, type Static } from 'typebox'
import { Id, Nullable, PatchBody, Timestamp, UploadFileName } from '../common.ts'

/**
 * API contract of the experience centre's demo area: equipment lent by vendors for a period, its
 * photos, and demos booked on it for a firm or an event. Days are Rome days ('YYYY-MM-DD'); a
 * booking's times are instants (ISO 8601), shown in Europe/Rome.
 */
export const EQUIPMENT_CATEGORIES = ['printer_3d', 'laser_cutter', 'cnc_machine', 'vr_headset', 'ar_device', 'cobot', 'drone',
  'iot_kit', 'scanner_3d', 'other'] as const
export type EquipmentCategory = (typeof EQUIPMENT_CATEGORIES)[number]
export const EQUIPMENT_CONDITIONS = ['new', 'good', 'worn', 'out_of_service'] as const
export type EquipmentCondition = (typeof EQUIPMENT_CONDITIONS)[number]
export const DEMO_BOOKING_STATUSES = ['booked', 'cancelled'] as const
export type DemoBookingStatus = (typeof DEMO_BOOKING_STATUSES)[number]

/** Photos: JPEG or PNG (checked by their bytes), at most 5 MB each, 8 per item. */
export const EQUIPMENT_PHOTO_MEDIA_TYPES = ['image/jpeg', 'image/png'] as const
export const EQUIPMENT_PHOTO_MAX_BYTES = 5 * 1024 * 1024
export const EQUIPMENT_PHOTOS_MAX = 8
/** The widest window the calendar answers at once (a month view with its edges). */
export const DEMO_CALENDAR_MAX_DAYS = 62

const Day = Type.String({ format: 'date', description: "a Rome day, 'YYYY-MM-DD'" })
const LongText = (max: number) => Type.String({ maxLength: max })

export const EquipmentParams = Type.Object({ chamberId: Id, equipmentId: Id }, { additionalProperties: false })
export type EquipmentParams = Static<typeof EquipmentParams>
export const EquipmentPhotoParams = Type.Object({ chamberId: Id, equipmentId: Id, photoId: Id }, { additionalProperties: false })
export const DemoBookingParams = Type.Object({ chamberId: Id, bookingId: Id }, { additionalProperties: false })

export const EquipmentPhoto = Type.Object({
  id: Id, fileName: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer(), createdAt: Timestamp,
})
export type EquipmentPhoto = Static<typeof EquipmentPhoto>

export const Equipment = Type.Object({
  id: Id,
  chamberId: Id,
  name: Type.String(),
  category: Type.Enum(EQUIPMENT_CATEGORIES),
  description: Type.String(),
  vendorName: Type.String(),
  vendorContact: Type.String(),
  loanFrom: Day,
  loanTo: Day,
  location: Type.String(),
  condition: Type.Enum(EQUIPMENT_CONDITIONS),
  notes: Type.String(),
  photos: Type.Array(EquipmentPhoto),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Equipment = Static<typeof Equipment>
export const EquipmentList = Type.Object({ items: Type.Array(Equipment) })
export type EquipmentList = Static<typeof EquipmentList>

export const CreateEquipmentBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  category: Type.Enum(EQUIPMENT_CATEGORIES),
  description: Type.Optional(LongText(4000)),
  vendorName: Type.String({ minLength: 1, maxLength: 200 }),
  vendorContact: Type.Optional(LongText(300)),
  loanFrom: Day,
  loanTo: Day,
  location: Type.Optional(LongText(200)),
  condition: Type.Optional(Type.Enum(EQUIPMENT_CONDITIONS)),
  notes: Type.Optional(LongText(4000)),
}, { additionalProperties: false })
export type CreateEquipmentBody = Static<typeof CreateEquipmentBody>
export const UpdateEquipmentBody = PatchBody(CreateEquipmentBody, {})
export type UpdateEquipmentBody = Static<typeof UpdateEquipmentBody>

export const EquipmentPhotoQuery = Type.Object({ fileName: UploadFileName }, { additionalProperties: false })

/** A booking of a demo: for a firm (named through the CRM) or for an event of the chamber. */
export const DemoBooking = Type.Object({
  id: Id,
  equipmentId: Id,
  equipmentName: Type.String(),
  firm: Nullable(Type.Object({ id: Id, name: Type.String() })),
  event: Nullable(Type.Object({ id: Id, title: Type.String() })),
  startsAt: Timestamp,
  endsAt: Timestamp,
  purpose: Type.String(),
  notes: Type.String(),
  status: Type.Enum(DEMO_BOOKING_STATUSES),
  heldAt: Nullable(Timestamp),
  cancelledAt: Nullable(Timestamp),
  createdAt: Timestamp,
})
export type DemoBooking = Static<typeof DemoBooking>

export const CreateDemoBookingBody = Type.Object({
  equipmentId: Id,
  firmId: Type.Optional(Id),
  eventId: Type.Optional(Id),
  startsAt: Timestamp,
  endsAt: Timestamp,
  purpose: Type.Optional(LongText(500)),
  notes: Type.Optional(LongText(2000)),
}, { additionalProperties: false, description: 'exactly one of firmId and eventId' })
export type CreateDemoBookingBody = Static<typeof CreateDemoBookingBody>

export const DemoCalendarQuery = Type.Object({
  from: Day,
  to: Day,
  equipmentId: Type.Optional(Id),
  includeCancelled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })
export type DemoCalendarQuery = Static<typeof DemoCalendarQuery>

/** The area's (or one item's) calendar for the days from..to (Rome): the items with their loans, the bookings. */
export const DemoCalendar = Type.Object({
  from: Day,
  to: Day,
  equipment: Type.Array(Type.Object({
    id: Id, name: Type.String(), category: Type.String(), location: Type.String(),
    condition: Type.String(), loanFrom: Day, loanTo: Day,
  })),
  bookings: Type.Array(DemoBooking),
})
export type DemoCalendar = Static<typeof DemoCalendar>

/** An event of the chamber a demo may be booked for (the booking form's picker). */
export const DemoEventOption = Type.Object({ id: Id, title: Type.String(), startsAt: Timestamp, endsAt: Timestamp })
export type DemoEventOption = Static<typeof DemoEventOption>
export const DemoEventOptionList = Type.Object({ items: Type.Array(DemoEventOption) })
export type DemoEventOptionList = Static<typeof DemoEventOptionList>
