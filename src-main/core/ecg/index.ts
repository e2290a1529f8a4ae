/**
 * Entry point of the ECG reading layer: pure decoding of bytes (readEcgBytes), file access with size limits
 * and WFDB sibling lookup (readEcgFile), format detection and per-lead statistics.
 */
export type { FormatReader, ReaderHints, ReaderInput } from './format-reader';
export { detectFormat, findReader, finishRecord, readEcgBytes } from './read-bytes';
export { readEcgFile, type ReadFileOptions } from './read-file';
export { rhythmStats, type LeadStats } from './stats';
export { normaliseLeadName, isStandardLead } from './lead-names';
export { completeStandardLeads } from './derive-leads';
export type { EcgFormat, EcgRecord, Lead, WaveformGroup } from './record';
