import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

/** A catalogue of messages, or a part of one: namespaces down to strings. */
export interface MessageTree {
  [key: string]: string | MessageTree
}

/**
 * What a module of `client/src/modules/<name>/` declares to the shell in its index.ts. The router,
 * the side navigation and the i18n catalogues are assembled from these (app/modules.ts lists them,
 * main.ts hands the list over).
 */
export interface ClientModule {
  /** The same name as its folder and as `server/src/modules/<name>`. */
  name: string
  /**
   * Pages inside the shell (header, side navigation), with paths relative to `/`. Those with
   * `meta.navIcon` are listed in the side navigation, ordered by `meta.navOrder`.
   */
  routes?: RouteRecordRaw[]
  /** Pages outside the shell (absolute paths, `meta.public`): a firm's link, a public call, login. */
  publicRoutes?: RouteRecordRaw[]
  /**
   * Panels it adds to the home (Cruscotto), before the shell's own. Each decides for itself whether
   * it has anything for the signed-in user, and renders nothing otherwise.
   */
  homePanels?: Component[]
  /**
   * Its messages, merged into the catalogues. Top-level keys are namespaces: its own (`vouchers`)
   * or shared ones it adds to (`nav` for its navigation labels, `problems` for its problem codes).
   */
  messages?: { it: MessageTree; en: MessageTree }
}
