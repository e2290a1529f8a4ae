/**
 * Parsing the data set with dicom-parser, normalising the layouts it does not take directly (meta header
 * without preamble, raw data sets), bounding deflate expansion, and mapping its errors to CoreError codes.
 */
import { inflateRawSync } from 'node:zlib';
import type { DataSet } from 'dicom-parser';
import { CoreError } from '../../errors';
import { dicomParser } from './parser-module';
import { dicomLayout } from './sniff';
import { TAG, TS_DEFLATED_LE, TS_EXPLICIT_BE, TS_EXPLICIT_LE, TS_IMPLICIT_LE } from './tags';

/** Deflated data sets are inflated to at most this many bytes (a zip bomb stops here). */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/** A dicom-parser failure (thrown while parsing, or later by an accessor) as a coded error. */
export function mapError(error: unknown): CoreError {
  if (error instanceof CoreError) return error;
  // dicom-parser throws strings, Errors, or { exception, dataSet } objects.
  const inner = typeof error === 'object' && error !== null && 'exception' in error ? (error as { exception: unknown }).exception : error;
  const text = typeof inner === 'string' ? inner : inner instanceof Error ? inner.message : '';
  if (/past end|beyond|end of buffer|buffer overr(?:ead|un)|truncat|exceeds|Offset is outside/i.test(text) || error instanceof RangeError) {
    return new CoreError('TRUNCATED', 'The DICOM file ends before its declared content: it is truncated or damaged.', error);
  }
  return new CoreError('CORRUPT', 'The DICOM file is damaged: its data elements cannot be parsed.', error);
}

export interface ParsedDicom {
  dataSet: DataSet;
  littleEndian: boolean;
  transferSyntax: string;
}

function withPreamble(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 132);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(bytes, 132);
  return out;
}

function inflate(deflated: Uint8Array): Uint8Array {
  try {
    return new Uint8Array(inflateRawSync(deflated, { maxOutputLength: MAX_INFLATED_BYTES }));
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new CoreError('FILE_TOO_LARGE', 'The compressed DICOM data set expands beyond what this viewer reads.', error);
    }
    throw new CoreError('CORRUPT', 'The compressed (deflated) DICOM data set is damaged.', error);
  }
}

/** Sequence nesting checked (waveform objects nest three or four levels). */
const MAX_ITEM_DEPTH = 16;

/**
 * dicom-parser stops quietly when an element runs past the end, and inside sequence items it only fails later,
 * when the value is read: every element at every depth is checked here. A length beyond the whole file (such as
 * 0xFFFFFFF0) is a damaged length, not a short file (CORRUPT); one that merely ends past the last byte is
 * TRUNCATED.
 */
function checkComplete(dataSet: DataSet, depth = 0): void {
  const total = dataSet.byteArray.length;
  for (const element of Object.values(dataSet.elements)) {
    if (element.length > total) {
      throw new CoreError('CORRUPT', `A DICOM data element declares a length of ${element.length} bytes, more than the whole file: it is damaged.`);
    }
    if (element.dataOffset + element.length > total) {
      throw new CoreError('TRUNCATED', 'The DICOM file ends before its declared content: it is truncated or damaged.');
    }
    if (depth < MAX_ITEM_DEPTH) for (const item of element.items ?? []) if (item.dataSet) checkComplete(item.dataSet, depth + 1);
  }
}

export function parseDataSet(input: Uint8Array): ParsedDicom {
  const layout = dicomLayout(input);
  if (layout === undefined) throw new CoreError('NOT_AN_ECG', 'This is not a DICOM file.');
  try {
    if (layout === 'raw-implicit' || layout === 'raw-explicit') {
      const ts = layout === 'raw-implicit' ? TS_IMPLICIT_LE : TS_EXPLICIT_LE;
      const dataSet = dicomParser.parseDicom(input, { TransferSyntaxUID: ts });
      checkComplete(dataSet);
      return { dataSet, littleEndian: true, transferSyntax: ts };
    }
    const bytes = layout === 'meta-no-preamble' ? withPreamble(input) : input;
    const meta = dicomParser.readPart10Header(bytes);
    const ts = (meta.string(TAG.transferSyntax) ?? '').replace(/\0/g, '').trim();
    if (ts === '') throw new CoreError('CORRUPT', 'The DICOM file has no transfer syntax in its header: it is damaged.');
    const known = [TS_IMPLICIT_LE, TS_EXPLICIT_LE, TS_EXPLICIT_BE, TS_DEFLATED_LE];
    if (!known.includes(ts)) {
      throw new CoreError('UNSUPPORTED_ENCODING', `The DICOM file uses transfer syntax ${ts}, which waveform objects do not use and this viewer does not read.`);
    }
    const options: Parameters<typeof dicomParser.parseDicom>[1] = {};
    if (ts === TS_DEFLATED_LE) {
      const start = (meta as DataSet & { position?: number }).position ?? 0;
      const inflated = inflate(bytes.subarray(start));
      // dicom-parser parses the inflater's buffer from offset 0: hand it the inflated data set alone.
      options.inflater = (() => inflated) as unknown as (arr: Uint8Array, position: number) => void;
    }
    const dataSet = dicomParser.parseDicom(bytes, options);
    checkComplete(dataSet);
    return { dataSet, littleEndian: ts !== TS_EXPLICIT_BE, transferSyntax: ts };
  } catch (error) {
    throw mapError(error);
  }
}
