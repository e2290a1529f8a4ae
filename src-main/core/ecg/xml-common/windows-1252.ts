/**
 * Windows-1252 decoding. Node's TextDecoder treats the label as ISO-8859-1 and turns bytes 0x80-0x9F
 * into C1 control characters, but real files (MUSE, SCP-ECG free text) use them for the euro sign,
 * dashes and quotes, so those 32 bytes are mapped by hand.
 */
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

const latin1 = new TextDecoder('latin1');

/** Decodes Windows-1252 bytes (a superset of ISO-8859-1's printable range). */
export function decodeWindows1252(bytes: Uint8Array): string {
  // Native Latin-1 decoding first (fast), then the 32 code points that differ are fixed up.
  return latin1.decode(bytes).replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(HIGH[c.charCodeAt(0) - 0x80] ?? c.charCodeAt(0)));
}
