/** Content sniffing for DICOM: Part 10 files ("DICM" at 128), meta header without preamble, raw data sets. */

function ascii(bytes: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + n));
}

function isVr(bytes: Uint8Array, at: number): boolean {
  const a = bytes[at] ?? 0;
  const b = bytes[at + 1] ?? 0;
  return a >= 65 && a <= 90 && b >= 65 && b <= 90;
}

export type DicomLayout = 'part10' | 'meta-no-preamble' | 'raw-explicit' | 'raw-implicit';

/** How the bytes are laid out, or undefined when they are not DICOM. */
export function dicomLayout(bytes: Uint8Array): DicomLayout | undefined {
  if (bytes.length >= 132 && ascii(bytes, 128, 4) === 'DICM') return 'part10';
  if (bytes.length < 16) return undefined;
  const group = (bytes[0] as number) | ((bytes[1] as number) << 8);
  if (group === 0x0002 && isVr(bytes, 4)) return 'meta-no-preamble';
  // Raw data sets (no meta header) start with a group 0008 element; demand a sane length as well.
  if (group !== 0x0008 || (bytes[3] as number) !== 0) return undefined;
  if (isVr(bytes, 4)) return 'raw-explicit';
  const length = (bytes[4] as number) | ((bytes[5] as number) << 8) | ((bytes[6] as number) << 16) | ((bytes[7] as number) << 24);
  return length >= 0 && length < 1024 && length < bytes.length ? 'raw-implicit' : undefined;
}

export function sniffDicom(bytes: Uint8Array): boolean {
  return dicomLayout(bytes) !== undefined;
}
