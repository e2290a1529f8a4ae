import { describe, expect, it } from 'vitest';
import { readLabelDate } from '../../../../src-main/core/cohort/label-dates';
import { parseLabels } from '../../../../src-main/core/cohort/labels';

/** Label dates: ISO unless a format is named; ambiguous dates reported, never guessed (issue 11, part 5). */
describe('label dates', () => {
  it('reads ISO dates and date-times by default', () => {
    expect(readLabelDate('2024-02-01')).toEqual({ ok: true, iso: '2024-02-01' });
    expect(readLabelDate(' 2024-02-01T09:30 ')).toEqual({ ok: true, iso: '2024-02-01T09:30:00' });
    expect(readLabelDate('2024-02-01 09:30:15.5+0100')).toEqual({ ok: true, iso: '2024-02-01T09:30:15+01:00' });
  });
  it('never guesses: 01/02/2024 without a format is reported as ambiguous, 25/02/2024 as not ISO', () => {
    const ambiguous = readLabelDate('01/02/2024');
    expect(ambiguous.ok).toBe(false);
    expect(!ambiguous.ok && ambiguous.reason).toMatch(/day and month could be read either way/);
    expect(readLabelDate('25/02/2024')).toMatchObject({ ok: false, reason: expect.stringMatching(/not ISO/) });
    expect(readLabelDate('Feb 1, 2024')).toMatchObject({ ok: false });
  });
  it('reads the named format, and only it', () => {
    expect(readLabelDate('01/02/2024', 'DD/MM/YYYY')).toEqual({ ok: true, iso: '2024-02-01' });
    expect(readLabelDate('01/02/2024', 'MM/DD/YYYY')).toEqual({ ok: true, iso: '2024-01-02' });
    expect(readLabelDate('1.2.2024 14:05', 'DD.MM.YYYY')).toEqual({ ok: true, iso: '2024-02-01T14:05:00' });
    expect(readLabelDate('20240201', 'YYYYMMDD')).toEqual({ ok: true, iso: '2024-02-01' });
    expect(readLabelDate('2024-02-01', 'DD/MM/YYYY')).toMatchObject({ ok: false, reason: 'echo date does not match DD/MM/YYYY' });
    expect(readLabelDate('31/02/2024', 'DD/MM/YYYY')).toMatchObject({ ok: false, reason: expect.stringMatching(/not a calendar date/) });
    expect(readLabelDate('29/02/2024', 'DD/MM/YYYY')).toEqual({ ok: true, iso: '2024-02-29' });
  });
  it('a labels sheet keeps the ISO dates and reports the others by line, without their content', () => {
    const sheet = 'patient_id,echo_date,lvef\nP1,2024-02-01,30\nP2,01/02/2024,40\nP3,13/02/2024,50\n';
    const parsed = parseLabels(sheet);
    expect(parsed.rows.map((r) => [r.row, r.echoDate])).toEqual([[2, '2024-02-01']]);
    expect(parsed.invalidRows.map((r) => r.row)).toEqual([3, 4]);
    expect(JSON.stringify(parsed.invalidRows)).not.toContain('/2024');
    const named = parseLabels(sheet.replace('2024-02-01', '01/02/2024'), 40, 'DD/MM/YYYY');
    expect(named.rows.map((r) => r.echoDate)).toEqual(['2024-02-01', '2024-02-01', '2024-02-13']);
  });
});
