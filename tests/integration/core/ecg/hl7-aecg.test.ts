/**
 * HL7 aECG reader against every corpus file. Independent checks: sample values re-parsed straight from
 * the XML digits with a regular expression, the re-serialised FDA copy decoding to the identical
 * microvolts, and the SCP-ECG conversion of the same ECG (ECG Toolkit Example.scp) matching exactly.
 */
import { describe, expect, it } from 'vitest';
import { hl7AecgReader } from '../../../../src-main/core/ecg/hl7-aecg';
import { scpEcgReader } from '../../../../src-main/core/ecg/scp-ecg';
import { isCoreError } from '../../../../src-main/core/errors';
import { countBeats, fixture, lead, stats } from './vendor-reader-helpers';

const DIR = 'hl7-aecg';
const read = (name: string) => hl7AecgReader.read({ bytes: fixture(DIR, name) });
const ORDER_MORTARA = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'III', 'aVR', 'aVL', 'aVF'];
const ORDER_STANDARD = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

/** The digits of the first SLIST_PQ sequence with the given lead code, parsed without the reader. */
function digitsFromXml(name: string, code: string): number[] {
  const text = new TextDecoder().decode(fixture(DIR, name));
  const at = text.indexOf(`code="${code}"`);
  const m = /<digits>([^<]*)<\/digits>/.exec(text.slice(at));
  return (m?.[1] ?? '').trim().split(/\s+/).map(Number);
}

