import { describe, expect, it } from 'vitest';
import { readEcgBytes } from '../../../../../src-main/core/ecg';
import { decodeStream } from '../../../../../src-main/core/ecg/wfdb/formats';

const text = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** Independent encoders (written from the WFDB signal(5) description, not from the decoder). */
function enc212(v: number[]): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < v.length; i += 2) {
    const a = (v[i] as number) & 0xfff;
    const b = ((v[i + 1] ?? 0) as number) & 0xfff;
    out.push(a & 0xff, ((a >> 8) & 0x0f) | ((b >> 4) & 0xf0), b & 0xff);
  }
  return Uint8Array.from(out);
}
function enc310(v: number[]): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < v.length; i += 3) {
    const [a, b, c] = [v[i] ?? 0, v[i + 1] ?? 0, v[i + 2] ?? 0].map((x) => x & 0x3ff) as [number, number, number];
    const w0 = (a << 1) | ((c & 0x1f) << 11);
    const w1 = (b << 1) | (((c >> 5) & 0x1f) << 11);
    out.push(w0 & 0xff, (w0 >> 8) & 0xff, w1 & 0xff, (w1 >> 8) & 0xff);
  }
  return Uint8Array.from(out);
}
function enc311(v: number[]): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < v.length; i += 3) {
    const w = (((v[i] ?? 0) & 0x3ff) | (((v[i + 1] ?? 0) & 0x3ff) << 10) | (((v[i + 2] ?? 0) & 0x3ff) << 20)) >>> 0;
    out.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff);
  }
  return Uint8Array.from(out);
}

const values = [1, -1, 511, -512, 0, 300, -300, 7];

describe('WFDB storage formats', () => {
  it('unpacks 212 (two 12-bit samples in three bytes)', () => {
    const v = [1, -1, 2047, -2048, 100, -100];
    expect(Array.from(decodeStream(enc212(v), 212, v.length))).toEqual(v);
  });
  it('unpacks 310 and 311 (three 10-bit samples in four bytes)', () => {
    const v = values.slice(0, 6);
    expect(Array.from(decodeStream(enc310(v), 310, 6))).toEqual(v);
    expect(Array.from(decodeStream(enc311(v), 311, 6))).toEqual(v);
  });
  it('decodes 16, 61 (big endian), 80, 160 (offset binary), 24 and 32', () => {
    expect(Array.from(decodeStream(Uint8Array.from([0x01, 0x00, 0xff, 0xff]), 16, 2))).toEqual([1, -1]);
    expect(Array.from(decodeStream(Uint8Array.from([0x00, 0x01, 0xff, 0xfe]), 61, 2))).toEqual([1, -2]);
    expect(Array.from(decodeStream(Uint8Array.from([0x80, 0x00, 0xff]), 80, 3))).toEqual([0, -128, 127]);
    expect(Array.from(decodeStream(Uint8Array.from([0x00, 0x80, 0x00, 0x00]), 160, 2))).toEqual([0, -32768]);
    expect(Array.from(decodeStream(Uint8Array.from([0xff, 0xff, 0xff, 0x01, 0x00, 0x80]), 24, 2))).toEqual([-1, -8388607]);
    expect(Array.from(decodeStream(Uint8Array.from([0xfe, 0xff, 0xff, 0xff]), 32, 1))).toEqual([-2]);
  });
});

