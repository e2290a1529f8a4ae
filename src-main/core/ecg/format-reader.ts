import type { EcgFormat, EcgRecord } from './record';

/** What a reader gets: the file's bytes and, for multi-file formats (WFDB), a way to read its siblings. */
export interface ReaderInput {
  bytes: Uint8Array;
  /** File name (not a full path) when known; readers use it only for messages and sibling lookup. */
  fileName?: string;
  /** Reads a file that sits next to the input (WFDB .dat files); undefined when it does not exist. */
  readSibling?: (name: string) => Uint8Array | undefined;
}

/** One format: a cheap content sniff (never by file name alone) and a pure decoder. */
export interface FormatReader {
  format: EcgFormat;
  /** True when the bytes look like this format. Must not throw and must be fast (first KB or so). */
  sniff(input: ReaderInput): boolean;
  /** Decodes the file or throws a CoreError (NOT_AN_ECG, TRUNCATED, UNSUPPORTED_ENCODING, NO_WAVEFORM, ...). */
  read(input: ReaderInput): EcgRecord;
}
