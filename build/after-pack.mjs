// electron-builder afterPack hook: flips the Electron fuses in the packaged binary before it is signed.
// Fuses are compiled-in switches; turning these off removes whole attack surfaces of a shipped app.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import { libsqlTarget } from './native-modules.mjs';

/** Electron's fuse wire starts after this sentinel (@electron/fuses looks for the same bytes). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** The packaging test's stand-in Electron carries this text; a real Electron never does. */
export const STAND_IN_MARKER = 'ECHOING_ECG_STAND_IN_ELECTRON';

/** The fuse settings, exported so a unit test pins every one of them. */
export const FUSES = {
  version: FuseVersion.V1,
  // `ELECTRON_RUN_AS_NODE=1 app` would turn the signed app into a general Node interpreter.
  [FuseV1Options.RunAsNode]: false,
  // NODE_OPTIONS (e.g. --require) would inject code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect/--inspect-brk would open a debugger port into the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The ASAR is checked against the hash embedded at packaging, so it cannot be edited in place.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // The app code can only come from app.asar, never from a loose folder placed next to it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  // file:// gets no extra privileges: the renderer is served from app://.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** Path of the packaged Electron executable for the platform electron-builder just packed. */
export function executablePath(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(context.appOutDir, `${name}.app`);
    case 'win32':
      return join(context.appOutDir, `${name}.exe`);
    default:
      return join(context.appOutDir, context.packager.executableName);
  }
}

/** The file that holds the fuse wire: the executable, or the one inside a macOS app bundle. */
function binaryPath(context) {
  const exe = executablePath(context);
  if (!exe.endsWith('.app')) return exe;
  return join(exe, 'Contents', 'MacOS', context.packager.appInfo.productFilename);
}

/**
 * 'electron' when the binary has Electron's fuse wire, 'stand-in' for the packaging test's marked stand-in, and
 * 'unknown' otherwise: an unknown binary fails the build rather than shipping without fuses.
 */
export function binaryKind(path) {
  const bytes = readFileSync(path);
  if (bytes.includes(FUSE_SENTINEL)) return 'electron';
  return bytes.includes(STAND_IN_MARKER) ? 'stand-in' : 'unknown';
}

/** electron-builder's Arch enum as Node's process.arch names. */
const ARCH_NAMES = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64' };

/**
 * The target's Node-API binaries that must sit unpacked beside app.asar; they are only present when the build
 * machine installed them (libsql's come as per-platform optional packages), so a cross-platform build fails here
 * rather than shipping an app whose cohort store or model runtime cannot load.
 */
export function missingNativeBinaries(context) {
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  const exe = executablePath(context);
  const resources = exe.endsWith('.app') ? join(exe, 'Contents', 'Resources') : join(context.appOutDir, 'resources');
  const unpacked = join(resources, 'app.asar.unpacked', 'node_modules');
  const needed = [
    join('onnxruntime-node', 'bin', 'napi-v6', platform, arch, 'onnxruntime_binding.node'),
    join(libsqlTarget(platform, arch), 'index.node'),
  ];
  return needed.filter((file) => !existsSync(join(unpacked, file)));
}

export default async function afterPack(context) {
  const missing = missingNativeBinaries(context);
  if (missing.length > 0) {
    throw new Error(
      `afterPack: the package lacks the target's native binaries (${missing.join(', ')}). Build each platform on that ` +
        'platform after `npm ci`, or install the missing package first (e.g. `npm install --no-save --os=darwin --cpu=arm64 @libsql/darwin-arm64@0.5.29`).',
    );
  }
  const binary = binaryPath(context);
  const kind = binaryKind(binary);
  if (kind === 'stand-in') {
    console.log(`  • afterPack: ${binary} is the packaging test's stand-in Electron: fuses skipped (a real Electron gets them)`);
    return;
  }
  if (kind === 'unknown') {
    throw new Error(`afterPack: ${binary} has no Electron fuse wire; refusing to package an app whose fuses cannot be set.`);
  }
  await flipFuses(executablePath(context), {
    ...FUSES,
    // Re-sign ad hoc on macOS arm64, whose kernel refuses a binary whose signature no longer matches.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3,
  });
}
