import { describe, expect, it } from 'vitest';
import { UsageError, parseArgs } from '../../../src-main/cli/args';
import { REPORT_FLAGS, reportOptionsFrom } from '../../../src-main/cli/commands/report-flags';
import { DEFAULT_REPORT_OPTIONS } from '../../../src-main/core/report/options';

const parse = (...argv: string[]) => reportOptionsFrom(parseArgs(argv, REPORT_FLAGS));

describe('report command flags', () => {
  it('defaults to the app: A4, 3x4+1, 25 mm/s, 10 mm/mV, diagnostic filter, identifiers shown', () => {
    expect(parse()).toEqual(DEFAULT_REPORT_OPTIONS);
  });

  it('reads every page option', () => {
    expect(parse('--paper', 'letter', '--layout', '12x1', '--speed', '50', '--gain', '20', '--filter', 'monitoring', '--notch', '60', '--start', '12.5', '--hide-identifiers')).toEqual({
      paper: 'letter', layout: '12x1', speedMmPerS: 50, gainMmPerMv: 20, filter: { band: 'monitoring', notchHz: 60 }, hideIdentifiers: true, startS: 12.5,
    });
    expect(parse('--paper=A4', '--layout=3x4+3').layout).toBe('3x4+3');
    expect(parse('--paper=A4').paper).toBe('a4');
  });

  it('refuses values the paper cannot show, as usage mistakes', () => {
    for (const argv of [['--speed', '12.5'], ['--gain', '15'], ['--layout', 'median'], ['--paper', 'a3'], ['--filter', '40'], ['--notch', '55'], ['--start', '-1']]) {
      expect(() => parse(...argv)).toThrow(UsageError);
    }
    expect(() => parseArgs(['--dpi', '300'], REPORT_FLAGS)).toThrow(UsageError);
  });
});