describe('WFDB reader', () => {
  it('reads a CRLF header with comments, fractional gain, baseline and uV units', () => {
    const hea = text('# made by a test\r\nrec 2 250 3 10:20:30 04/05/2021\r\nrec.dat 16 12.5(3)/mV 16 0 13 0 0 Lead I\r\nrec.dat 16 2/uV 16 0 0 0 0 V2 # inline\r\n');
    const dat = Uint8Array.from([13, 0, 10, 0, 3, 0, 0xfe, 0xff, 28, 0, 4, 0]);
    const r = readEcgBytes({ bytes: hea, readSibling: (n) => (n === 'rec.dat' ? dat : undefined) });
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(250);
    expect(g.leads.map((l) => l.name)).toEqual(['I', 'V2']);
    expect(Array.from(g.leads[0]!.samples)).toEqual([800, 0, 2000]);
    expect(Array.from(g.leads[1]!.samples)).toEqual([5, -1, 2]);
    expect(r.acquisitionTime).toBe('2021-05-04T10:20:30');
  });

  it('integrates format 8 differences from the initial value', () => {
    const hea = text('r 1 500 4\nr.dat 8 100 8 0 50 0 0 II\n');
    const dat = Uint8Array.from([0, 5, 0xfb, 0xff]); // +0, +5, -5, -1
    const r = readEcgBytes({ bytes: hea, readSibling: () => dat });
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([500, 550, 500, 490]);
  });

  it('reads signals from two files with 310 and 311 packing', () => {
    const hea = text('two 2 500 3\na.dat 310 1/uV 10 0 0 0 0 I\nb.dat 311 1/uV 10 0 0 0 0 II\n');
    const files: Record<string, Uint8Array> = { 'a.dat': enc310([5, -3, 300]), 'b.dat': enc311([-511, 511, 0]) };
    const r = readEcgBytes({ bytes: hea, readSibling: (n) => files[n] });
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([5, -3, 300]);
    expect(Array.from(r.groups[0]!.leads[1]!.samples)).toEqual([-511, 511, 0]);
  });

  it('keeps multi-frequency signals as separate groups with a warning', () => {
    const hea = text('mf 2 100 2\nm.dat 16x2 1/uV 16 0 0 0 0 II\nm.dat 16 1/uV 16 0 0 0 0 Resp\n');
    // frame = II, II, Resp
    const dat = Uint8Array.from([1, 0, 2, 0, 9, 0, 3, 0, 4, 0, 8, 0]);
    const r = readEcgBytes({ bytes: hea, readSibling: () => dat });
    expect(r.groups.map((g) => [g.sampleRateHz, g.leads.map((l) => l.name)])).toEqual([
      [200, ['II']],
      [100, ['Resp']],
    ]);
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([1, 2, 3, 4]);
    expect(r.warnings.some((w) => /different rates/.test(w))).toBe(true);
  });

  it('shows samples marked invalid (WFDB_INVALID_SAMPLE) as 0 with a warning', () => {
    const r = readEcgBytes({ bytes: text('i 1 500 2\ni.dat 16 1/uV 16 0 0 0 0 I\n'), readSibling: () => Uint8Array.from([0, 0x80, 7, 0]) });
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([0, 7]);
    expect(r.warnings.some((w) => /1 samples are marked invalid/.test(w))).toBe(true);
  });

  it('leaves non-voltage signals out and checks checksums', () => {
    const hea = text('p 2 125 2\np.dat 16 200/mV 16 0 0 999 0 ECG\np.dat 16 1/mmHg 16 0 0 0 0 ABP\n');
    const dat = Uint8Array.from([200, 0, 80, 0, 0, 0, 90, 0]);
    const r = readEcgBytes({ bytes: hea, readSibling: () => dat });
    expect(r.groups[0]!.leads.map((l) => l.name)).toEqual(['ECG']);
    expect(r.warnings).toContain('Non-ECG signals left out: ABP (mmHg)');
    expect(r.warnings.some((w) => /Checksum of signal ECG/.test(w))).toBe(true);
  });

  it('finds the data offset of a CinC .mat file from its MATLAB v4 header', () => {
    const header = Uint8Array.from([30, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0x76, 0x61, 0x6c, 0]);
    const mat = new Uint8Array([...header, 0x10, 0x00, 0xf0, 0xff]);
    const r = readEcgBytes({ bytes: text('m 1 500 2\nm.mat 16 1000/mV 16 0 16 0 0 I\n'), readSibling: () => mat });
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([16, -16]);
  });

  it('joins the segments of a multi-segment record, with gaps and missing signals as 0 uV', () => {
    const files: Record<string, Uint8Array> = {
      'rec_layout.hea': text('rec_layout 2 125 0\n~ 0 100/mV 16 0 0 0 0 II\n~ 0 100/mV 16 0 0 0 0 V\n'),
      'rec_0001.hea': text('rec_0001 2 125 2\nrec_0001.dat 16 100/mV 16 0 0 0 0 II\nrec_0001.dat 16 100/mV 16 0 0 0 0 V\n'),
      'rec_0001.dat': Uint8Array.from([1, 0, 2, 0, 3, 0, 4, 0]),
      'rec_0003.hea': text('rec_0003 1 125 2\nrec_0003.dat 16 100/mV 16 0 0 0 0 II\n'),
      'rec_0003.dat': Uint8Array.from([5, 0, 6, 0]),
    };
    const master = text('rec/4 2 125 7\nrec_layout 0\nrec_0001 2\n~ 3\nrec_0003 2\n');
    const r = readEcgBytes({ bytes: master, readSibling: (n) => files[n] });
    expect(r.formatVersion).toBe('multi-segment (4 segments)');
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(125);
    expect(g.leads.map((l) => l.name)).toEqual(['II', 'V']);
    expect(Array.from(g.leads[0]!.samples)).toEqual([10, 30, 0, 0, 0, 50, 60]);
    expect(Array.from(g.leads[1]!.samples)).toEqual([20, 40, 0, 0, 0, 0, 0]);
    expect(r.warnings).toContain('Multi-segment record: 2 segment(s) joined end to end');
    expect(r.warnings.some((w) => /gaps between segments/.test(w))).toBe(true);
  });

  it.each([
    ['multi/3 2 360 1000\n', 'TRUNCATED'],
    ['multi/1 2 360 1000\nnoseg 1000\n', 'FILE_NOT_FOUND'],
    ['r 1 500 10\nr.dat 508 200 16 0 0 0 0 I\n', 'UNSUPPORTED_ENCODING'],
    ['r 1 500 10\nr.dat 16 200 16 0 0 0 0 I\n', 'TRUNCATED'],
    ['r 1 500 10\nmissing.dat 16 200 16 0 0 0 0 I\n', 'FILE_NOT_FOUND'],
    ['r 2 500 10\nr.dat 16 200 16 0 0 0 0 I\n', 'TRUNCATED'],
    ['r 1 500 999999999\nr.dat 16 200 16 0 0 0 0 I\n', 'FILE_TOO_LARGE'],
  ])('rejects %j with %s', (header, code) => {
    const files: Record<string, Uint8Array> = { 'r.dat': new Uint8Array(4) };
    expect(() => readEcgBytes({ bytes: text(header), readSibling: (n) => files[n] })).toThrow(expect.objectContaining({ code }));
  });
});

