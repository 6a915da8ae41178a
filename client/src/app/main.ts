import { createApp } from 'vue'
import { createPinia } from 'pinia'
import PrimeVue from 'primevue/config'
import ToastService from 'primevue/toastservice'
import Tooltip from 'primevue/tooltip'
import '@fontsource/titillium-web/400.css'
import '@fontsource/titillium-web/600.css'
import '@fontsource/titillium-web/700.css'
import 'primeicons/primeicons.css'
import './theme/styles.css'
import App from './App.vue'
import { i18n, installModuleMessages } from './i18n'
import { createAppRouter } from './router'
import { modules } from './modules'
import { PidPreset } from './theme/preset'
import { installSession } from './session'

// The modules make the application: their messages join the catalogues, their pages the router.
installModuleMessages(modules)
const router = createAppRouter(modules)

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(PrimeVue, {
  theme: {
    preset: PidPreset,
    // Light only: the palette was chosen for AA contrast on white, so ignore the OS dark mode.
    options: { darkModeSelector: '.pid-dark', cssLayer: false },
  },
  // A table wider than a phone scrolls sideways: keyboard users must be able to focus and scroll
  // it too (WCAG 2.1.1, axe scrollable-region-focusable), even when it holds no link or button.
  pt: { datatable: { tableContainer: { tabindex: '0' } } },
})
app.use(ToastService)
app.directive('tooltip', Tooltip)
installSession(router)
app.use(router)
app.mount('#app')
