import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import './meta'
import { i18n } from '../i18n'
import { useAuthStore } from '../stores/auth'
import { useChamberStore } from '../stores/chamber'
import { publicRoutes, shellChildren } from './shell-routes'

const routes: RouteRecordRaw[] = [
  ...publicRoutes,
  {
    path: '/',
    component: () => import('../layout/AppLayout.vue'),
    children: [
      ...shellChildren,
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

export const router = createRouter({ history: createWebHistory(), routes })

/** Only same-app paths may be used as a post-login redirect (no open redirect). */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/'
}

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
