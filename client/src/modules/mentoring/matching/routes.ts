import type { RouteRecordRaw } from 'vue-router'

export const matchingRoutes: RouteRecordRaw[] = []
