import type { FileRef, Transport } from '../../contract/app';
import type { FileRegistry } from '../files/file-registry';
import type { SecretStore } from '../pacs/secrets';

/** What the domain handler factories share. Built once by the Electron main or by the web host. */
export interface CoreDeps {
  transport: Transport;
  files: FileRegistry;
  /** The user's data folder: database, user model packs (<dataDir>/models), recent files. */
  dataDir: string;
  /** Where the bundled model packs live (models/ in development, resources/models when packaged). */
  bundledModelsDir: string;
  /** Native open dialog (Electron only): absolute paths the user chose, or [] when cancelled. */
  pickPaths?: (purpose: 'ecg' | 'folder' | 'labels' | 'model', multiple: boolean) => Promise<string[]>;
  /** Folders the web host may browse (its --root options). */
  browseRoots?: string[];
  /** Files handed to the app at launch or by a second launch, not yet taken by a window (Electron only). */
  takeLaunchFiles?: () => FileRef[];
  /** Opens a folder in the system's file manager; resolves false when nothing could open it. */
  openFolder?: (path: string) => Promise<boolean>;
  /** Native save dialog, then writes the bytes there (Electron only): whether saved, and the name chosen. */
  saveFile?: (suggestedName: string, bytes: Uint8Array, kind: 'pdf') => Promise<{ saved: boolean; fileName?: string }>;
  /** Prints a PDF through the system print dialog at 100 % scale (Electron only). */
  printPdf?: (bytes: Uint8Array, paper: 'a4' | 'letter') => Promise<{ printed: boolean; reason?: string }>;
  /** Where PACS credentials live (Electron: the OS secret store); default a 0600 file in the data folder. */
  secrets?: SecretStore;
}
