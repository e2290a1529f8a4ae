import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src-main/cli/args';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';
import type { CliCommand, CliIo } from '../../../src-main/cli/types';
import { APP_VERSION } from '../../../src-main/core/api/version';
import { CoreError } from '../../../src-main/core/errors';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false };
  return { sink, out: () => out.join(''), err: () => err.join('') };
}

const fake = (run: CliCommand['run']): CliCommand => ({ name: 'demo', summary: 'Demo command', usage: 'Usage: echoing-ecg demo', run });

describe('echoing-ecg entry', () => {
  it('lists every registered subcommand in --help', async () => {
    const t = io();
    expect(await runCli(['--help'], t.sink, COMMANDS)).toBe(0);
    for (const name of ['inspect', 'predict', 'cohort']) expect(t.out()).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(t.out()).toContain('Usage: echoing-ecg <command>');
  });

  it('prints usage and exits 2 without a command, or with an unknown one', async () => {
    const a = io();
    expect(await runCli([], a.sink, COMMANDS)).toBe(2);
    expect(a.out()).toContain('Commands:');
    const b = io();
    expect(await runCli(['frobnicate'], b.sink, COMMANDS)).toBe(2);
    expect(b.err()).toContain('Unknown command "frobnicate"');
  });

  it('takes the global --data-dir before or after the subcommand and hands it to the command', async () => {
    const seen: (string | undefined)[] = [];
    const cmd = fake(async (argv, sinkIo) => {
      seen.push(`${sinkIo.dataDir} ${argv.join(' ')}`);
      return 0;
    });
    expect(await runCli(['--data-dir', '/d1', 'demo', 'x'], io().sink, [cmd])).toBe(0);
    expect(await runCli(['demo', 'x', '--data-dir=/d2'], io().sink, [cmd])).toBe(0);
    expect(await runCli(['demo', '--', '--data-dir', 'kept'], io().sink, [cmd])).toBe(0);
    expect(seen).toEqual(['/d1 x', '/d2 x', 'undefined -- --data-dir kept']);
    const bad = io();
    expect(await runCli(['demo', '--data-dir'], bad.sink, [cmd])).toBe(2);
    expect(bad.err()).toContain('--data-dir needs a folder');
  });

  it('prints the version', async () => {
    const t = io();
    expect(await runCli(['--version'], t.sink, COMMANDS)).toBe(0);
    expect(t.out()).toBe(`${APP_VERSION}\n`);
  });

  it('passes arguments and the exit code through, and shows per-command usage', async () => {
    let seen: string[] = [];
    const cmd = fake((argv) => {
      seen = argv;
      return Promise.resolve(0);
    });
    expect(await runCli(['demo', 'a.xml', '--json'], io().sink, [cmd])).toBe(0);
    expect(seen).toEqual(['a.xml', '--json']);
    const t = io();
    expect(await runCli(['demo', '--help'], t.sink, [cmd])).toBe(0);
    expect(t.out()).toBe('Usage: echoing-ecg demo\n');
  });

  it('turns usage mistakes into exit 2 and failures into exit 1 with the code, never a stack', async () => {
    const usage = io();
    expect(await runCli(['demo'], usage.sink, [fake(() => Promise.reject(new UsageError('Missing file.')))])).toBe(2);
    expect(usage.err()).toContain('Missing file.');
    const failure = io();
    expect(await runCli(['demo'], failure.sink, [fake(() => Promise.reject(new CoreError('NOT_AN_ECG', 'Not an ECG.')))])).toBe(1);
    expect(failure.err()).toBe('echoing-ecg demo: NOT_AN_ECG: Not an ECG.\n');
  });
});
