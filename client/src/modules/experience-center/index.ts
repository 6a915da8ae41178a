import type { ClientModule } from '../../app/module'
import { mergeMessages } from '../../app/i18n/merge'
import { it } from './i18n/it'
import { en } from './i18n/en'
import { eventsPart } from './events'
import { doorPart } from './door'
import { mediaPart } from './media'
import { demoPart } from './demo'

const parts = [eventsPart, doorPart, mediaPart, demoPart]

/**
 * The experience centre: events with public registration (events/), check-in,
 * attendance, certificates, the survey and figures (door/), the media
 * library and its public catalogue (media/), the demo area's equipment and bookings (demo/).
 * Each part declares its pages and words; this file joins them into one module.
 */
export const experienceCenterModule: ClientModule = {
  name: 'experience-center',
  routes: parts.flatMap((p) => p.routes ?? []),
  publicRoutes: parts.flatMap((p) => p.publicRoutes ?? []),
  homePanels: parts.flatMap((p) => p.homePanels ?? []),
  messages: {
    it: mergeMessages(it, ...parts.map((p) => p.messages?.it ?? {})),
    en: mergeMessages(en, ...parts.map((p) => p.messages?.en ?? {})),
  },
}
