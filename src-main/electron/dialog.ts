import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';
import type { CoreDeps } from '../core/api/deps';

type Purpose = Parameters<NonNullable<CoreDeps['pickPaths']>>[0];

const FILTERS: Record<Purpose, OpenDialogOptions['filters']> = {
  ecg: [
    { name: 'ECG files', extensions: ['dcm', 'dicom', 'xml', 'scp', 'hea', 'edf', 'csv'] },
    { name: 'All files', extensions: ['*'] },
  ],
  labels: [{ name: 'Label tables', extensions: ['csv', 'tsv'] }],
  model: [{ name: 'Model pack manifest', extensions: ['json'] }],
  folder: undefined,
};

/**
 * The native open dialog: the user's choice is the only way a path enters main from the Electron UI (besides
 * a drop). Resolves to [] when cancelled.
 */
export async function pickPaths(purpose: Purpose, multiple: boolean): Promise<string[]> {
  const properties: OpenDialogOptions['properties'] =
    purpose === 'folder' ? ['openDirectory'] : multiple ? ['openFile', 'multiSelections'] : ['openFile'];
  const options: OpenDialogOptions = { properties, filters: FILTERS[purpose] };
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}
