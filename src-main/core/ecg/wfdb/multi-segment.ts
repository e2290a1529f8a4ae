/**
 * Multi-segment WFDB records (e.g. MIMIC waveform records): a master header lists segment records, each
 * with its own header and signal files, and "~" gaps. Segments are joined end to end per signal name;
 * gaps and signals absent from a segment read as 0 uV, with a warning. Nested multi-segment records and
 * segments at another rate are refused.
 */
import { CoreError } from '../../errors';
import { checkSampleBudget } from '../limits';
import type { WaveformGroup } from '../record';
import { decodeSignals, signalWarnings } from './decode';
import { parseHeader, type WfdbHeader } from './header';
import type { DecodedSignal } from './signals';

type Sibling = ((name: string) => Uint8Array | undefined) | undefined;

function segmentHeader(name: string, readSibling: Sibling): WfdbHeader {
  const bytes = readSibling?.(`${name}.hea`);
  if (bytes === undefined) {
    throw new CoreError('FILE_NOT_FOUND', `The segment header ${name}.hea named by the multi-segment record is missing; keep it next to the master header.`);
  }
  const header = parseHeader(new TextDecoder('latin1').decode(bytes.subarray(0, 1 << 20)));
  if (header.segments !== undefined) throw new CoreError('CORRUPT', `Segment ${name} is itself a multi-segment record: the record is damaged.`);
  return header;
}

export function readMultiSegment(master: WfdbHeader, readSibling: Sibling, warnings: string[]): WaveformGroup[] {
  const segments = master.segmentList ?? [];
  const total = segments.reduce((n, s) => n + s.samples, 0);
  checkSampleBudget(Math.max(1, master.signalCount), total, 'The multi-segment WFDB record');
  const leads = new Map<string, Float32Array>();
  const all: DecodedSignal[] = [];
  let offset = 0;
  let gap = 0;
  let joined = 0;
  for (const seg of segments) {
    if (seg.name === '~' || seg.samples === 0) {
      // "~" is a gap; a zero-length segment is the layout header of a variable-layout record.
      if (seg.name === '~') gap += seg.samples;
      offset += seg.samples;
      continue;
    }
    const header = segmentHeader(seg.name, readSibling);
    if (header.frameRateHz !== master.frameRateHz) {
      throw new CoreError('UNSUPPORTED_FORMAT', `Segment ${seg.name} is sampled at ${header.frameRateHz} Hz, not the record's ${master.frameRateHz} Hz.`);
    }
    const decoded = decodeSignals({ ...header, samplesPerSignal: header.samplesPerSignal ?? seg.samples }, readSibling, warnings);
    all.push(...decoded);
    for (const d of decoded) {
      if (d.samples === undefined) continue;
      if (d.spec.samplesPerFrame !== 1) throw new CoreError('UNSUPPORTED_FORMAT', 'Multi-frequency signals inside a multi-segment record are not supported.');
      let target = leads.get(d.name);
      if (target === undefined) {
        checkSampleBudget(leads.size + 1, total, 'The multi-segment WFDB record');
        target = new Float32Array(total);
        leads.set(d.name, target);
      }
      const n = Math.max(0, Math.min(seg.samples, d.samples.length, total - offset));
      target.set(d.samples.subarray(0, n), offset);
    }
    offset += seg.samples;
    joined += 1;
  }
  signalWarnings(all, warnings);
  warnings.push(`Multi-segment record: ${joined} segment(s) joined end to end`);
  if (gap > 0) warnings.push(`${(gap / master.frameRateHz).toFixed(1)} s of the record are gaps between segments, shown as 0 uV`);
  if (leads.size === 0) return [];
  return [{ kind: 'rhythm', sampleRateHz: master.frameRateHz, leads: [...leads].map(([name, samples]) => ({ name, samples, derived: false })) }];
}
