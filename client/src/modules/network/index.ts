import type { ClientModule } from '../../app/module'
import { networkRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** Regions, provinces and chambers. Its calls are in app/api/network.ts: the shell's chamber selector needs them. */
export const networkModule: ClientModule = { name: 'network', routes: networkRoutes, messages: { it, en } }
