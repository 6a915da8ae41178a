import { definePreset } from '@primeuix/themes'
import Aura from '@primeuix/themes/aura'

// Aura writes status colours in its 500 and 600 shades: under 4.5:1 on white and on their own
// tints (WCAG 1.4.3, e.g. 3.15:1 for a success message). Status text uses 800 on tints, and
// buttons 700 (white on a solid button, or the colour itself on an outlined or text one).
const tintedText = (hue: string) => ({ color: `{${hue}.800}` })
const messageText = (hue: string) => ({ ...tintedText(hue), simple: tintedText(hue), outlined: { color: `{${hue}.800}`, borderColor: `{${hue}.800}` } })
const solidButton = (hue: string) => ({
  background: `{${hue}.700}`, hoverBackground: `{${hue}.800}`, activeBackground: `{${hue}.900}`,
  borderColor: `{${hue}.700}`, hoverBorderColor: `{${hue}.800}`, activeBorderColor: `{${hue}.900}`,
  focusRing: { color: `{${hue}.700}`, shadow: 'none' },
})
const BUTTON_HUES = { info: 'sky', success: 'green', warn: 'orange', help: 'purple', danger: 'red' } as const
const MESSAGE_HUES = { info: 'blue', success: 'green', warn: 'yellow', error: 'red' } as const
const eachHue = <K extends string>(hues: Record<K, string>, make: (hue: string) => object) =>
  Object.fromEntries(Object.entries<string>(hues).map(([severity, hue]) => [severity, make(hue)]))

/**
 * Aura re-coloured with the Designers Italia palette (the Italian PA design system), so the
 * back office reads as a public-administration service. 500 is the reference #0066CC, 700 its
 * documented dark #004D99; both pass WCAG AA on white.
 */
export const PidPreset = definePreset(Aura, {
  primitive: {
    borderRadius: { none: '0', xs: '2px', sm: '3px', md: '4px', lg: '6px', xl: '8px' },
  },
  semantic: {
    primary: {
      50: '#e6f0fa',
      100: '#cce0f5',
      200: '#99c2eb',
      300: '#66a3e0',
      400: '#3385d6',
      500: '#0066cc',
      600: '#0059b3',
      700: '#004d99',
      800: '#003d7a',
      900: '#002e5c',
      950: '#001f3d',
    },
    colorScheme: {
      light: {
        primary: {
          color: '{primary.500}',
          contrastColor: '#ffffff',
          hoverColor: '{primary.600}',
          activeColor: '{primary.700}',
        },
        text: { color: '#1a1a1a', hoverColor: '#17324d', mutedColor: '#5c6f82', hoverMutedColor: '#17324d' },
        // Focus rings must stay visible on every control (WCAG 2.4.7).
        focusRing: { width: '2px', style: 'solid', color: '#004d99', offset: '2px' },
      },
    },
  },
  components: {
    button: {
      colorScheme: {
        light: {
          root: eachHue(BUTTON_HUES, solidButton),
          // Secondary text is slate 500 in Aura: 4.4:1 on the page's grey background.
          outlined: { ...eachHue(BUTTON_HUES, (hue) => ({ color: `{${hue}.700}` })), secondary: { color: '{surface.600}' } },
          text: { ...eachHue(BUTTON_HUES, (hue) => ({ color: `{${hue}.700}` })), secondary: { color: '{surface.600}' } },
        },
      },
    },
    message: { colorScheme: { light: eachHue(MESSAGE_HUES, messageText) } },
    toast: { colorScheme: { light: eachHue(MESSAGE_HUES, tintedText) } },
  },
})

/** Colours PrimeVue's tokens don't cover, used by our own CSS. */
export const PALETTE = {
  primary: '#0066CC',
  primaryDark: '#004D99',
  text: '#17324D',
  body: '#1A1A1A',
  success: '#008055',
  danger: '#D9364F',
  warning: '#A66300',
} as const
