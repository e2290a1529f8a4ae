/**
 * A tiny DICOM writer for synthetic waveform files in any of the three uncompressed transfer syntaxes, so
 * the reader's handling of implicit VR, big endian, bits stored and companded samples can be tested.
 */
export type Syntax = 'explicit-le' | 'implicit-le' | 'explicit-be';

export interface El {
  tag: number;
  vr: string;
  value: string | number | Uint8Array | El[][];
}

const TS: Record<Syntax, string> = {
  'explicit-le': '1.2.840.10008.1.2.1',
  'implicit-le': '1.2.840.10008.1.2',
  'explicit-be': '1.2.840.10008.1.2.2',
};

function u16(v: number, le: boolean): number[] {
  return le ? [v & 255, (v >> 8) & 255] : [(v >> 8) & 255, v & 255];
}
function u32(v: number, le: boolean): number[] {
  const b = [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255];
  return le ? b : b.reverse();
}

function valueBytes(el: El, syntax: Syntax): number[] {
  const le = syntax !== 'explicit-be';
  const v = el.value;
  if (el.vr === 'SQ') {
    let out: number[] = [];
    for (const item of v as El[][]) {
      const body = item.flatMap((e) => encode(e, syntax));
      // concat, not push(...body): a long waveform would exceed the argument limit.
      out = out.concat(u16(0xfffe, le), u16(0xe000, le), u32(body.length, le), body);
    }
    return out;
  }
  if (v instanceof Uint8Array) return Array.from(v);
  if (el.vr === 'US') return u16(v as number, le);
  if (el.vr === 'UL') return u32(v as number, le);
  const text = String(v);
  const bytes = Array.from(Buffer.from(text, 'latin1'));
  if (bytes.length % 2 === 1) bytes.push(el.vr === 'UI' ? 0 : 32);
  return bytes;
}

export function encode(el: El, syntax: Syntax): number[] {
  const le = syntax !== 'explicit-be';
  const value = valueBytes(el, syntax);
  const head = [...u16(el.tag >>> 16, le), ...u16(el.tag & 0xffff, le)];
  if (syntax === 'implicit-le') return [...head, ...u32(value.length, true), ...value];
  const vr = Array.from(Buffer.from(el.vr, 'latin1'));
  if (['OB', 'OW', 'SQ', 'UN', 'UT'].includes(el.vr)) return [...head, ...vr, 0, 0, ...u32(value.length, le), ...value];
  return [...head, ...vr, ...u16(value.length, le), ...value];
}

/** A Part 10 file: preamble, DICM, explicit-LE meta header with the transfer syntax, then the data set. */
export function dicomFile(elements: El[], syntax: Syntax): Uint8Array {
  const meta = encode({ tag: 0x00020010, vr: 'UI', value: TS[syntax] }, 'explicit-le');
  const body = elements.sort((a, b) => a.tag - b.tag).flatMap((e) => encode(e, syntax));
  return Uint8Array.from([...new Array<number>(128).fill(0), 0x44, 0x49, 0x43, 0x4d, ...meta, ...body]);
}

export interface ChannelSpec {
  code?: string;
  scheme?: string;
  meaning?: string;
  label?: string;
  sensitivity: number;
  unit?: string;
  correction?: number;
  baseline?: number;
}

export interface GroupSpec {
  channels: ChannelSpec[];
  samples: number;
  rate: number;
  bits: 8 | 16 | 32;
  interpretation: string;
  bitsStored?: number;
  label?: string;
  /** Waveform Padding Value (5400,100A), written as one little-endian int16 (OW). */
  padding?: number;
  data: Uint8Array;
}

export function waveformElements(groups: GroupSpec[], sopClass = '1.2.840.10008.5.1.4.1.1.9.1.1'): El[] {
  const items = groups.map((g) => {
    const defs = g.channels.map((c) => {
      const item: El[] = [
        { tag: 0x003a0210, vr: 'DS', value: String(c.sensitivity) },
        { tag: 0x003a0212, vr: 'DS', value: String(c.correction ?? 1) },
        { tag: 0x003a0213, vr: 'DS', value: String(c.baseline ?? 0) },
      ];
      if (c.code !== undefined || c.meaning !== undefined) {
        const src: El[] = [];
        if (c.code !== undefined) src.push({ tag: 0x00080100, vr: 'SH', value: c.code });
        src.push({ tag: 0x00080102, vr: 'SH', value: c.scheme ?? 'SCPECG' });
        if (c.meaning !== undefined) src.push({ tag: 0x00080104, vr: 'LO', value: c.meaning });
        item.push({ tag: 0x003a0208, vr: 'SQ', value: [src] });
      }
      if (c.label !== undefined) item.push({ tag: 0x003a0203, vr: 'SH', value: c.label });
      if (c.unit !== undefined) item.push({ tag: 0x003a0211, vr: 'SQ', value: [[{ tag: 0x00080100, vr: 'SH', value: c.unit }]] });
      if (g.bitsStored !== undefined) item.push({ tag: 0x003a021a, vr: 'US', value: g.bitsStored });
      return item.sort((a, b) => a.tag - b.tag);
    });
    const group: El[] = [
      { tag: 0x003a0005, vr: 'US', value: g.channels.length },
      { tag: 0x003a0010, vr: 'UL', value: g.samples },
      { tag: 0x003a001a, vr: 'DS', value: String(g.rate) },
      { tag: 0x003a0200, vr: 'SQ', value: defs },
      { tag: 0x54001004, vr: 'US', value: g.bits },
      { tag: 0x54001006, vr: 'CS', value: g.interpretation },
      { tag: 0x54001010, vr: g.bits === 8 ? 'OB' : 'OW', value: g.data },
    ];
    if (g.label !== undefined) group.push({ tag: 0x003a0020, vr: 'SH', value: g.label });
    if (g.padding !== undefined) group.push({ tag: 0x5400100a, vr: 'OW', value: int16Data([[g.padding]], true) });
    return group.sort((a, b) => a.tag - b.tag);
  });
  return [
    { tag: 0x00080016, vr: 'UI', value: sopClass },
    { tag: 0x00080060, vr: 'CS', value: 'ECG' },
    { tag: 0x54000100, vr: 'SQ', value: items },
  ];
}

/** Interleaves int16 channel data (C1S1, C2S1, ...) in the given byte order. */
export function int16Data(channels: number[][], littleEndian: boolean): Uint8Array {
  const n = channels[0]?.length ?? 0;
  const out = new Uint8Array(n * channels.length * 2);
  const view = new DataView(out.buffer);
  let k = 0;
  for (let s = 0; s < n; s += 1) for (const ch of channels) view.setInt16(2 * k++, ch[s] as number, littleEndian);
  return out;
}
