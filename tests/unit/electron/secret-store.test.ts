import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const state = { available: true, backend: 'gnome_libsecret' };
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => state.available,
    getSelectedStorageBackend: () => state.backend,
    encryptString: (v: string) => Buffer.from(`enc(${v})`),
    decryptString: (b: Buffer) => b.toString().replace(/^enc\((.*)\)$/, '$1'),
  },
}));

const { createSafeStorageSecretStore } = await import('../../../src-main/electron/secret-store');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('Electron secret store', () => {
  it('encrypts values with safeStorage when the OS has a secret store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'echoing-safe-'));
    dirs.push(dir);
    const store = createSafeStorageSecretStore(dir);
    await store.set('pacs-node:a', 'token-xyz');
    const onDisk = await readFile(join(dir, 'pacs-secrets.json'), 'utf8');
    expect(onDisk).not.toContain('token-xyz');
    expect(onDisk).toContain('safeStorage:');
    expect(await store.get('pacs-node:a')).toBe('token-xyz');
    expect(store.protection).toMatch(/operating system secret store/);
  });

  it('says so, and keeps the 0600 file, where Linux has no keyring (basic_text)', async () => {
    state.backend = 'basic_text';
    const dir = await mkdtemp(join(tmpdir(), 'echoing-safe-'));
    dirs.push(dir);
    const store = createSafeStorageSecretStore(dir);
    await store.set('pacs-node:a', 'token-xyz');
    expect(await store.get('pacs-node:a')).toBe('token-xyz');
    expect(store.protection).toMatch(/no OS secret store/);
    state.backend = 'gnome_libsecret';
  });
});
