import { describe, expect, it } from 'vitest';
import { dataDir, dataDirFlag, logDir, platformDataDir } from '../../../src-main/core/app-paths';

const home = '/home/u';

describe('one data folder for the desktop app, the web host and the CLI', () => {
  it('follows each platform: XDG on Linux, Application Support on macOS, LOCAL (not roaming) AppData on Windows', () => {
    expect(platformDataDir({ env: { XDG_DATA_HOME: '/x' }, platform: 'linux', home })).toBe('/x/echoing-ecg-review');
    expect(platformDataDir({ env: {}, platform: 'linux', home })).toBe('/home/u/.local/share/echoing-ecg-review');
    // The XDG spec ignores relative values.
    expect(platformDataDir({ env: { XDG_DATA_HOME: 'rel' }, platform: 'linux', home })).toBe('/home/u/.local/share/echoing-ecg-review');
    expect(platformDataDir({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe('/Users/u/Library/Application Support/EchoingECG Review');
    const win = platformDataDir({ env: { LOCALAPPDATA: 'C:/Users/u/AppData/Local', APPDATA: 'C:/Users/u/AppData/Roaming' }, platform: 'win32', home });
    expect(win).toBe('C:/Users/u/AppData/Local/EchoingECG Review');
  });

  it('takes the flag first, then ECHOING_ECG_DATA_DIR, then the platform folder', () => {
    const c = { env: { ECHOING_ECG_DATA_DIR: '/env/data' }, platform: 'linux' as const, home };
    expect(dataDir('flagged', c, '/cwd')).toBe('/cwd/flagged');
    expect(dataDir(undefined, c, '/cwd')).toBe('/env/data');
    expect(dataDir(undefined, { env: {}, platform: 'linux', home }, '/cwd')).toBe('/home/u/.local/share/echoing-ecg-review');
  });

  it('reads --data-dir out of a raw argument list in both spellings', () => {
    expect(dataDirFlag(['/app', '--no-sandbox', '--data-dir', '/d', 'x.dcm'])).toBe('/d');
    expect(dataDirFlag(['/app', '--data-dir=/e'])).toBe('/e');
    expect(dataDirFlag(['/app', 'x.dcm'])).toBeUndefined();
  });

  it('puts logs in the platform log folder, or ECHOING_ECG_LOG_DIR', () => {
    expect(logDir({ env: {}, platform: 'linux', home })).toBe('/home/u/.local/state/echoing-ecg-review/logs');
    expect(logDir({ env: { XDG_STATE_HOME: '/s' }, platform: 'linux', home })).toBe('/s/echoing-ecg-review/logs');
    expect(logDir({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe('/Users/u/Library/Logs/EchoingECG Review');
    expect(logDir({ env: { LOCALAPPDATA: 'C:/L' }, platform: 'win32', home })).toBe('C:/L/EchoingECG Review/logs');
    expect(logDir({ env: { ECHOING_ECG_LOG_DIR: '/var/log/ecg' }, platform: 'linux', home })).toBe('/var/log/ecg');
  });
});
