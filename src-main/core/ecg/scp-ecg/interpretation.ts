/** SCP-ECG section 7 (global measurements) and sections 8 / 11 (interpretive statements). */
import type { DeviceMeasurements } from '../record';
import { decodeWindows1252 } from '../xml-common/windows-1252';

const UNDEFINED = 29999;
const FORMULAS = ['', 'Bazett', 'Hodges', 'Fridericia', 'Framingham'];

function u16(d: Uint8Array, off: number): number | undefined {
  if (off + 2 > d.length) return undefined;
  return (d[off] ?? 0) | ((d[off + 1] ?? 0) << 8);
}

function i16(d: Uint8Array, off: number): number | undefined {
  const v = u16(d, off);
  return v === undefined ? undefined : (v << 16) >> 16;
}

const valid = (v: number | undefined): v is number => v !== undefined && v !== UNDEFINED && v !== 0xffff;

/**
 * Section 7: per reference-beat-type blocks of P on/off, QRS on/off, T off (ms) and P/QRS/T axes; the
 * first block is the dominant beat. v2 files add ventricular rate, atrial rate, QTc and its formula
 * after the pacemaker and QRS-type lists.
 */
export function parseMeasurements(d: Uint8Array, protocolVersion = 20): DeviceMeasurements {
  const out: DeviceMeasurements = {};
  const blocks = d[0] ?? 0;
  const spikes = d[1] ?? 0;
  const rr = u16(d, 2);
  if (blocks >= 1) {
    const b = 6;
    const pOn = u16(d, b);
    const qrsOn = u16(d, b + 4);
    const qrsOff = u16(d, b + 6);
    const tOff = u16(d, b + 8);
    if (valid(pOn) && valid(qrsOn) && qrsOn > pOn) out.prMs = qrsOn - pOn;
    if (valid(qrsOn) && valid(qrsOff) && qrsOff > qrsOn) out.qrsMs = qrsOff - qrsOn;
    if (valid(qrsOn) && valid(tOff) && tOff > qrsOn) out.qtMs = tOff - qrsOn;
    const axis = (off: number): number | undefined => {
      const v = i16(d, b + off);
      return v !== undefined && Math.abs(v) <= 360 ? v : undefined;
    };
    const [pAx, qrsAx, tAx] = [axis(10), axis(12), axis(14)];
    if (pAx !== undefined) out.pAxisDeg = pAx;
    if (qrsAx !== undefined) out.qrsAxisDeg = qrsAx;
    if (tAx !== undefined) out.tAxisDeg = tAx;
  }
  if (valid(rr) && rr > 0) out.heartRateBpm = Math.round(60000 / rr);
  // Skip the pacemaker spike lists (4 + 6 bytes each) and the QRS type list to reach the v2 additions.
  let off = 6 + blocks * 16 + spikes * 10;
  // Version 1.x sections end before these fields; reading on would take other bytes for a rate.
  const qrsCount = protocolVersion >= 20 ? u16(d, off) : undefined;
  if (qrsCount !== undefined) {
    off += 2 + qrsCount;
    const vent = u16(d, off);
    const qtc = u16(d, off + 4);
    const formula = d[off + 6];
    if (valid(vent) && vent > 0) out.heartRateBpm = vent;
    if (valid(qtc) && qtc > 0) {
      out.qtcMs = qtc;
      const name = FORMULAS[formula ?? 0];
      if (name !== undefined && name !== '') out.qtcFormula = name;
    }
  }
  return out;
}


function cleanText(b: Uint8Array): string {
  const nul = b.indexOf(0);
  return decodeWindows1252(nul >= 0 ? b.subarray(0, nul) : b).replace(/[\r\n\t]+/g, ' ').trim();
}

/**
 * Sections 8 and 11 share a header (confirmed flag, date, time, statement count) followed by statements:
 * sequence number, 2-byte length, then text (section 8) or a type byte and text (section 11, type 2 =
 * full text; coded statements are kept as their text where printable).
 */
export function parseStatements(d: Uint8Array, typed: boolean): string[] {
  const out: string[] = [];
  const count = d[8] ?? 0;
  let off = 9;
  for (let k = 0; k < count && off + 3 <= d.length; k += 1) {
    const len = (d[off + 1] ?? 0) | ((d[off + 2] ?? 0) << 8);
    const body = d.subarray(off + 3, Math.min(d.length, off + 3 + len));
    off += 3 + len;
    const textBytes = typed ? body.subarray(1) : body;
    const s = cleanText(textBytes);
    if (s !== '' && /^[\x20-\x7e\u00a0-\u00ff]+$/.test(s)) out.push(s);
  }
  return out;
}
