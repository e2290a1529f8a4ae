/**
 * SCP-ECG (EN 1064 / ISO 11073-91064) reader, protocol versions 1.x to 3.x: record and section CRCs,
 * section 1 header tags, Huffman tables, lead definitions, rhythm and reference-beat data with
 * difference decoding and reference-beat subtraction, global measurements and statements.
 */

import type { FormatReader, ReaderInput } from '../format-reader';
import type { EcgRecord } from '../record';
import { scpGroups } from './groups';
import { isHealforce, readHealforce } from './healforce';
import { parseHuffmanTables } from './huffman';
import { parseMeasurements, parseStatements } from './interpretation';
import { parseLayout } from './layout';
import { parseHeader } from './section1';

function read(input: ReaderInput): EcgRecord {
  if (isHealforce(input.bytes)) return readHealforce(input.bytes);
  const layout = parseLayout(input.bytes);
  const warnings = new Set<string>(layout.warnings);
  const { sections } = layout;
  const s2 = sections.get(2);
  const tables = s2 === undefined ? undefined : parseHuffmanTables(s2.data);
  const groups = scpGroups(sections, tables, warnings);
  const header = sections.has(1) ? parseHeader(sections.get(1)?.data ?? new Uint8Array()) : { fields: [], filters: {} };
  const s7 = sections.get(7);
  const statements = [
    ...parseStatementsOf(sections.get(8)?.data, false),
    ...parseStatementsOf(sections.get(11)?.data, true),
  ];
  const protocol = sections.get(0)?.protocolVersion ?? 0;
  return {
    format: 'scp-ecg',
    formatVersion: protocol > 0 ? `SCP-ECG ${Math.floor(protocol / 10)}.${protocol % 10}` : 'SCP-ECG',
    ...(header.acquisitionTime !== undefined ? { acquisitionTime: header.acquisitionTime } : {}),
    fields: header.fields,
    measurements: s7 === undefined ? {} : parseMeasurements(s7.data, s7.protocolVersion),
    statements,
    filters: header.filters,
    groups,
    warnings: [...warnings],
  };
}

function parseStatementsOf(data: Uint8Array | undefined, typed: boolean): string[] {
  return data === undefined ? [] : parseStatements(data, typed);
}

const TAG = [0x53, 0x43, 0x50, 0x45, 0x43, 0x47]; // "SCPECG" in section headers of v2+ files

/** SCP-ECG: section 0 (id 0) right after the 6-byte record header, with its "SCPECG" tag or a matching length. */
function sniff(input: ReaderInput): boolean {
  const b = input.bytes;
  if (b.length < 22 || b[8] !== 0 || b[9] !== 0) return false;
  const tagged = TAG.every((c, i) => b[16 + i] === c);
  const declared = ((b[2] ?? 0) | ((b[3] ?? 0) << 8) | ((b[4] ?? 0) << 16) | ((b[5] ?? 0) << 24)) >>> 0;
  return tagged || declared === b.length || isHealforce(b);
}

/** The SCP-ECG format reader. */
export const scpEcgReader: FormatReader = { format: 'scp-ecg', sniff, read };

