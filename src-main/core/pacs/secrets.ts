import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError } from '../errors';

/**
 * Where PACS credentials (bearer tokens, basic-auth passwords) live. Injected into the core: the Electron
 * shell gives one backed by the OS secret store (safeStorage, src-main/electron/secret-store.ts); the web
 * host and the CLI use FileSecretStore. Values are never logged and never sent to the renderer.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** One line for the settings screen: what protects the stored secrets. */
  readonly protection: string;
}

export const SECRETS_FILE = 'pacs-secrets.json';

/** The key of a node's secret. */
export const nodeSecretKey = (nodeId: string): string => `pacs-node:${nodeId}`;

/**
 * Secrets in <dataDir>/pacs-secrets.json, created with mode 0600 (a data folder made here is 0700).
 * What protects them is the operating system's file permissions for the user's account: any
 * process running as that user (or root, or anyone with the disk) can read them. That matches what the
 * web host and the CLI run as; the desktop app encrypts the values with the OS secret store instead.
 * `encode`/`decode` let the Electron store reuse the file with encrypted values.
 */
export class FileSecretStore implements SecretStore {
  readonly file: string;
  readonly protection: string;
  private readonly encode: (v: string) => string;
  private readonly decode: (v: string) => string;

  constructor(
    dataDir: string,
    options: { protection?: string; encode?: (v: string) => string; decode?: (v: string) => string; file?: string } = {},
  ) {
    this.file = join(dataDir, options.file ?? SECRETS_FILE);
    this.protection = options.protection ?? `file ${SECRETS_FILE} readable only by this user account (mode 0600), not encrypted`;
    this.encode = options.encode ?? ((v) => v);
    this.decode = options.decode ?? ((v) => v);
  }

  private async read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      throw new CoreError('PACS_SECRET_UNAVAILABLE', `The credentials file ${SECRETS_FILE} is damaged: enter the PACS credentials again.`);
    }
  }

  private async write(all: Record<string, string>): Promise<void> {
    const dir = join(this.file, '..');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    // Created 0600 before any byte is written, so the secret is never readable by others, even briefly.
    await writeFile(tmp, JSON.stringify(all), { encoding: 'utf8', mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }

  async get(key: string): Promise<string | undefined> {
    const stored = (await this.read())[key];
    if (stored === undefined) return undefined;
    try {
      return this.decode(stored);
    } catch {
      throw new CoreError('PACS_SECRET_UNAVAILABLE', 'A stored PACS credential cannot be decrypted here: enter it again.');
    }
  }

  async set(key: string, value: string): Promise<void> {
    const all = await this.read();
    all[key] = this.encode(value);
    await this.write(all);
  }

  async delete(key: string): Promise<void> {
    const all = await this.read();
    if (!(key in all)) return;
    delete all[key];
    await this.write(all);
  }
}

/** In-memory secrets (inline CLI nodes, tests). */
export class MemorySecretStore implements SecretStore {
  readonly protection = 'kept in memory for this run only';
  private readonly values = new Map<string, string>();
  get(key: string) {
    return Promise.resolve(this.values.get(key));
  }
  set(key: string, value: string) {
    this.values.set(key, value);
    return Promise.resolve();
  }
  delete(key: string) {
    this.values.delete(key);
    return Promise.resolve();
  }
}
