import type { RouteRecordRaw } from 'vue-router'

export const budgetRoutes: RouteRecordRaw[] = [
  {
    path: 'budget',
    name: 'budget',
    component: () => import('./pages/BudgetPage.vue'),
    meta: { action: 'budget.read', titleKey: 'nav.budget', navIcon: 'pi pi-euro', navOrder: 9 },
  },
]
