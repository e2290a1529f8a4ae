import { CoreError } from '../errors';
import { dicomParser } from '../ecg/dicom/parser-module';

/**
 * DICOM Part 10 framing for instances received over DIMSE: C-STORE carries the bare data set in the
 * negotiated transfer syntax, so the file gets the 128-byte preamble, "DICM" and a file meta group written
 * here (explicit VR little endian, PS3.10 7.1). The data set bytes are kept exactly as the PACS sent them.
 */

/** Our implementation class UID (a UUID-derived 2.25 root) and version name, written into every file meta. */
export const IMPLEMENTATION_CLASS_UID = '2.25.231908716350872453137254316744812406713';
export const IMPLEMENTATION_VERSION = 'ECHOINGECG_01';

function element(group: number, el: number, vr: string, value: Buffer): Buffer {
  const longForm = vr === 'OB' || vr === 'OW' || vr === 'UN' || vr === 'SQ' || vr === 'UT';
  const head = Buffer.alloc(longForm ? 12 : 8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(el, 2);
  head.write(vr, 4, 'latin1');
  if (longForm) head.writeUInt32LE(value.length, 8);
  else head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}

/** UI values pad with NUL, text with a space, to an even length. */
function text(value: string, pad: '\0' | ' '): Buffer {
  const b = Buffer.from(value, 'latin1');
  return b.length % 2 === 0 ? b : Buffer.concat([b, Buffer.from(pad, 'latin1')]);
}

export interface Part10Meta {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** The AE title that sent the instance (0002,0016). */
  sourceAe?: string;
}

/** A complete Part 10 file from a bare data set. */
export function part10File(meta: Part10Meta, dataSet: Uint8Array): Buffer {
  const items = [
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', text(meta.sopClassUid, '\0')),
    element(0x0002, 0x0003, 'UI', text(meta.sopInstanceUid, '\0')),
    element(0x0002, 0x0010, 'UI', text(meta.transferSyntaxUid, '\0')),
    element(0x0002, 0x0012, 'UI', text(IMPLEMENTATION_CLASS_UID, '\0')),
    element(0x0002, 0x0013, 'SH', text(IMPLEMENTATION_VERSION, ' ')),
  ];
  if (meta.sourceAe) items.push(element(0x0002, 0x0016, 'AE', text(meta.sourceAe.trim(), ' ')));
  const body = Buffer.concat(items);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length, 0);
  const groupLength = element(0x0002, 0x0000, 'UL', length);
  const preamble = Buffer.alloc(132);
  preamble.write('DICM', 128, 'latin1');
  return Buffer.concat([preamble, groupLength, body, dataSet]);
}

/** SOP class and instance UIDs of a Part 10 file (its meta header), for checking what a PACS sent. */
export function part10Identity(bytes: Uint8Array): { sopClassUid: string; sopInstanceUid: string } {
  try {
    const meta = dicomParser.readPart10Header(bytes);
    const clean = (tag: string) => (meta.string(tag) ?? '').replace(/\0/g, '').trim();
    const sopClassUid = clean('x00020002');
    const sopInstanceUid = clean('x00020003');
    if (sopInstanceUid === '') throw new Error('no SOP instance UID');
    return { sopClassUid, sopInstanceUid };
  } catch (error) {
    throw new CoreError('PACS_PROTOCOL_ERROR', 'The PACS sent an instance that is not a DICOM Part 10 file.', error);
  }
}
