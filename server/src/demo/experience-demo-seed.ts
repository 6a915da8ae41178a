import { sql } from 'kysely'
import type { Tx } from '../db/database.ts'

const DAY = 24 * 3600 * 1000

/** A Rome day n days from today, 'YYYY-MM-DD'. */
const romeDay = (n: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' })
  .format(new Date(Date.now() + n * DAY))

/**
 * The demo area of Milano's experience centre: five items lent by vendors around today (one out of
 * service), and a few demos booked in the coming days for the demo CRM's firms. Days and hours are
 * Rome's, whatever the server's zone.
 */
export async function seedExperienceDemo(tx: Tx, chamberId: number): Promise<void> {
  const items = [
    { name: 'Stampante 3D Prusa MK4', category: 'printer_3d', vendor_name: 'Additiva Lombarda Srl', vendor_contact: 'Luca Ferri, 02 1234567',
      location: 'Sala demo, banco 1', condition: 'new', description: 'Stampa a filamento (PLA, PETG) fino a 25 x 21 x 22 cm.' },
    { name: 'Taglio laser CO2 60 W', category: 'laser_cutter', vendor_name: 'Laser Tech Brianza Spa', vendor_contact: 'demo@lasertech.example',
      location: 'Laboratorio, postazione aspirata', condition: 'good', description: 'Taglio e incisione di legno, cartone, acrilico.' },
    { name: 'Visore Meta Quest 3', category: 'vr_headset', vendor_name: 'Realtà Immersive Srl', vendor_contact: 'Sara Conti, 345 0000000',
      location: 'Sala demo, armadio B', condition: 'good', description: 'Visite virtuali di negozi e cantieri, formazione in sicurezza.' },
    { name: 'Robot collaborativo UR5e', category: 'cobot', vendor_name: 'Automazione Nord Srl', vendor_contact: 'Giorgio Sala, 02 7654321',
      location: 'Laboratorio, isola robot', condition: 'worn', description: 'Prelievo e posizionamento di pezzi, pallettizzazione leggera, programmazione guidata.' },
    { name: 'Drone con termocamera', category: 'drone', vendor_name: 'Volo Agricolo Srl', vendor_contact: 'info@voloagricolo.example',
      location: 'Magazzino', condition: 'out_of_service', description: 'Rilievi di colture e tetti; in riparazione dal fornitore.' },
  ]
  const ids: number[] = []
  for (const [i, item] of items.entries()) {
    const { id } = await tx.insertInto('ec_equipment').values({
      chamber_id: chamberId, ...item, loan_from: romeDay(-30 + i * 3), loan_to: romeDay(90 - i * 10), notes: '', created_by: null,
    }).returning('id').executeTakeFirstOrThrow()
    ids.push(id)
  }
  const firms = await tx.selectFrom('firm').select('id').where('chamber_id', '=', chamberId).where('merged_into_id', 'is', null)
    .orderBy('id').limit(3).execute()
  const at = (day: number, hour: number) => sql<Date>`(${romeDay(day)}::date + make_interval(hours => ${hour}))::timestamp at time zone 'Europe/Rome'`
  const bookings = [
    { item: 0, firm: 0, day: 1, from: 10, to: 12, purpose: 'Prototipi di ricambi per la manutenzione' },
    { item: 1, firm: 1, day: 2, from: 14, to: 16, purpose: 'Incisione di packaging personalizzato' },
    { item: 2, firm: 2, day: 3, from: 9, to: 10, purpose: 'Vetrina virtuale del negozio' },
    { item: 0, firm: 1, day: 3, from: 15, to: 17, purpose: 'Stampa di campioni per un cliente' },
  ]
  for (const b of bookings) {
    const firm = firms[b.firm]
    if (!firm) continue
    await tx.insertInto('ec_demo_booking').values({
      chamber_id: chamberId, equipment_id: ids[b.item]!, firm_id: firm.id, event_id: null,
      period: sql<string>`tstzrange(${at(b.day, b.from)}, ${at(b.day, b.to)}, '[)')`, purpose: b.purpose, created_by: null,
    }).execute()
  }
}
