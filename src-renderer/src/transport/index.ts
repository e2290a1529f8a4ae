/**
 * The renderer's only way to reach the core. Features use:
 * - `useClient()` (inside <ClientProvider>): the typed EchoingClient; `invoke(channel, request)` resolves to
 *   `{ ok: true, value } | { ok: false, error: { code, message } }` and never rejects; `on(event, listener)`
 *   returns an unsubscribe.
 * - `useFilePicker()` (inside <FilePickerProvider>): `pickFiles({ purpose, multiple })` resolves to FileRefs.
 * - `getClient()` outside React (stores), and `dropFiles(files)` for drag-and-drop.
 * Electron (preload) and the web host (HTTP + Server-Sent Events) are interchangeable behind these.
 */
export { getClient, dropFiles } from './client';
export { ClientProvider, useClient } from './client-context';
export { FilePickerProvider, useFilePicker, type PickFiles, type PickOptions } from './file-picker';
