import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installErrorReporting, reportError } from './app/report-errors';
import { colorSchemeManager, theme } from './app/theme';
import { ClientProvider, FilePickerProvider } from './transport';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

installErrorReporting();
// Errors React caught (error boundaries) or could not: both reach the application log.
createRoot(root, {
  onCaughtError: (error) => reportError('react', error),
  onUncaughtError: (error) => reportError('react', error),
}).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" colorSchemeManager={colorSchemeManager}>
      <ClientProvider>
        <FilePickerProvider>
          <App />
        </FilePickerProvider>
      </ClientProvider>
    </MantineProvider>
  </StrictMode>,
);
