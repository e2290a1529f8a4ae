/**
 * Telling the same ECG apart from another one: a DICOM file by its SOP Instance UID (a PACS's copy, a cached
 * copy and a copy on a USB stick are one ECG), any file by its bytes (the same file under another path).
 */
import { readFile, stat } from 'node:fs/promises';
import { hashFile } from '../cohort/file-source';
import { parseDataSet } from '../ecg/dicom/parse';

const SOP_INSTANCE_UID = 'x00080018';
const META_SOP_INSTANCE_UID = 'x00020003';
const isUid = (v: string) => v.length > 0 && v.length <= 64 && /^[0-9]+(\.[0-9]+)*$/.test(v);

/** Largest DICOM file read for its UID (waveform objects are far smaller; the reader has its own limits). */
const MAX_DICOM_BYTES = 64 * 1024 * 1024;

/** The SOP Instance UID a DICOM file states (its data set, else its file meta header), or null. */
export async function dicomInstanceUid(path: string): Promise<string | null> {
  try {
    if ((await stat(path)).size > MAX_DICOM_BYTES) return null;
    const { dataSet } = parseDataSet(new Uint8Array(await readFile(path)));
    const uid = (dataSet.string(SOP_INSTANCE_UID) ?? dataSet.string(META_SOP_INSTANCE_UID) ?? '').replace(/\0/g, '').trim();
    return isUid(uid) ? uid : null;
  } catch {
    return null;
  }
}

/**
 * Whether two files hold the same bytes. Sizes are compared first, so most pairs cost a stat; the content of
 * `a` is hashed once however many files it is compared with (pass the same `memo`).
 */
export async function sameBytes(a: string, b: string, memo: Map<string, Promise<string>> = new Map()): Promise<boolean> {
  try {
    const [sa, sb] = await Promise.all([stat(a), stat(b)]);
    if (sa.size !== sb.size) return false;
    const hash = (p: string) => {
      let h = memo.get(p);
      if (h === undefined) {
        h = hashFile(p).then((r) => r.sha256);
        memo.set(p, h);
      }
      return h;
    };
    const [ha, hb] = await Promise.all([hash(a), hash(b)]);
    return ha === hb;
  } catch {
    return false;
  }
}
