/**
 * What matching and ranking a prior candidate needs from its file: the patient ID, acquisition time, format and
 * (DICOM) SOP Instance UID, or the reader's error code. Remembered per path while the file's size and mtime stay
 * the same, so the second ask of one opening of the chooser (the one that includes the PACS) reads nothing again.
 */
import { stat } from 'node:fs/promises';
import { fileMetaOf } from '../cohort/prediction-row';
import { readEcgFile } from '../ecg/index';
import type { EcgRecord } from '../ecg/record';
import { isCoreError } from '../errors';
import { dicomInstanceUid } from './identity';

export interface FileDescription {
  patientId: string | null;
  acquisitionTime: string | null;
  format: string | null;
  sopInstanceUid: string | null;
  /** Reader's error code when the file could not be read. */
  errorCode: string | null;
}

export type DescribeFile = (path: string) => Promise<FileDescription>;

/** Reads one file (no memory). */
export async function describeFile(path: string, read: (path: string) => Promise<EcgRecord> = (p) => readEcgFile(p)): Promise<FileDescription> {
  try {
    const m = fileMetaOf(await read(path));
    const sopInstanceUid = m.format === 'dicom' ? await dicomInstanceUid(path) : null;
    return { patientId: m.patientId, acquisitionTime: m.acquisitionTime, format: m.format, sopInstanceUid, errorCode: null };
  } catch (error) {
    return { patientId: null, acquisitionTime: null, format: null, sopInstanceUid: null, errorCode: isCoreError(error) ? error.code : 'INTERNAL' };
  }
}

/** Files remembered at most (the folder source reads up to 100 per ECG opened). */
const REMEMBERED = 1000;

/** `describeFile` with memory: a file read before is not read again unless its size or mtime changed. */
export function rememberingDescriber(read?: (path: string) => Promise<EcgRecord>): DescribeFile {
  const memo = new Map<string, { stamp: string; value: Promise<FileDescription> }>();
  return async (path) => {
    let stamp: string;
    try {
      const s = await stat(path);
      stamp = `${s.size}:${s.mtimeMs}`;
    } catch {
      memo.delete(path);
      return describeFile(path, read);
    }
    const hit = memo.get(path);
    if (hit && hit.stamp === stamp) {
      // Most recently used last, so the oldest entry is the first one dropped.
      memo.delete(path);
      memo.set(path, hit);
      return hit.value;
    }
    const value = describeFile(path, read);
    memo.set(path, { stamp, value });
    if (memo.size > REMEMBERED) memo.delete(memo.keys().next().value as string);
    return value;
  };
}