describe('long records decoded block by block (bounded memory, issue 11)', () => {
  it.each([
    [212, 200],
    [310, 50],
    [311, 50],
    [16, 2000],
    [24, 500_000],
  ])('format %i: three interleaved signals across many blocks equal the whole stream decoded at once', (format, gain) => {
    const frames = 200_003; // 600,009 samples: more than one block, not a multiple of the block
    const bytesPer: Record<number, number> = { 212: 1.5, 310: 4 / 3, 311: 4 / 3, 16: 2, 24: 3 };
    const dat = new Uint8Array(Math.ceil(frames * 3 * (bytesPer[format] as number)) + 4);
    let seed = 7;
    for (let i = 0; i < dat.length; i++) dat[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    const hea = text(`r 3 500 ${frames}\n${['I', 'II', 'V1'].map((n) => `r.dat ${format} ${gain}/mV 16 0 0 0 0 ${n}`).join('\n')}\n`);
    const rec = readEcgBytes({ bytes: hea, readSibling: (n) => (n === 'r.dat' ? dat : undefined) });
    const whole = decodeStream(dat, format, frames * 3);
    const leads = rec.groups[0]!.leads;
    for (const [s, name] of ['I', 'II', 'V1'].entries()) {
      const got = leads.find((l) => l.name === name)!.samples;
      expect(got).toHaveLength(frames);
      const invalidRaw = ({ 212: -2048, 310: -512, 311: -512, 16: -32768, 24: -8388608 } as Record<number, number>)[format];
      let worst = 0;
      for (let f = 0; f < frames; f++) {
        const raw = whole[f * 3 + s] as number;
        worst = Math.max(worst, Math.abs((got[f] as number) - (raw === invalidRaw ? 0 : (raw * 1000) / gain)));
      }
      expect(worst, name).toBeLessThan(1e-2);
    }
  });
});
