import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions as Item } from 'electron';

const sent: unknown[] = [];
vi.mock('electron', () => ({
  app: { isPackaged: true },
  BrowserWindow: {
    getFocusedWindow: () => ({ isDestroyed: () => false, webContents: { send: (...a: unknown[]) => sent.push(a) } }),
    getAllWindows: () => [],
  },
  Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((t: unknown) => t) },
  shell: { openExternal: vi.fn(() => Promise.resolve()), openPath: vi.fn(() => Promise.resolve('')) },
}));

const { buildMenuTemplate } = await import('../../../src-main/electron/menu');

function flatten(items: Item[]): Item[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu as Item[]) : [])]);
}

describe('application menu', () => {
  it('opens the logs folder from Help', async () => {
    const { shell } = await import('electron');
    const item = flatten(buildMenuTemplate(false, true)).find((i) => i.label === 'Open Logs Folder');
    expect(item).toBeDefined();
    (item?.click as () => void)();
    await vi.waitFor(() => expect(shell.openPath).toHaveBeenCalledWith(process.env.ECHOING_ECG_LOG_DIR));
  });

  it('has the usual roles', () => {
    const roles = flatten(buildMenuTemplate(true, true)).map((i) => i.role);
    for (const role of ['appMenu', 'editMenu', 'windowMenu', 'help', 'zoomIn', 'togglefullscreen', 'close']) {
      expect(roles).toContain(role);
    }
    expect(flatten(buildMenuTemplate(false, true)).map((i) => i.role)).toContain('quit');
  });

  it('offers developer tools only in development builds', () => {
    expect(flatten(buildMenuTemplate(false, true)).map((i) => i.role)).not.toContain('toggleDevTools');
    expect(flatten(buildMenuTemplate(false, false)).map((i) => i.role)).toContain('toggleDevTools');
  });

  it('sends review commands to the focused window as app:menu', () => {
    const open = flatten(buildMenuTemplate(false, true)).find((i) => i.label === 'Open ECG…');
    (open?.click as () => void)();
    expect(sent).toEqual([['app:menu', { command: 'open' }]]);
  });
});
