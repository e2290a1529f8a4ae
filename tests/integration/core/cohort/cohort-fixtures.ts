import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** Fixture ECGs the cohort tests and the bench copy (formats whose bytes can be varied without breaking them). */
export const FIXTURE_ECG_DIR = join(__dirname, '../../../fixtures/ecg');

/**
 * Fixture files that can be varied: DICOM (trailing padding element) and XML (a comment). Tests use
 * the DICOM pair only, so their counts do not move when other readers or fixtures are added.
 */
export function variableFixtures(exts: readonly string[] = ['.dcm']): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (exts.includes(extname(name).toLowerCase())) out.push(p);
    }
  };
  walk(FIXTURE_ECG_DIR);
  return out;
}

/**
 * The same ECG with different bytes (so a different content hash): DICOM gets a Data Set Trailing Padding
 * element (FFFC,FFFC) carrying `k`, which readers ignore; XML gets a comment after its declaration.
 */
export function varyBytes(bytes: Uint8Array, fileName: string, k: number): Uint8Array {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.dcm') {
    const pad = Buffer.alloc(20);
    Buffer.from([0xfc, 0xff, 0xfc, 0xff, 0x4f, 0x42, 0, 0, 8, 0, 0, 0]).copy(pad, 0);
    pad.writeUInt32LE(k >>> 0, 12);
    pad.writeUInt32LE(Math.floor(k / 2 ** 32), 16);
    return Buffer.concat([bytes, pad]);
  }
  if (ext === '.xml') {
    // After the XML declaration (before the root): some readers check that the root closes the file.
    const b = Buffer.from(bytes);
    if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] !== 0 && b[1] === 0)) {
      // UTF-16LE (with or without BOM): insert in the file's own encoding.
      const text = b.toString('utf16le');
      const end = text.indexOf('?>');
      const cut = end >= 0 && end < 256 ? end + 2 : text.charCodeAt(0) === 0xfeff ? 1 : 0;
      return Buffer.from(`${text.slice(0, cut)}<!-- copy ${k} -->${text.slice(cut)}`, 'utf16le');
    }
    const decl = b.subarray(0, 512).indexOf('?>');
    const at = decl >= 0 ? decl + 2 : 0;
    return Buffer.concat([b.subarray(0, at), Buffer.from(`<!-- copy ${k} -->`), b.subarray(at)]);
  }
  throw new Error(`cannot vary ${ext}`);
}

/** Writes `n` varied copies of the fixtures into `dir` (spread over sub-folders of 500, as real exports are). */
export function writeVariedCohort(dir: string, n: number, sources = variableFixtures()): string[] {
  const raw = sources.map((p) => ({ name: p.split('/').pop() as string, bytes: readFileSync(p) }));
  const paths: string[] = [];
  for (let k = 0; k < n; k += 1) {
    const src = raw[k % raw.length] as { name: string; bytes: Buffer };
    const sub = join(dir, `batch-${String(Math.floor(k / 500)).padStart(3, '0')}`);
    if (k % 500 === 0) mkdirSync(sub, { recursive: true });
    const ext = extname(src.name);
    const p = join(sub, `${src.name.slice(0, -ext.length)}-${String(k).padStart(5, '0')}${ext}`);
    writeFileSync(p, varyBytes(src.bytes, src.name, k));
    paths.push(p);
  }
  return paths;
}

/** Copies one fixture as-is (for tests that need the original bytes). */
export function copyFixture(src: string, dest: string): void {
  copyFileSync(src, dest);
}
