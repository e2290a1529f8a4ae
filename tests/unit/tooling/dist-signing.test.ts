import { describe, expect, it } from 'vitest';

// scripts/dist.mjs is plain ESM run by node; imported by path like build/after-pack.mjs in fuses.test.ts.
const distPath = '../../../scripts/dist.mjs';
type Plan = { sign: boolean; notarize?: boolean; message: string; options: string[] };
const load = async () =>
  (await import(distPath)) as { signingPlan: (p: string, env: Record<string, string>) => Plan; targetPlatforms: (a: string[], h?: string) => string[] };

describe('npm run dist: signing from the environment', () => {
  it('skips Windows signing with a message naming the variables when no certificate is set', async () => {
    const { signingPlan } = await load();
    const none = signingPlan('win', {});
    expect(none.sign).toBe(false);
    expect(none.message).toMatch(/NOT signed.*WIN_CSC_LINK.*CSC_KEY_PASSWORD/);
    expect(signingPlan('win', { CSC_LINK: 'cert.p12' }).sign).toBe(true);
  });

  it('on macOS skips signing and notarisation explicitly, or notarises only with Apple credentials', async () => {
    const { signingPlan } = await load();
    const none = signingPlan('mac', {});
    expect(none).toMatchObject({ sign: false, notarize: false, options: ['-c.mac.identity=null', '-c.mac.notarize=false'] });
    expect(none.message).toMatch(/NOT signed, NOT notarised.*CSC_LINK.*APPLE_ID/);
    const signedOnly = signingPlan('mac', { CSC_NAME: 'Developer ID Application: X' });
    expect(signedOnly).toMatchObject({ sign: true, notarize: false, options: ['-c.mac.notarize=false'] });
    const full = signingPlan('mac', { CSC_LINK: 'c', APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 't' });
    expect(full).toMatchObject({ sign: true, notarize: true, options: [] });
  });

  it('targets the platforms named on the command line, else the host', async () => {
    const { targetPlatforms } = await load();
    expect(targetPlatforms(['--linux', 'dir'])).toEqual(['linux']);
    expect(targetPlatforms(['--win', '--mac'])).toEqual(['win', 'mac']);
    expect(targetPlatforms([], 'darwin')).toEqual(['mac']);
  });
});
