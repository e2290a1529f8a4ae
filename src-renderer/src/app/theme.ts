import { createTheme, localStorageColorSchemeManager, NumberInput } from '@mantine/core';

/** The app's Mantine theme: system font, compact radius, a clinical blue as primary colour. */
export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    // The up/down steppers are unnamed icon buttons outside the tab order; the arrow keys step the value and
    // typing sets it, so number fields go without them (every icon button must have an accessible name).
    NumberInput: NumberInput.extend({ defaultProps: { hideControls: true } }),
  },
});

/** The chosen light/dark scheme survives restarts (stored in the renderer's own localStorage). */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'echoing-color-scheme' });
