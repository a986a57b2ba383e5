// One look for the whole studio: Mantine's components with these tokens.
import { createTheme } from '@mantine/core';

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
};
