/**
 * The registered format readers, in sniff order: binary formats with strong magic numbers first, XML by
 * root element next, then WFDB headers, and CSV (the most permissive sniff) last.
 */
import { dicomReader } from './dicom';
import type { FormatReader } from './format-reader';
import { wfdbReader } from './wfdb';
import { edfReader } from './edf';
import { csvReader } from './csv';

export const READERS: readonly FormatReader[] = [dicomReader, edfReader, wfdbReader, csvReader];
