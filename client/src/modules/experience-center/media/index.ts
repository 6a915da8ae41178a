import type { ExperiencePart } from '../part'
import { it as mediaIt } from './i18n/it'
import { en as mediaEn } from './i18n/en'

/**
 * The media library: staff's list and editor (Mediateca), and the public catalogue with its item
 * pages (no sign-in: `/pubblico/mediateca/:chamberId`, `/pubblico/mediateca/contenuti/:itemId`).
 */
export const mediaPart: ExperiencePart = {
  routes: [
    {
      path: 'mediateca',
      name: 'media-library',
      component: () => import('./pages/MediaLibraryPage.vue'),
      meta: { action: 'experience.read', titleKey: 'nav.mediaLibrary', navIcon: 'pi pi-video', navOrder: 9.8 },
    },
    {
      path: 'mediateca/nuovo',
      name: 'media-item-new',
      component: () => import('./pages/MediaEditorPage.vue'),
      meta: { action: 'experience.media.manage', titleKey: 'media.editor.newTitle' },
    },
    {
      path: 'mediateca/:itemId(\\d+)',
      name: 'media-item',
      component: () => import('./pages/MediaEditorPage.vue'),
      props: (r) => ({ itemId: Number(r.params.itemId) }),
      meta: { action: 'experience.read', titleKey: 'media.editor.title' },
    },
  ],
  publicRoutes: [
    {
      path: '/pubblico/mediateca/:chamberId(\\d+)',
      name: 'public-catalogue',
      component: () => import('./pages/PublicCataloguePage.vue'),
      props: (r) => ({ chamberId: Number(r.params.chamberId) }),
      meta: { public: true, titleKey: 'media.public.title' },
    },
    {
      path: '/pubblico/mediateca/contenuti/:itemId(\\d+)',
      name: 'public-media-item',
      component: () => import('./pages/PublicMediaItemPage.vue'),
      props: (r) => ({ itemId: Number(r.params.itemId) }),
      meta: { public: true, titleKey: 'media.public.title' },
    },
  ],
  messages: { it: mediaIt, en: mediaEn },
}
