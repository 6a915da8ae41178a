import type { RouteRecordRaw } from 'vue-router'

export const expensesRoutes: RouteRecordRaw[] = []
