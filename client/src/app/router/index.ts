import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw, type Router } from 'vue-router'
import './meta'
import type { ClientModule } from '../module'
import { i18n } from '../i18n'
import { useAuthStore } from '../stores/auth'
import { useChamberStore } from '../stores/chamber'
import { safeRedirect } from './redirect'

/** The dashboard: the shell's own page, first in the side navigation, with the panels the modules add. */
const homeRoute = (modules: readonly ClientModule[]): RouteRecordRaw => ({
  path: '',
  name: 'home',
  component: () => import('../pages/HomePage.vue'),
  props: { panels: modules.flatMap((m) => m.homePanels ?? []) },
  meta: { titleKey: 'nav.home', navIcon: 'pi pi-home', navOrder: 0 },
})

/**
 * The routes the modules declare: their public pages at the top level, their other pages inside the
 * shell (the side navigation lists those with a `navIcon`), then the shell's fallbacks.
 */
function appRoutes(modules: readonly ClientModule[]): RouteRecordRaw[] {
  return [
    ...modules.flatMap((m) => m.publicRoutes ?? []),
    {
      path: '/',
      component: () => import('../layout/AppLayout.vue'),
      children: [
        homeRoute(modules),
        ...modules.flatMap((m) => m.routes ?? []),
        {
          path: 'non-consentito',
          name: 'forbidden',
          component: () => import('../pages/NotFoundPage.vue'),
          props: { forbidden: true },
          meta: { titleKey: 'notFound.forbiddenTitle' },
        },
        {
          path: ':pathMatch(.*)*',
          name: 'not-found',
          component: () => import('../pages/NotFoundPage.vue'),
          meta: { titleKey: 'notFound.title' },
        },
      ],
    },
  ]
}

/** The router of the modules main.ts passes (app/modules.ts), with the session and permission guard. */
export function createAppRouter(modules: readonly ClientModule[]): Router {
  const router = createRouter({ history: createWebHistory(), routes: appRoutes(modules) })

  router.beforeEach(async (to: RouteLocationNormalized) => {
    const auth = useAuthStore()
    await auth.restore()
    if (to.meta.public) {
      if (to.name === 'login' && auth.isAuthenticated) return safeRedirect(to.query.redirect)
      return true
    }
    if (!auth.isAuthenticated || !auth.me) return { name: 'login', query: { redirect: to.fullPath } }
    const chamber = useChamberStore()
    try {
      await chamber.load(auth.me)
    } catch {
      // The chamber list is a convenience: without it the user still has their role chambers.
    }
    if (to.meta.action && !chamber.allows(to.meta.action)) return { name: 'forbidden' }
    return true
  })

  router.afterEach((to) => {
    const t = i18n.global.t
    const title = to.meta.titleKey ? t(to.meta.titleKey) : ''
    document.title = title ? `${title} · ${t('app.name')}` : t('app.name')
  })

  return router
}
