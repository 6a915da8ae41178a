import type { RouteRecordRaw } from 'vue-router'

export const mentorsRoutes: RouteRecordRaw[] = []
