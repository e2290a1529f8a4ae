import { z } from 'zod';
import { channel, event } from './define';

export type Transport = 'electron' | 'web';

export interface AppInfo {
  appName: string;
  appVersion: string;
  coreVersion: string;
  transport: Transport;
  platform: string;
  nodeVersion: string;
  /** The data folder shared by the desktop app, the web host and the CLI (src-main/core/app-paths.ts). */
  dataDir: string;
  /** The folder of the log files ("Open logs folder"). */
  logDir: string;
}

/** An error the renderer reports for the log (message and stack are redacted there). */
export interface RendererErrorReport {
  kind: 'error' | 'unhandledrejection' | 'react';
  message: string;
  stack?: string;
}

/** A file or folder main has handed out (dialog, drop, browse). The renderer only ever holds the token. */
export interface FileRef {
  token: string;
  name: string;
  kind: 'file' | 'folder';
  sizeBytes?: number;
}

export interface BrowseListing {
  /** The folder listed; null at the top (the allowed roots). */
  folder: FileRef | null;
  parent: FileRef | null;
  entries: FileRef[];
}

export const appChannels = {
  'app:info': channel<AppInfo>()(z.object({}).strict()),
  /** Native open dialog (Electron). The web host answers with the in-app browser instead (files:browse). */
  'files:pick': channel<FileRef[]>()(
    z.object({ purpose: z.enum(['ecg', 'folder', 'labels', 'model']), multiple: z.boolean().optional() }).strict(),
  ),
  /** Lists a handed-out folder (or the allowed roots when no token): entries come back as new tokens. */
  'files:browse': channel<BrowseListing>()(z.object({ folderToken: z.string().min(1).optional() }).strict()),
  /** The previous/next ECG file in the folder of a handed-out file, for quick review. */
  'files:sibling': channel<FileRef | null>()(
    z.object({ token: z.string().min(1), direction: z.enum(['next', 'previous']) }).strict(),
  ),
  'files:recent': channel<FileRef[]>()(z.object({}).strict()),
  /** Files handed to the app when it started or later (command line, file association, a second launch) that no
   * window has taken yet; each is returned once. The web host has none. */
  'files:launch': channel<FileRef[]>()(z.object({}).strict()),
  /** Opens the log folder in the system's file manager (on the machine the app or web host runs on). */
  'app:open-logs': channel<{ opened: boolean }>()(z.object({}).strict()),
  /** A renderer error for the application log. */
  'app:report-error': channel<null>()(
    z
      .object({
        kind: z.enum(['error', 'unhandledrejection', 'react']),
        message: z.string().max(4000),
        stack: z.string().max(16_000).optional(),
      })
      .strict(),
  ),
} as const;

export interface MenuCommand {
  command: 'open' | 'next' | 'previous' | 'toggle-theme' | 'about';
}

export const appEvents = {
  /** An application-menu item the renderer acts on. */
  'app:menu': event<MenuCommand>(),
  /** Files dropped on the window (paths resolved and handed out by main). */
  'files:opened': event<FileRef[]>(),
} as const;
