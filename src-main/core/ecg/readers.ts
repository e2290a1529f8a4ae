/**
 * The registered format readers, in sniff order: binary formats with strong magic numbers first (DICOM,
 * SCP-ECG, EDF/BDF), XML by root element next, then WFDB headers, and CSV (the most permissive sniff) last.
 */
import { csvReader } from './csv';
import { dicomReader } from './dicom';
import { edfReader } from './edf';
import type { FormatReader } from './format-reader';
import { geMuseReader } from './ge-muse';
import { hl7AecgReader } from './hl7-aecg';
import { philipsSierraReader } from './philips-sierra';
import { scpEcgReader } from './scp-ecg';
import { wfdbReader } from './wfdb';

export const READERS: readonly FormatReader[] = [
  dicomReader,
  scpEcgReader,
  edfReader,
  hl7AecgReader,
  geMuseReader,
  philipsSierraReader,
  wfdbReader,
  csvReader,
];
