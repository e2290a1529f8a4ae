// electron-builder afterPack hook: flips the Electron fuses in the packaged binary before it is signed.
// Fuses are compiled-in switches; turning these off removes whole attack surfaces of a shipped app.
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

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

export default async function afterPack(context) {
  await flipFuses(executablePath(context), {
    ...FUSES,
    // Re-sign ad hoc on macOS arm64, whose kernel refuses a binary whose signature no longer matches.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3,
  });
}
