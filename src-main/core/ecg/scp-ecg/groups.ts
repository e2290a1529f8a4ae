/** Builds the rhythm (section 6) and reference-beat (section 5) groups of an SCP-ECG record. */
import { CoreError } from '../../errors';
import { leadNameFromCode } from '../lead-names';
import type { Lead, WaveformGroup } from '../record';
import type { HuffmanTable } from './huffman';
import type { ScpSection } from './layout';
import {
  addReferenceBeat,
  decodeStream,
  parseEncodedSection,
  parseLeadSection,
  parseRefBeatSection,
  type EncodedSection,
  type LeadSection,
  type RefBeatSection,
} from './signal';

/** Sample rate from a sample interval in microseconds; 1667 us is 600 Hz written to the nearest us. */
function rateFromInterval(us: number, warn: Set<string>): number {
  if (us === 0) throw new CoreError('CORRUPT', 'The SCP-ECG file states a sample interval of zero.');
  const exact = 1_000_000 / us;
  const rounded = Math.round(exact);
  if (rounded !== exact && Math.abs(rounded - exact) / exact < 0.001) {
    warn.add(`Sample interval ${us} us read as ${rounded} Hz (the interval is stored in whole microseconds).`);
    return rounded;
  }
  return exact;
}

function leadName(code: number): string {
  return leadNameFromCode(code) ?? `Lead code ${code}`;
}

function decodeLeads(enc: EncodedSection, tables: HuffmanTable[] | undefined, counts: number[]): Float32Array[] {
  const scale = enc.amplitudeNv / 1000;
  return enc.streams.map((stream, k) => {
    const raw = decodeStream(stream, tables, counts[k] ?? 0, enc.difference);
    const out = new Float32Array(raw.length);
    for (let i = 0; i < raw.length; i += 1) out[i] = (raw[i] ?? 0) * scale;
    return out;
  });
}

interface Parts {
  s2?: HuffmanTable[];
  s3: LeadSection;
  s4?: RefBeatSection;
  s5?: EncodedSection;
}

function referenceBeat(parts: Parts, warn: Set<string>): { samples: Float32Array[]; rate: number } | undefined {
  const { s4, s5 } = parts;
  if (s5 === undefined) return undefined;
  if (s4 === undefined) {
    warn.add('The reference beat was skipped: its length (section 4) is missing.');
    return undefined;
  }
  const rate = rateFromInterval(s5.intervalUs, warn);
  const count = Math.round((s4.lengthMs * rate) / 1000);
  return { samples: decodeLeads(s5, parts.s2, parts.s3.leads.map(() => count)), rate };
}

/** Decodes sections 3-6 into groups: rhythm first, then the reference (median) beat. */
export function scpGroups(sections: Map<number, ScpSection>, tables: HuffmanTable[] | undefined, warn: Set<string>): WaveformGroup[] {
  const sec3 = sections.get(3);
  const sec6 = sections.get(6);
  if (sec3 === undefined || sec6 === undefined) {
    throw new CoreError('NO_WAVEFORM', 'The SCP-ECG file holds no rhythm data (sections 3 and 6).');
  }
  const s3 = parseLeadSection(sec3.data);
  const n = s3.leads.length;
  const parts: Parts = {
    s3,
    ...(tables !== undefined ? { s2: tables } : {}),
    ...(sections.has(4) ? { s4: parseRefBeatSection(sections.get(4)?.data ?? new Uint8Array()) } : {}),
    ...(sections.has(5) ? { s5: parseEncodedSection(sections.get(5)?.data ?? new Uint8Array(), n, 'reference beat') } : {}),
  };
  const s6 = parseEncodedSection(sec6.data, n, 'rhythm');
  if (s6.bimodal) {
    throw new CoreError('UNSUPPORTED_ENCODING', 'The SCP-ECG rhythm data uses bimodal compression (decimated outside the QRS), which this viewer does not reconstruct.');
  }
  if (new Set(s3.leads.map((l) => l.start)).size > 1) warn.add('SCP-ECG leads start at different sample numbers; they are shown from their own start.');
  const ref = referenceBeat(parts, warn);
  const rate = rateFromInterval(s6.intervalUs, warn);
  // Sample numbers are 1-based; some writers start at 0, which counts the same samples.
  const declared = s3.leads.map((l) => l.end - Math.max(l.start, 1) + 1);
  const rhythm = decodeLeads(s6, tables, declared);
  const stored = Math.min(...rhythm.map((r) => r.length));
  const expected = Math.max(...declared);
  if (stored < expected) {
    warn.add(`The SCP-ECG rhythm data stores ${stored} of the ${expected} samples per lead its lead table declares; the stored samples are shown.`);
  }
  if (s3.refBeatSubtracted) {
    if (ref === undefined || parts.s4 === undefined || parts.s5 === undefined) {
      throw new CoreError('CORRUPT', 'The SCP-ECG rhythm data needs its reference beat (sections 4 and 5), which is missing.');
    }
    if (parts.s5.intervalUs !== s6.intervalUs) {
      throw new CoreError('UNSUPPORTED_ENCODING', 'The SCP-ECG rhythm data is decimated relative to its reference beat, which this viewer does not reconstruct.');
    }
    rhythm.forEach((lead, k) => addReferenceBeat(lead, ref.samples[k] ?? new Float32Array(), parts.s4 as RefBeatSection));
  }
  const toLeads = (arrays: Float32Array[]): Lead[] =>
    arrays.map((samples, k) => ({ name: leadName(s3.leads[k]?.code ?? 0), samples, derived: false }));
  const groups: WaveformGroup[] = [{ kind: 'rhythm', label: 'rhythm (section 6)', sampleRateHz: rate, leads: toLeads(rhythm) }];
  if (ref !== undefined && ref.samples.some((s) => s.length > 0)) {
    groups.push({ kind: 'median', label: 'reference beat (section 5)', sampleRateHz: ref.rate, leads: toLeads(ref.samples) });
  }
  return groups;
}
