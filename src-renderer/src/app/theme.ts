import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

/** The app's Mantine theme: system font, compact radius, a clinical blue as primary colour. */
export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});

/** The chosen light/dark scheme survives restarts (stored in the renderer's own localStorage). */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'echoing-color-scheme' });
