import type { RouteRecordRaw } from 'vue-router'
import { modules } from '../modules'

/** The dashboard: the shell's own page, first in the side navigation. */
const homeRoute: RouteRecordRaw = {
  path: '',
  name: 'home',
  component: () => import('../pages/HomePage.vue'),
  meta: { titleKey: 'nav.home', navIcon: 'pi pi-home', navOrder: 0 },
}

/** Pages inside the application shell: the dashboard and every module's. The side navigation lists these. */
export const shellChildren: RouteRecordRaw[] = [homeRoute, ...modules.flatMap((m) => m.routes ?? [])]

/** Pages outside the shell, reachable without a staff session (each declares `meta.public`). */
export const publicRoutes: RouteRecordRaw[] = modules.flatMap((m) => m.publicRoutes ?? [])
