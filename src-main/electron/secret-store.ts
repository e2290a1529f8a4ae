import { safeStorage } from 'electron';
import { FileSecretStore, type SecretStore } from '../core/pacs/secrets';

const PREFIX = 'safeStorage:';

/** True when safeStorage encrypts with a real OS secret store (Keychain, DPAPI, libsecret/kwallet). */
function osEncryption(): boolean {
  try {
    if (!safeStorage?.isEncryptionAvailable()) return false;
    // Linux without a keyring falls back to a hard-coded key: that protects nothing, so it is not used.
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
    return backend !== 'basic_text' && backend !== 'unknown';
  } catch {
    return false;
  }
}

/**
 * PACS credentials for the desktop app: the same 0600 file as the web host's, but each value encrypted
 * with Electron's safeStorage (the OS secret store holds the key). Where the OS offers no secret store
 * the values are kept as the web host keeps them, and the settings screen says so.
 */
export function createSafeStorageSecretStore(userData: string): SecretStore {
  const file = new FileSecretStore(userData, {
    encode: (value) => (osEncryption() ? `${PREFIX}${safeStorage.encryptString(value).toString('base64')}` : value),
    decode: (stored) => (stored.startsWith(PREFIX) ? safeStorage.decryptString(Buffer.from(stored.slice(PREFIX.length), 'base64')) : stored),
  });
  return {
    get: (key) => file.get(key),
    set: (key, value) => file.set(key, value),
    delete: (key) => file.delete(key),
    get protection() {
      return osEncryption()
        ? 'encrypted with the operating system secret store (Electron safeStorage)'
        : `${file.protection} (no OS secret store is available here)`;
    },
  };
}
