/**
 * Test fixtures for the PACS suites: copies of the committed DICOM ECGs with new patients, dates and UIDs
 * (top-level text elements rewritten in place; the waveform bytes untouched), and one non-ECG instance
 * (a tiny Secondary Capture image) that a retrieve must leave on the PACS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dicomParser } from '../../src-main/core/ecg/dicom/parser-module';
import { part10File } from '../../src-main/core/pacs/part10';
import { dicomFile, type El } from '../unit/core/ecg/dicom/build-dicom';

export const DICOM_FIXTURES = join(__dirname, '../fixtures/ecg/dicom');
export const TWELVE_LEAD = join(DICOM_FIXTURES, 'pydicom_waveform_ecg.dcm');
export const HEMODYNAMIC = join(DICOM_FIXTURES, 'gemarquette_hemodynamic_test_ecg.dcm');

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

export interface Identity {
  patientId: string;
  patientName: string;
  /** YYYYMMDD */
  studyDate: string;
  accession: string;
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
  studyDescription?: string;
  /** YYYYMMDDHHMMSS: when given, the acquisition, content and study date-times all say it (as a device writes them). */
  acquisitionDateTime?: string;
}

function encodeText(tag: number, vr: string, value: string): Buffer {
  let body = Buffer.from(value, 'latin1');
  if (body.length % 2 === 1) body = Buffer.concat([body, Buffer.from(vr === 'UI' ? '\0' : ' ', 'latin1')]);
  const head = Buffer.alloc(8);
  head.writeUInt16LE(tag >>> 16, 0);
  head.writeUInt16LE(tag & 0xffff, 2);
  head.write(vr, 4, 'latin1');
  head.writeUInt16LE(body.length, 6);
  return Buffer.concat([head, body]);
}

/** Rewrites top-level text elements of an explicit-VR-little-endian Part 10 file (inserting absent ones). */
export function rewriteDicom(bytes: Uint8Array, changes: { tag: number; vr: string; value: string }[]): Buffer {
  const meta = dicomParser.readPart10Header(bytes) as ReturnType<typeof dicomParser.readPart10Header> & { position?: number };
  const ts = (meta.string('x00020010') ?? '').replace(/\0/g, '').trim();
  if (ts !== '1.2.840.10008.1.2.1') throw new Error(`rewriteDicom handles explicit VR little endian only, not ${ts}`);
  const start = meta.position ?? 0;
  const ds = dicomParser.parseDicom(bytes);
  const top = Object.entries(ds.elements)
    .map(([key, el]) => ({ tag: parseInt(key.slice(1), 16), el }))
    .filter((e) => e.tag >>> 16 !== 0x0002)
    .sort((a, b) => a.tag - b.tag)
    .map(({ tag, el }) => ({ tag, begin: el.dataOffset - (LONG_VRS.has(el.vr ?? '') ? 12 : 8), end: el.dataOffset + el.length }));
  const edits = changes
    .map((c) => {
      const hit = top.find((e) => e.tag === c.tag);
      if (hit) return { begin: hit.begin, end: hit.end, bytes: encodeText(c.tag, c.vr, c.value) };
      const after = top.find((e) => e.tag > c.tag);
      const at = after ? after.begin : bytes.length;
      return { begin: at, end: at, bytes: encodeText(c.tag, c.vr, c.value) };
    })
    .sort((a, b) => a.begin - b.begin);
  const parts: Buffer[] = [];
  let cursor = start;
  for (const e of edits) {
    parts.push(Buffer.from(bytes.subarray(cursor, e.begin)), e.bytes);
    cursor = e.end;
  }
  parts.push(Buffer.from(bytes.subarray(cursor)));
  const sopClassUid = (ds.string('x00080016') ?? '').replace(/\0/g, '').trim();
  const sop = changes.find((c) => c.tag === 0x00080018)?.value ?? (ds.string('x00080018') ?? '').trim();
  return part10File({ sopClassUid, sopInstanceUid: sop, transferSyntaxUid: ts }, Buffer.concat(parts));
}

/** A committed ECG fixture as a new instance of the given patient and study. */
export function ecgInstance(source: string, id: Identity): Buffer {
  const changes = [
    { tag: 0x00080018, vr: 'UI', value: id.sopInstanceUid },
    { tag: 0x00080020, vr: 'DA', value: id.studyDate },
    { tag: 0x00080050, vr: 'SH', value: id.accession },
    { tag: 0x00100010, vr: 'PN', value: id.patientName },
    { tag: 0x00100020, vr: 'LO', value: id.patientId },
    { tag: 0x0020000d, vr: 'UI', value: id.studyUid },
    { tag: 0x0020000e, vr: 'UI', value: id.seriesUid },
  ];
  if (id.studyDescription !== undefined) changes.push({ tag: 0x00081030, vr: 'LO', value: id.studyDescription });
  const at = id.acquisitionDateTime;
  if (at !== undefined) {
    changes.push(
      { tag: 0x0008002a, vr: 'DT', value: at },
      { tag: 0x00080023, vr: 'DA', value: at.slice(0, 8) },
      { tag: 0x00080030, vr: 'TM', value: at.slice(8) },
      { tag: 0x00080033, vr: 'TM', value: at.slice(8) },
    );
  }
  return rewriteDicom(readFileSync(source), changes);
}

/** A tiny Secondary Capture image (not a waveform) of the given patient and study. */
export function nonEcgInstance(id: Identity): Buffer {
  const els: El[] = [
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.7' },
    { tag: 0x00080018, vr: 'UI', value: id.sopInstanceUid },
    { tag: 0x00080020, vr: 'DA', value: id.studyDate },
    { tag: 0x00080030, vr: 'TM', value: id.acquisitionDateTime?.slice(8) ?? '' },
    { tag: 0x00080050, vr: 'SH', value: id.accession },
    { tag: 0x00080060, vr: 'CS', value: 'OT' },
    { tag: 0x00080064, vr: 'CS', value: 'WSD' },
    { tag: 0x00081030, vr: 'LO', value: id.studyDescription ?? '' },
    { tag: 0x00100010, vr: 'PN', value: id.patientName },
    { tag: 0x00100020, vr: 'LO', value: id.patientId },
    { tag: 0x0020000d, vr: 'UI', value: id.studyUid },
    { tag: 0x0020000e, vr: 'UI', value: id.seriesUid },
    { tag: 0x00280002, vr: 'US', value: 1 },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: 4 },
    { tag: 0x00280011, vr: 'US', value: 4 },
    { tag: 0x00280100, vr: 'US', value: 8 },
    { tag: 0x00280101, vr: 'US', value: 8 },
    { tag: 0x00280102, vr: 'US', value: 7 },
    { tag: 0x00280103, vr: 'US', value: 0 },
    { tag: 0x7fe00010, vr: 'OB', value: new Uint8Array(16).fill(128) },
  ];
  const file = dicomFile(els, 'explicit-le');
  // dicomFile writes a minimal meta header; give it the SOP identity as a real file would have.
  const meta = dicomParser.readPart10Header(file) as ReturnType<typeof dicomParser.readPart10Header> & { position?: number };
  return part10File(
    { sopClassUid: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUid: id.sopInstanceUid, transferSyntaxUid: '1.2.840.10008.1.2.1' },
    file.subarray(meta.position ?? 0),
  );
}
