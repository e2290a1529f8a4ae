import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readEcgBytes } from '../../../../../src-main/core/ecg';
import { A_LAW_TABLE, MU_LAW_TABLE } from '../../../../../src-main/core/ecg/dicom/companding';
import { isCoreError } from '../../../../../src-main/core/errors';
import { dicomFile, encode, int16Data, waveformElements, type Syntax } from './build-dicom';

const twoLeads = (data: Uint8Array, extra: Partial<Parameters<typeof waveformElements>[0][number]> = {}) =>
  waveformElements([
    {
      channels: [
        { code: '5.6.3-9-1', meaning: 'Lead I', sensitivity: 2.5, unit: 'uV' },
        { code: '2:61', scheme: 'MDC', meaning: 'Lead III', sensitivity: 0.005, unit: 'mV', baseline: 0.1 },
      ],
      samples: 3,
      rate: 500,
      bits: 16,
      interpretation: 'SS',
      data,
      ...extra,
    },
  ]);

describe('DICOM waveform reader on synthetic files', () => {
  it.each<Syntax>(['explicit-le', 'implicit-le', 'explicit-be'])('decodes %s with sensitivity, units and baseline', (syntax) => {
    const le = syntax !== 'explicit-be';
    const file = dicomFile(twoLeads(int16Data([[100, -200, 0], [10, 20, -9000]], le)), syntax);
    const r = readEcgBytes({ bytes: file });
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(500);
    expect(g.leads.map((l) => l.name)).toEqual(['I', 'III']);
    expect(Array.from(g.leads[0]!.samples)).toEqual([250, -500, 0]);
    // raw x 0.005 mV + 0.1 mV baseline, then x 1000: baseline is added AFTER scaling.
    const iii = Array.from(g.leads[1]!.samples);
    [150, 200, -44900].forEach((v, i) => expect(iii[i]).toBeCloseTo(v, 2));
  });

  it('reads the data set from an odd offset (bytes are copied before typed access)', () => {
    const file = dicomFile(twoLeads(int16Data([[1, 2, 3], [4, 5, 6]], true)), 'explicit-le');
    const padded = new Uint8Array(file.length + 1);
    padded.set(file, 1);
    const r = readEcgBytes({ bytes: padded.subarray(1) });
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([2.5, 5, 7.5]);
  });

  it('sign-extends 12 bits stored in 16', () => {
    // 0x0FFF in 12 bits is -1; 0xF800 masked to 12 bits is 0x800 = -2048.
    const data = int16Data([[0x0fff, 0x07ff, -2048], [1, 1, 1]], true);
    const r = readEcgBytes({ bytes: dicomFile(twoLeads(data, { bitsStored: 12 }), 'explicit-le') });
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([-2.5, 2047 * 2.5, -2048 * 2.5]);
  });

  it('expands mu-law and A-law 8-bit samples (G.711)', () => {
    expect(MU_LAW_TABLE[0xff]).toBe(0);
    expect(MU_LAW_TABLE[0x00]).toBe(-32124);
    expect(MU_LAW_TABLE[0x80]).toBe(32124);
    expect(A_LAW_TABLE[0xd5]).toBe(8);
    expect(A_LAW_TABLE[0x55]).toBe(-8);
    expect(A_LAW_TABLE[0xaa]).toBe(32256);
    for (const [interp, table] of [['MB', MU_LAW_TABLE], ['AB', A_LAW_TABLE]] as const) {
      const els = waveformElements([
        { channels: [{ code: '5.6.3-9-2', sensitivity: 0.01, unit: 'uV' }], samples: 4, rate: 250, bits: 8, interpretation: interp, data: Uint8Array.from([0xff, 0x00, 0x80, 0x55]) },
      ]);
      const r = readEcgBytes({ bytes: dicomFile(els, 'explicit-le') });
      const got = Array.from(r.groups[0]!.leads[0]!.samples);
      [0xff, 0x00, 0x80, 0x55].forEach((b, i) => expect(got[i]).toBeCloseTo((table[b] as number) * 0.01, 3));
    }
  });

  it('reads UB/SB 8-bit samples and keeps a median-beat group apart from the rhythm', () => {
    const els = waveformElements([
      { channels: [{ label: 'II', sensitivity: 10, unit: 'uV' }], samples: 2, rate: 500, bits: 8, interpretation: 'SB', data: Uint8Array.from([0xff, 0x7f]) },
      { channels: [{ label: 'II', sensitivity: 10, unit: 'uV' }], samples: 2, rate: 500, bits: 8, interpretation: 'UB', data: Uint8Array.from([0xff, 0x01]), label: 'MEDIAN BEAT' },
    ]);
    const r = readEcgBytes({ bytes: dicomFile(els, 'explicit-le') });
    expect(r.groups.map((g) => g.kind)).toEqual(['rhythm', 'median']);
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([-10, 1270]);
    expect(Array.from(r.groups[1]!.leads[0]!.samples)).toEqual([2550, 10]);
  });

  it('reads SL 32-bit samples of the General 32-bit ECG class, big endian too', () => {
    for (const syntax of ['explicit-le', 'explicit-be'] as const) {
      const data = new Uint8Array(8);
      const view = new DataView(data.buffer);
      view.setInt32(0, -100000, syntax === 'explicit-le');
      // Beyond 16 bits, within the +-50 mV of a plausible ECG at 0.001 uV per unit.
      view.setInt32(4, 40000000, syntax === 'explicit-le');
      const els = waveformElements(
        [{ channels: [{ code: '5.6.3-9-1', sensitivity: 0.001, unit: 'uV' }], samples: 2, rate: 1000, bits: 32, interpretation: 'SL', data }],
        '1.2.840.10008.5.1.4.1.1.9.1.4',
      );
      const r = readEcgBytes({ bytes: dicomFile(els, syntax) });
      expect(r.formatVersion).toBe('General 32-bit ECG Waveform Storage');
      const got = Array.from(r.groups[0]!.leads[0]!.samples);
      expect(got[0]).toBeCloseTo(-100, 3);
      expect(got[1]).toBeCloseTo(40000, 0);
    }
  });

  it('keeps only ECG channels of a hemodynamic object and names what it left out', () => {
    const els = waveformElements(
      [
        {
          channels: [
            { code: '5.6.3-9-1', meaning: 'Lead I', sensitivity: 1, unit: 'uV' },
            { label: 'ART', sensitivity: 1, unit: 'mm[Hg]' },
          ],
          samples: 1,
          rate: 1000,
          bits: 16,
          interpretation: 'SS',
          data: int16Data([[5], [120]], true),
        },
      ],
      '1.2.840.10008.5.1.4.1.1.9.2.1',
    );
    const r = readEcgBytes({ bytes: dicomFile(els, 'explicit-le') });
    expect(r.groups[0]!.leads.map((l) => l.name)).toEqual(['I']);
    expect(r.warnings.some((w) => w.includes('non-ECG channels left out: ART (mm[Hg])'))).toBe(true);
  });

  it('rejects declared sizes beyond the data before allocating, and unsupported sample encodings', () => {
    const short = dicomFile(twoLeads(int16Data([[1, 2, 3], [4, 5, 6]], true), { samples: 30000000 }), 'explicit-le');
    expect(() => readEcgBytes({ bytes: short })).toThrow(expect.objectContaining({ code: 'FILE_TOO_LARGE' }));
    const lying = dicomFile(twoLeads(int16Data([[1, 2, 3], [4, 5, 6]], true), { samples: 4 }), 'explicit-le');
    expect(() => readEcgBytes({ bytes: lying })).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    const odd = dicomFile(twoLeads(int16Data([[1, 2, 3], [4, 5, 6]], true), { interpretation: 'FL' }), 'explicit-le');
    expect(() => readEcgBytes({ bytes: odd })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_ENCODING' }));
  });

  it('a length of 0xFFFFFFF0 (SamplingFrequency inside the waveform item, or a top-level element) is CORRUPT, not INTERNAL', () => {
    const els = () => waveformElements([{ channels: [{ code: '5.6.3-9-1', sensitivity: 2.5, unit: 'uV' }], samples: 3, rate: 500, bits: 16, interpretation: 'SS', data: int16Data([[1, 2, 3]], true) }]);
    const withHugeLength = (elements: ReturnType<typeof els>, tag: number[]) => {
      const b = Buffer.from(dicomFile(elements, 'implicit-le'));
      const at = b.indexOf(Buffer.from(tag), 132);
      b.writeUInt32LE(0xfffffff0, at + 4);
      return new Uint8Array(b);
    };
    const rate = withHugeLength(els(), [0x3a, 0x00, 0x1a, 0x00]);
    const named = withHugeLength([...els(), { tag: 0x00100010, vr: 'PN', value: 'Doe^J' }], [0x10, 0x00, 0x10, 0x00]);
    for (const bytes of [rate, named]) {
      expect(() => readEcgBytes({ bytes })).toThrow(expect.objectContaining({ code: 'CORRUPT', message: expect.stringContaining('4294967280 bytes') }));
    }
  });

  it('says clearly when a DICOM file is an image, not a waveform', () => {
    const image = dicomFile([{ tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' }, { tag: 0x00080060, vr: 'CS', value: 'CT' }], 'explicit-le');
    try {
      readEcgBytes({ bytes: image });
      expect.unreachable();
    } catch (e) {
      expect(isCoreError(e, 'NOT_AN_ECG')).toBe(true);
    }
  });
});

describe('DICOM layouts dicom-parser does not take directly', () => {
  const els = () =>
    waveformElements(
      [{ channels: [{ code: '5.6.3-9-2', sensitivity: 1, unit: 'mV' }], samples: 2, rate: 500, bits: 16, interpretation: 'SS', data: int16Data([[1, -1]], true) }],
      '1.2.840.10008.5.1.4.1.1.9.1.3',
    );

  it('reads a meta header without the 128-byte preamble', () => {
    const file = dicomFile(els(), 'explicit-le').subarray(132);
    const r = readEcgBytes({ bytes: file });
    expect(r.formatVersion).toBe('Ambulatory ECG Waveform Storage');
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([1000, -1000]);
  });

  it('reads a raw implicit-VR data set with no meta header at all', () => {
    const body = Uint8Array.from(els().flatMap((e) => encode(e, 'implicit-le')));
    const r = readEcgBytes({ bytes: body });
    expect(r.groups[0]!.leads[0]!.name).toBe('II');
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([1000, -1000]);
  });

  it('inflates a deflated data set (bounded)', () => {
    const meta = encode({ tag: 0x00020010, vr: 'UI', value: '1.2.840.10008.1.2.1.99' }, 'explicit-le');
    const body = Uint8Array.from(els().flatMap((e) => encode(e, 'explicit-le')));
    const file = Uint8Array.from([...new Array<number>(128).fill(0), 0x44, 0x49, 0x43, 0x4d, ...meta, ...deflateRawSync(body)]);
    const r = readEcgBytes({ bytes: file });
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([1000, -1000]);
  });

  it('refuses compressed image transfer syntaxes clearly', () => {
    const meta = encode({ tag: 0x00020010, vr: 'UI', value: '1.2.840.10008.1.2.4.50' }, 'explicit-le');
    const file = Uint8Array.from([...new Array<number>(128).fill(0), 0x44, 0x49, 0x43, 0x4d, ...meta]);
    expect(() => readEcgBytes({ bytes: file })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_ENCODING' }));
  });
});
