import { useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useEffect } from 'react';
import { dropFiles, useClient } from '../transport';

/**
 * Application-menu commands the shell itself handles (theme, about), and file drops on the window: in Electron
 * the preload resolves them and main emits files:opened for the review feature; elsewhere `onNotice` explains.
 */
export function useShellEvents(onAbout: () => void, onNotice: (message: string) => void): void {
  const client = useClient();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light', { getInitialValueInEffect: false });

  useEffect(
    () =>
      client.on('app:menu', ({ command }) => {
        if (command === 'toggle-theme') setColorScheme(scheme === 'dark' ? 'light' : 'dark');
        if (command === 'about') onAbout();
      }),
    [client, onAbout, scheme, setColorScheme],
  );

  useEffect(() => {
    const over = (e: DragEvent) => e.preventDefault();
    const drop = (e: DragEvent) => {
      // Without this the browser would navigate to the dropped file.
      e.preventDefault();
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length === 0) return;
      void dropFiles(files).then((r) => {
        if (!r.ok) onNotice(r.error.message);
      });
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [onNotice]);
}