describe('HL7 aECG corpus', () => {
  it('sniffs every corpus file and nothing else', () => {
    for (const f of ['hl7_Example_aECG.xml', 'fda_subject1_0.xml', 'fda_minimum_aecg.xml', 'contec_8000g_aecg.xml', 'liryc_hl7aecg_example.xml']) {
      expect(hl7AecgReader.sniff({ bytes: fixture(DIR, f) }), f).toBe(true);
    }
    expect(hl7AecgReader.sniff({ bytes: fixture('ge-muse-xml', 'easyrecg_muse_ecg1.xml') })).toBe(false);
  });

  it('hl7_Example_aECG.xml: rhythm + derived representative beat, annotations, filters', () => {
    const r = read('hl7_Example_aECG.xml');
    expect(r.format).toBe('hl7-aecg');
    expect(r.acquisitionTime).toBe('2002-11-22T09:10:00');
    const [rhythm, median] = r.groups;
    expect(rhythm?.kind).toBe('rhythm');
    expect(rhythm?.sampleRateHz).toBe(500);
    expect(rhythm?.leads.map((l) => l.name)).toEqual(ORDER_MORTARA);
    expect(rhythm?.leads.every((l) => l.samples.length === 5000 && !l.derived)).toBe(true);
    // The derived representative-beat series (GLIST_PQ relative time axis) is kept apart as the median group.
    expect(median?.kind).toBe('median');
    expect(median?.label).toBe('REPRESENTATIVE_BEAT');
    expect(median?.sampleRateHz).toBe(500);
    expect(median?.leads.every((l) => l.samples.length === 599 && !l.derived)).toBe(true);
    const xmlDigits = digitsFromXml('hl7_Example_aECG.xml', 'MDC_ECG_LEAD_I');
    expect(xmlDigits).toHaveLength(5000);
    expect(Array.from(lead(rhythm, 'I').samples)).toEqual(xmlDigits.map((d) => d * 2.5));
    const s = stats(lead(rhythm, 'II').samples);
    expect(s.min).toBe(-667.5);
    expect(s.max).toBe(335);
    expect(s.rms).toBeCloseTo(141.361, 2);
    expect(r.measurements).toEqual({ prMs: 148, qrsMs: 120, qtMs: 420, qtcMs: 443, pAxisDeg: 44, qrsAxisDeg: -61, tAxisDeg: 86 });
    expect(r.statements).toEqual(['Sinus Rhythm']);
    expect(r.filters).toEqual({ lowPassHz: 150, notchHz: 60 });
    expect(r.fields.find((f) => f.key === 'name')).toMatchObject({ value: 'Clark', identifying: true });
    expect(r.fields.find((f) => f.key === 'sex')).toMatchObject({ value: 'M', identifying: false });
    // 12 beats in 10 s, as the 12 per-beat annotations in the file say.
    expect(countBeats(lead(rhythm, 'II').samples, 500)).toBe(12);
  });

  it('fda_subject1_0.xml decodes to the same microvolts as the HL7 sample it was re-serialised from', () => {
    const a = read('fda_subject1_0.xml');
    const b = read('hl7_Example_aECG.xml');
    expect(a.groups).toHaveLength(2);
    for (const [g, group] of a.groups.entries()) {
      for (const l of group.leads) expect(Array.from(l.samples)).toEqual(Array.from(lead(b.groups[g], l.name).samples));
    }
    expect(a.fields.find((f) => f.key === 'subjectId')?.value).toBe('subject1');
  });

  it('hl7_Example_aECG.xml matches the SCP-ECG conversion of the same ECG sample for sample', () => {
    const h = read('hl7_Example_aECG.xml');
    const s = scpEcgReader.read({ bytes: fixture('scp-ecg', 'ecgtoolkit_Example.scp') });
    for (const kind of ['rhythm', 'median'] as const) {
      const gh = h.groups.find((g) => g.kind === kind);
      const gs = s.groups.find((g) => g.kind === kind);
      for (const name of ORDER_MORTARA) expect(Array.from(lead(gs, name).samples)).toEqual(Array.from(lead(gh, name).samples));
    }
  });

  it('fda_minimum_aecg.xml: one lead of 13 samples, value = origin + 2.5 uV x digit', () => {
    const r = read('fda_minimum_aecg.xml');
    expect(r.groups).toHaveLength(1);
    const ii = lead(r.groups[0], 'II');
    expect(Array.from(ii.samples)).toEqual([-2, -2, -2, -2, -3, -4, -3, -5, -5, -4, -6, -9, -9].map((d) => d * 2.5));
    expect(r.fields.find((f) => f.key === 'trialId')).toMatchObject({ value: 'PUK-123-TRL-1', identifying: false });
  });

  it('contec_8000g_aecg.xml: 12 leads x 10000 @ 1000 Hz in standard order', () => {
    const r = read('contec_8000g_aecg.xml');
    expect(r.acquisitionTime).toBe('2024-08-21T09:18:05');
    const g = r.groups[0];
    expect(r.groups).toHaveLength(1);
    expect(g?.sampleRateHz).toBe(1000);
    expect(g?.leads.map((l) => l.name)).toEqual(ORDER_STANDARD);
    expect(g?.leads.every((l) => l.samples.length === 10000)).toBe(true);
    const xmlDigits = digitsFromXml('contec_8000g_aecg.xml', 'MDC_ECG_LEAD_V1');
    const scale = 1; // the file states scale 1 uV for every lead
    expect(Array.from(lead(g, 'V1').samples.slice(0, 50))).toEqual(xmlDigits.slice(0, 50).map((d) => d * scale));
    const s = stats(lead(g, 'II').samples);
    expect([s.min, s.max]).toEqual([-1207, 826]);
    expect(s.rms).toBeCloseTo(234.47, 1);
    expect(r.fields.find((f) => f.key === 'birthTime')?.identifying).toBe(true);
  });

  it('liryc_hl7aecg_example.xml: 100 Hz rhythm, representative beats, Mindray measurements and statements', () => {
    const r = read('liryc_hl7aecg_example.xml');
    expect(r.acquisitionTime).toBe('2025-09-23T10:35:50');
    const [rhythm, median] = r.groups;
    expect(rhythm?.sampleRateHz).toBe(100);
    expect(rhythm?.leads.map((l) => l.name)).toEqual(ORDER_STANDARD);
    expect(rhythm?.leads.every((l) => l.samples.length === 1000)).toBe(true);
    expect(median?.leads.every((l) => l.samples.length === 500)).toBe(true);
    expect(Array.from(lead(rhythm, 'I').samples.slice(0, 5))).toEqual([-42, -40, -38, -41, -39].map((d) => d * 5));
    // QTc is written as 0 ("not measured") at the top level: it must not appear as a real 0 ms.
    expect(r.measurements).toEqual({ heartRateBpm: 57, prMs: 192, qrsMs: 88, qtMs: 418 });
    expect(r.statements).toEqual(['Rythme sinusal avec ESA', "--- Interprétation sans connaître le sexe/l'âge du patient ---", 'ECG limite']);
    expect(r.filters).toEqual({ lowPassHz: 35, highPassHz: 0.56, notchHz: 50 });
  });

  it('keeps a derived series that is not a representative beat apart, flagged as computed', () => {
    const text = new TextDecoder().decode(fixture(DIR, 'hl7_Example_aECG.xml')).replace(
      '<code code="REPRESENTATIVE_BEAT"',
      '<code code="FILTERED_RHYTHM"',
    );
    const r = hl7AecgReader.read({ bytes: new TextEncoder().encode(text) });
    expect(r.groups.map((g) => [g.kind, g.label])).toEqual([
      ['rhythm', 'RHYTHM'],
      ['rhythm', 'derived FILTERED_RHYTHM'],
    ]);
    expect(r.groups[0]?.leads.every((l) => !l.derived)).toBe(true);
    expect(r.groups[1]?.leads.every((l) => l.derived)).toBe(true);
    expect(r.warnings.some((w) => w.includes('derived aECG series'))).toBe(true);
  });

  it('rejects damaged and empty aECG files with coded errors', () => {
    const whole = fixture(DIR, 'hl7_Example_aECG.xml');
    const cut = whole.subarray(0, 120_000);
    let err: unknown;
    try {
      hl7AecgReader.read({ bytes: cut });
    } catch (e) {
      err = e;
    }
    expect(isCoreError(err)).toBe(true);
    const empty = new TextEncoder().encode('<AnnotatedECG xmlns="urn:hl7-org:v3"><component/></AnnotatedECG>');
    expect(() => hl7AecgReader.read({ bytes: empty })).toThrow(expect.objectContaining({ code: 'NO_WAVEFORM' }));
    const bad = new TextDecoder().decode(fixture(DIR, 'fda_minimum_aecg.xml')).replace('-5 -5 -4', '-5 x -4');
    expect(() => hl7AecgReader.read({ bytes: new TextEncoder().encode(bad) })).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });
});
