import type { EcgFormat, EcgRecord } from './record';

/** What a reader gets: the file's bytes and, for multi-file formats (WFDB), a way to read its siblings. */
export interface ReaderInput {
  bytes: Uint8Array;
  /** File name (not a full path) when known; readers use it only for messages and sibling lookup. */
  fileName?: string;
  /** Reads a file that sits next to the input (WFDB .dat files); undefined when it does not exist. */
  readSibling?: (name: string) => Uint8Array | undefined;
  /** What the user states about a file that does not say it itself (headerless CSV exports). */
  hints?: ReaderHints;
}

/** User-supplied facts, used only where the file is silent; the file's own statements win. */
export interface ReaderHints {
  /** Sample rate in Hz. */
  sampleRateHz?: number;
  /** Microvolts per stored unit (e.g. 1000 for values in mV, 1000/2048 for 2048 digits per mV). */
  uvPerUnit?: number;
}

/** One format: a cheap content sniff (never by file name alone) and a pure decoder. */
export interface FormatReader {
  format: EcgFormat;
  /** True when the bytes look like this format. Must not throw and must be fast (first KB or so). */
  sniff(input: ReaderInput): boolean;
  /** Decodes the file or throws a CoreError (NOT_AN_ECG, TRUNCATED, UNSUPPORTED_ENCODING, NO_WAVEFORM, ...). */
  read(input: ReaderInput): EcgRecord;
}
