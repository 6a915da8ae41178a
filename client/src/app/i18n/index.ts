import { createI18n } from 'vue-i18n'
import { elideArticles, type Locale } from '@pid/shared'
import type { ClientModule, MessageTree } from '../module'
import shellIt from './it'
import shellEn from './en'
import { mergeMessages } from './merge'

/** A non-secret preference, so localStorage is fine here (unlike tokens). */
const STORAGE_KEY = 'pid.locale'

export const LOCALES: readonly Locale[] = ['it', 'en']

function isLocale(v: unknown): v is Locale {
  return v === 'it' || v === 'en'
}

export function storedLocale(): Locale | null {
  const v = localStorage.getItem(STORAGE_KEY)
  return isLocale(v) ? v : null
}

const initial: Locale = storedLocale() ?? 'it'

export const i18n = createI18n<[MessageTree], Locale, false>({
  legacy: false,
  locale: initial,
  fallbackLocale: 'it',
  messages: { it: shellIt, en: shellEn },
  postTranslation: elideInItalian,
})

/** "entro il {date}" on the 8th or the 11th reads "entro l'8...": the article depends on the number. */
function elideInItalian<T>(text: T): T {
  return typeof text === 'string' && i18n.global.locale.value === 'it' ? (elideArticles(text) as T) : text
}

/**
 * One catalogue per language: the shell's messages and every module's. Called once by main.ts with
 * the module list, so nothing here imports the modules (their pages import setLocale from here).
 */
export function installModuleMessages(modules: readonly ClientModule[]): void {
  i18n.global.setLocaleMessage('it', mergeMessages(shellIt, ...modules.map((m) => m.messages?.it ?? {})))
  i18n.global.setLocaleMessage('en', mergeMessages(shellEn, ...modules.map((m) => m.messages?.en ?? {})))
}

/** Switches UI language, remembers it, and keeps `<html lang>` right for screen readers. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}

document.documentElement.lang = initial
