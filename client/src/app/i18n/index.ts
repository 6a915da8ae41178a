import { createI18n } from 'vue-i18n'
import type { Locale } from '@pid/shared'
import { modules } from '../modules'
import type { MessageTree } from '../module'
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

/** The shell's messages and every module's, one catalogue per language. */
const messages: Record<Locale, MessageTree> = {
  it: mergeMessages(shellIt, ...modules.map((m) => m.messages?.it ?? {})),
  en: mergeMessages(shellEn, ...modules.map((m) => m.messages?.en ?? {})),
}

export const i18n = createI18n<[MessageTree], Locale, false>({
  legacy: false,
  locale: initial,
  fallbackLocale: 'it',
  messages,
})

/** Switches UI language, remembers it, and keeps `<html lang>` right for screen readers. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}

document.documentElement.lang = initial
