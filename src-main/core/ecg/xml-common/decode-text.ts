/**
 * Turns XML file bytes into text. Vendors' XML often lies about its encoding (Philips writes UTF-8 bytes
 * behind an encoding="UTF-16" declaration; some files are UTF-16 without a BOM; MUSE declares ISO-8859-1),
 * so the bytes decide: BOM first, then the zero-byte pattern of UTF-16, and only then the declaration.
 */
import { CoreError } from '../../errors';
import { decodeWindows1252 } from './windows-1252';

/** Decoded XML text and how it was decoded. */
export interface DecodedText {
  text: string;
  /** The encoding actually used to decode. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** Set when the declaration disagreed with the bytes (no PHI). */
  warning?: string;
}

type Sniffed = { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; skip: number } | { encoding: 'ascii'; skip: number };

/** Encoding by bytes alone: BOM, or the zero-byte pattern of '<' in UTF-16 (with or without leading blanks). */
function sniffBytes(bytes: Uint8Array): Sniffed {
  const b0 = bytes[0] ?? -1;
  const b1 = bytes[1] ?? -1;
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', skip: 2 };
  // Without a BOM, UTF-16 text of ASCII markup has every other byte zero.
  let evenZeros = 0;
  let oddZeros = 0;
  const n = Math.min(bytes.length, 64) & ~1;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  const pairs = n / 2;
  if (pairs >= 2 && oddZeros >= pairs * 0.75 && evenZeros === 0) return { encoding: 'utf-16le', skip: 0 };
  if (pairs >= 2 && evenZeros >= pairs * 0.75 && oddZeros === 0) return { encoding: 'utf-16be', skip: 0 };
  return { encoding: 'ascii', skip: 0 };
}

/** The encoding named in an XML declaration, lower-cased, if any. */
export function declaredEncoding(head: string): string | undefined {
  const m = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1]?.toLowerCase();
}

const LATIN1_NAMES = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'windows-1252', 'cp1252', 'us-ascii', 'ascii']);

/** The first `maxBytes` bytes as text (for sniffers: cheap, never throws). */
export function headText(bytes: Uint8Array, maxBytes = 2048): string {
  try {
    const sniffed = sniffBytes(bytes);
    const slice = bytes.subarray(sniffed.skip, Math.min(bytes.length, sniffed.skip + maxBytes));
    return sniffed.encoding === 'ascii' ? decodeWindows1252(slice) : new TextDecoder(sniffed.encoding).decode(slice);
  } catch {
    return '';
  }
}

/**
 * Largest XML file read. Reading holds the bytes, their text and the decoded samples at once (about 3.5 times
 * the file, lift-text.ts keeps the parser itself small), so 128 MB keeps a file within 512 MB of memory; the
 * largest real ECG XML exports are a few MB.
 */
export const MAX_XML_BYTES = 128 * 1024 * 1024;

/** The refusal of an XML file over MAX_XML_BYTES (decoding, or the file reader from the file's head). */
export function xmlTooLarge(): CoreError {
  return new CoreError('FILE_TOO_LARGE', `The XML file is larger than ${MAX_XML_BYTES / 1048576} MB, the most this viewer reads as XML.`);
}

/**
 * Decodes a whole XML file; throws FILE_TOO_LARGE beyond MAX_XML_BYTES and UNSUPPORTED_ENCODING when the
 * declared encoding cannot be decoded.
 */
export function decodeXmlBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length > MAX_XML_BYTES) {
    throw xmlTooLarge();
  }
  const sniffed = sniffBytes(bytes);
  const body = bytes.subarray(sniffed.skip);
  if (sniffed.encoding !== 'ascii') {
    const text = new TextDecoder(sniffed.encoding).decode(body);
    const declared = declaredEncoding(text);
    const claimsOther = declared !== undefined && !declared.startsWith(sniffed.encoding.slice(0, 6));
    return {
      text,
      encoding: sniffed.encoding,
      ...(claimsOther ? { warning: `The file declares encoding ${declared} but its bytes are ${sniffed.encoding}; decoded by its bytes.` } : {}),
    };
  }
  const head = decodeWindows1252(body.subarray(0, 256));
  const declared = declaredEncoding(head);
  if (declared === undefined || declared === 'utf-8' || declared === 'utf8') {
    return { text: new TextDecoder('utf-8').decode(body), encoding: 'utf-8' };
  }
  if (declared.startsWith('utf-16') || declared === 'ucs-2' || declared === 'unicode') {
    // Single-byte text behind a UTF-16 declaration (seen in Philips exports): trust the bytes.
    return {
      text: new TextDecoder('utf-8').decode(body),
      encoding: 'utf-8',
      warning: `The file declares encoding ${declared} but its bytes are single-byte text; decoded as UTF-8.`,
    };
  }
  if (LATIN1_NAMES.has(declared)) return { text: decodeWindows1252(body), encoding: 'windows-1252' };
  throw new CoreError('UNSUPPORTED_ENCODING', `The file's text encoding (${declared.slice(0, 40)}) is not supported.`);
}

/** Name of the first element (namespace prefix removed), skipping declaration, comments and DOCTYPE. */
export function rootElementName(head: string): string | undefined {
  let rest = head;
  for (let guard = 0; guard < 50; guard += 1) {
    rest = rest.replace(/^[\s\uFEFF]+/, '');
    if (rest.startsWith('<?')) {
      const end = rest.indexOf('?>');
      if (end < 0) return undefined;
      rest = rest.slice(end + 2);
    } else if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0) return undefined;
      rest = rest.slice(end + 3);
    } else if (rest.startsWith('<!')) {
      // A DOCTYPE may carry an internal subset in brackets whose declarations contain '>'.
      const close = rest.indexOf('>');
      const open = rest.indexOf('[');
      const end = open >= 0 && open < close ? rest.indexOf('>', rest.indexOf(']', open)) : close;
      if (end < 0) return undefined;
      rest = rest.slice(end + 1);
    } else {
      const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(rest);
      return m?.[2];
    }
  }
  return undefined;
}
