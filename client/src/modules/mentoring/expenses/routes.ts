import type { RouteRecordRaw } from 'vue-router'

export const expensesRoutes: RouteRecordRaw[] = [
  {
    path: 'area-mentor/spese',
    name: 'mentoring-my-expenses',
    component: () => import('./pages/MyExpensesPage.vue'),
    meta: { action: 'mentoring.mentor', titleKey: 'nav.mentoringMyExpenses', navIcon: 'pi pi-receipt', navOrder: 10.9 },
  },
  {
    path: 'mentoring/spese',
    name: 'mentoring-expenses',
    component: () => import('./pages/ExpensesPage.vue'),
    meta: { action: 'mentoring.expenses.approve', titleKey: 'nav.mentoringExpenses', navIcon: 'pi pi-wallet', navOrder: 10.5 },
  },
  {
    path: 'mentoring/cifre',
    name: 'mentoring-figures',
    component: () => import('./pages/FiguresPage.vue'),
    meta: { action: 'mentoring.figures.read', titleKey: 'nav.mentoringFigures', navIcon: 'pi pi-chart-line', navOrder: 10.55 },
  },
]
