/**
 * HL7 aECG (annotated ECG, urn:hl7-org:v3) reader. Series become waveform groups: RHYTHM series are
 * rhythm groups, REPRESENTATIVE_BEAT series (usually a derivation/derivedSeries) median groups; other
 * derived series are kept as separate groups with their leads flagged as computed.
 */
import { CoreError } from '../../errors';
import type { FormatReader, ReaderInput } from '../format-reader';
import type { EcgRecord, WaveformGroup } from '../record';
import { decodeXmlBytes, headText, rootElementName } from '../xml-common/decode-text';
import { attr, kid, kids, parseXml, type XmlNode } from '../xml-common/xml-tree';
import { aecgAnnotations, aecgFields, aecgFilters, effectiveTime, tsToIso } from './meta';
import { decodeSequenceSet } from './sequences';

interface SeriesInfo {
  node: XmlNode;
  derived: boolean;
}

/** Top-level series and, nested under each, its derived series (any depth up to a small bound). */
function collectSeries(root: XmlNode): SeriesInfo[] {
  const out: SeriesInfo[] = [];
  const addDerived = (series: XmlNode, depth: number): void => {
    if (depth > 4) return;
    for (const d of kids(series, 'derivation')) {
      for (const ds of kids(d, 'derivedSeries')) {
        out.push({ node: ds, derived: true });
        addDerived(ds, depth + 1);
      }
    }
  };
  for (const comp of kids(root, 'component')) {
    for (const series of kids(comp, 'series')) {
      out.push({ node: series, derived: false });
      addDerived(series, 0);
    }
  }
  return out;
}

function seriesGroups(info: SeriesInfo, warn: Set<string>): WaveformGroup[] {
  const code = attr(kid(info.node, 'code'), 'code') ?? '';
  const beat = /REPRESENTATIVE_BEAT|MEDIAN/i.test(code);
  // Representative beats are the median group (as for every other format). Any other derived series
  // (e.g. a filtered copy of the rhythm) stays a separate group after the recorded one, its leads
  // flagged as computed so it never passes for the recording.
  const computed = info.derived && !beat;
  const kind = beat ? 'median' : 'rhythm';
  if (computed) warn.add(`A derived aECG series (${code.slice(0, 30) || 'no code'}) is shown apart as a computed group.`);
  const groups: WaveformGroup[] = [];
  for (const comp of kids(info.node, 'component')) {
    for (const set of kids(comp, 'sequenceSet')) {
      const decoded = decodeSequenceSet(set, computed, warn);
      if (decoded === undefined) continue;
      const label = computed ? `derived ${code || 'series'}` : code || kind;
      groups.push({ kind, label, sampleRateHz: decoded.sampleRateHz, leads: decoded.leads });
    }
  }
  return groups;
}

function read(input: ReaderInput): EcgRecord {
  const decoded = decodeXmlBytes(input.bytes);
  const root = kid(parseXml(decoded.text, 'HL7 aECG', 'AnnotatedECG'), 'AnnotatedECG');
  if (root === undefined) throw new CoreError('NOT_AN_ECG', 'The file is XML but not an HL7 annotated ECG.');
  const warnings = new Set<string>();
  if (decoded.warning !== undefined) warnings.add(decoded.warning);
  const series = collectSeries(root);
  const groups = series.flatMap((s) => seriesGroups(s, warnings));
  // Recorded rhythm first, then representative beats and other computed groups.
  groups.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'rhythm' ? -1 : 1));
  if (groups.length === 0) throw new CoreError('NO_WAVEFORM', 'The aECG file holds no waveform sequences.');
  // Global measurements sit on the representative-beat series in most devices: search those first.
  const annotationSets = [...series.filter((s) => s.derived), ...series.filter((s) => !s.derived)].flatMap((s) =>
    kids(s.node, 'subjectOf').flatMap((so) => kids(so, 'annotationSet')),
  );
  const { measurements, statements } = aecgAnnotations(annotationSets);
  const firstRhythm = series.find((s) => !s.derived)?.node;
  const seriesStart = tsToIso(attr(kid(kid(firstRhythm, 'effectiveTime'), 'low'), 'value'));
  const acquisitionTime = effectiveTime(root) ?? seriesStart;
  return {
    format: 'hl7-aecg',
    formatVersion: 'HL7 v3 aECG',
    ...(acquisitionTime !== undefined ? { acquisitionTime } : {}),
    fields: aecgFields(root),
    measurements,
    statements,
    filters: firstRhythm === undefined ? {} : aecgFilters(firstRhythm),
    groups,
    warnings: [...warnings],
  };
}

/** HL7 aECG: sniffed by its AnnotatedECG root element. */
export const hl7AecgReader: FormatReader = {
  format: 'hl7-aecg',
  sniff: (input) => rootElementName(headText(input.bytes)) === 'AnnotatedECG',
  read,
};
