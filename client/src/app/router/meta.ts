import type { Action } from '@pid/shared'
import 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (login, invitation). */
    public?: boolean
    /** Permission needed in the current chamber; the route is hidden and blocked without it. */
    action?: Action
    /** i18n key of the title: used for the side navigation and document.title. */
    titleKey?: string
    /** PrimeIcons class shown in the side navigation; routes without it are not listed there. */
    navIcon?: string
    /** Order in the side navigation. */
    navOrder?: number
  }
}

export {}
