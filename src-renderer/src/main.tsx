import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { colorSchemeManager, theme } from './app/theme';
import { ClientProvider, FilePickerProvider } from './transport';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
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
