// One look for the whole studio: Mantine's components with these tokens.
import { createTheme, darken, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
    // icon-only close buttons get a name screen readers can say
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } },
    Select: { defaultProps: { clearButtonProps: { 'aria-label': 'Clear' } } },
  },
});

/** Node categories and their colours on the canvas and in the palette. */
export const CATEGORY_COLORS: Record<string, string> = {
  flow: 'teal',
  messages: 'indigo',
  logic: 'violet',
  integrations: 'grape',
  booking: 'orange',
  ai: 'cyan',
};

/**
 * Text on light tints must read at WCAG AA (4.5:1 for badge-sized text). Mantine's light variant
 * writes shade 9 on shade 1, which the bright hues (green 3.8:1, teal, orange, yellow...) miss, and
 * its dimmed grey (descriptions, hints) is 3.3:1 on white: darken both, once, for every screen.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    ...Object.fromEntries(
      Object.keys(t.colors).map((name) => [`--mantine-color-${name}-light-color`, darken(t.colors[name]![9], 0.3)]),
    ),
  },
  dark: {},
});
