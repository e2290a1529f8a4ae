#!/usr/bin/env node
// `npm run dist -- [--linux|--win|--mac] [electron-builder options]`: runs electron-builder with
// build/electron-builder.config.mjs after saying, per target platform, whether the result will be signed (and
// notarised) and which environment variables would change that. Signing material only ever comes from the
// environment (CI secrets), never from the repository.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const has = (env, ...names) => names.every((n) => Boolean(env[n]));

/**
 * What signing will happen for one platform, the message to print, and electron-builder options that make a
 * skipped step explicit (so it is skipped, not half-attempted).
 * @returns {{ platform: string, sign: boolean, notarize?: boolean, message: string, options: string[] }}
 */
export function signingPlan(platform, env = process.env) {
  if (platform === 'win') {
    const sign = has(env, 'WIN_CSC_LINK') || has(env, 'CSC_LINK') || has(env, 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET');
    return {
      platform,
      sign,
      message: sign
        ? 'Windows: signing the installers and the app (certificate from WIN_CSC_LINK/CSC_LINK, or Azure Trusted Signing).'
        : 'Windows: NOT signed: set WIN_CSC_LINK (or CSC_LINK) to a .pfx/.p12 and WIN_CSC_KEY_PASSWORD (or CSC_KEY_PASSWORD), ' +
          'or AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET for Azure Trusted Signing. Unsigned installers trigger SmartScreen.',
      options: [],
    };
  }
  if (platform === 'mac') {
    const sign = has(env, 'CSC_LINK') || has(env, 'CSC_NAME');
    const notarize =
      sign &&
      (has(env, 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID') ||
        has(env, 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER') ||
        has(env, 'APPLE_KEYCHAIN_PROFILE'));
    const options = [];
    if (!sign) options.push('-c.mac.identity=null');
    if (!notarize) options.push('-c.mac.notarize=false');
    const message = !sign
      ? 'macOS: NOT signed, NOT notarised (ad hoc signature only, Gatekeeper will refuse it): set CSC_LINK + CSC_KEY_PASSWORD ' +
        '(Developer ID Application certificate) or CSC_NAME, and APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID to notarise.'
      : notarize
        ? 'macOS: signing with the hardened runtime and notarising.'
        : 'macOS: signing with the hardened runtime; NOT notarised: set APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID ' +
          '(or APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER, or APPLE_KEYCHAIN_PROFILE).';
    return { platform, sign, notarize, message, options };
  }
  return {
    platform,
    sign: false,
    message: 'Linux: AppImage, deb and rpm are not signed by electron-builder (sign the repository that distributes them).',
    options: [],
  };
}

/** Target platforms named on the command line, else the host's. */
export function targetPlatforms(args, host = process.platform) {
  const named = [
    ...(args.some((a) => a === '--linux' || a === '-l') ? ['linux'] : []),
    ...(args.some((a) => a === '--win' || a === '--windows' || a === '-w') ? ['win'] : []),
    ...(args.some((a) => a === '--mac' || a === '--macos' || a === '-m') ? ['mac'] : []),
  ];
  if (named.length > 0) return named;
  return [host === 'win32' ? 'win' : host === 'darwin' ? 'mac' : 'linux'];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const plans = targetPlatforms(args).map((p) => signingPlan(p));
  for (const plan of plans) process.stdout.write(`${plan.message}\n`);
  const builder = join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
  const run = spawnSync(
    process.execPath,
    [builder, '--config', 'build/electron-builder.config.mjs', ...plans.flatMap((p) => p.options), ...args],
    { cwd: ROOT, stdio: 'inherit' },
  );
  process.exit(run.status ?? 1);
}
