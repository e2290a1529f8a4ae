import { describe, expect, it } from 'vitest';
import { csvField, csvLine, parseCsv } from '../../../../src-main/core/cohort/csv';
import { parseLabels } from '../../../../src-main/core/cohort/labels';
import { queueOf } from '../../../../src-main/core/cohort/prediction-row';
import { isRedcapName, redcapName } from '../../../../src-main/core/cohort/redcap';
import { isCoreError } from '../../../../src-main/core/errors';

describe('CSV', () => {
  it('round-trips quotes, commas and line breaks, with a BOM and CRLF', () => {
    const line = csvLine(['a,b', 'say "hi"', 'two\nlines', 3, null]);
    expect(line).toBe('"a,b","say ""hi""","two\nlines",3,');
    expect(parseCsv(`\uFEFFx,y\r\n${line}\r\n`)).toEqual([['x', 'y'], ['a,b', 'say "hi"', 'two\nlines', '3', '']]);
  });
  it('neutralises spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-1.5)).toBe('-1.5');
  });
});

describe('REDCap names', () => {
  it('are lower case, start with a letter, at most 26 chars, unique', () => {
    const taken = new Set<string>();
    const names = [
      redcapName('LVEF-lt-40 Value', taken), redcapName('2nd read', taken),
      redcapName('lvef_prompt_regression_interval_low', taken), redcapName('lvef_prompt_regression_interval_lower', taken),
    ];
    expect(names[0]).toBe('lvef_lt_40_value');
    expect(names[1]).toBe('v_2nd_read');
    expect(names[2]).toBe('lvef_prompt_regression_int');
    expect(names[3]).toBe('lvef_prompt_regression_i_2');
    for (const n of names) expect(isRedcapName(n)).toBe(true);
    expect(isRedcapName('Bad')).toBe(false);
  });
});

describe('labels sheet', () => {
  it('reads file / accession / patient keys and derives the class from LVEF', () => {
    const parsed = parseLabels(
      'File Name,Accession,Patient ID,Echo Date,LVEF\nC:\\\\ecgs\\\\a.dcm,,,2024-01-02,35\n,ACC1,,,55\n,,P1,2024-03-04,40\n,,P2,,30\nb.dcm,,,,abc\nc.dcm,,,not a date,20\n',
    );
    expect(parsed.rows.map((r) => [r.row, r.fileName, r.positive])).toEqual([
      [2, 'a.dcm', true], [3, null, false], [4, null, false],
    ]);
    expect(parsed.invalidRows).toEqual([
      { row: 5, reason: 'no file, accession, or patient id with echo date' },
      { row: 6, reason: 'LVEF is not a number between 0 and 100' },
      { row: 7, reason: 'echo date is not a date (use YYYY-MM-DD)' },
    ]);
  });
  it('an explicit label column wins over LVEF; sheets without keys or outcomes are refused', () => {
    expect(parseLabels('file,lvef,label\na.dcm,60,1\n').rows[0]?.positive).toBe(true);
    for (const bad of ['', 'lvef\n30\n', 'file\na.dcm\n']) {
      try {
        parseLabels(bad);
        expect.unreachable();
      } catch (e) {
        expect(isCoreError(e, 'LABELS_INVALID')).toBe(true);
      }
    }
  });
});

describe('worklist queue', () => {
  const base = { abstain: false, level: 'low', low: 0.7, high: 0.9, threshold: 0.5, call: 'positive' };
  it('abstain and straddling high-uncertainty intervals are uncertain; the rest follow the call', () => {
    expect(queueOf(base)).toBe('positive');
    expect(queueOf({ ...base, call: 'negative', low: 0.1, high: 0.3 })).toBe('negative');
    expect(queueOf({ ...base, abstain: true })).toBe('uncertain');
    expect(queueOf({ ...base, level: 'high', low: 0.4, high: 0.6 })).toBe('uncertain');
    expect(queueOf({ ...base, level: 'low', low: 0.4, high: 0.6 })).toBe('positive');
    expect(queueOf({ ...base, level: 'high' })).toBe('positive');
  });

  it('never queues a high-uncertainty negative call as confident negative, straddling or not', () => {
    const negative = { ...base, call: 'negative', low: 0.1, high: 0.3 };
    expect(queueOf({ ...negative, level: 'high' })).toBe('uncertain');
    expect(queueOf({ ...negative, level: 'high', low: 0.4, high: 0.55 })).toBe('uncertain');
    expect(queueOf({ ...negative, level: 'low' })).toBe('negative');
    expect(queueOf({ ...negative, level: 'low', low: null, high: null, threshold: null })).toBe('negative');
  });
});
