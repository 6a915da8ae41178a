import type { RouteRecordRaw } from 'vue-router'

export const budgetRoutes: RouteRecordRaw[] = [
  {
    path: 'budget',
    name: 'budget',
    component: () => import('./pages/BudgetPage.vue'),
    // After the self-assessments (9), before the calls (9.5): the side navigation sorts by this alone.
    meta: { action: 'budget.read', titleKey: 'nav.budget', navIcon: 'pi pi-euro', navOrder: 9.2 },
  },
]
