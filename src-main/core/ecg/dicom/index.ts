/**
 * DICOM waveform reader (12-Lead, General, Ambulatory ECG; Hemodynamic and other waveform SOP classes
 * carrying ECG leads). Parsing of the data set by dicom-parser; WaveformData decoded by hand.
 */
import { CoreError } from '../../errors';
import type { FormatReader, ReaderInput } from '../format-reader';
import type { EcgRecord, FilterSettings, WaveformGroup } from '../record';
import { readAnnotations } from './annotations';
import { readAcquisitionTime, readFields } from './fields';
import { declaredPadding, readGroup } from './groups';
import { mapError, parseDataSet } from './parse';
import { ECG_SOP_CLASSES, TAG, WAVEFORM_SOP_CLASSES } from './tags';
import { sniffDicom } from './sniff';

function clean(filters: FilterSettings): FilterSettings {
  const out: FilterSettings = {};
  if (filters.highPassHz !== undefined) out.highPassHz = filters.highPassHz;
  if (filters.lowPassHz !== undefined) out.lowPassHz = filters.lowPassHz;
  if (filters.notchHz !== undefined) out.notchHz = filters.notchHz;
  return out;
}

function readDicom(input: ReaderInput): EcgRecord {
  const { dataSet: ds, littleEndian } = parseDataSet(input.bytes);
  const sop = ds.string(TAG.sopClass)?.replace(/\0/g, '').trim() ?? '';
  const sopName = WAVEFORM_SOP_CLASSES[sop];
  const modality = ds.string(TAG.modality)?.trim().toUpperCase();
  const items = ds.elements[TAG.waveformSequence]?.items ?? [];
  if (items.length === 0) {
    if (sopName !== undefined || modality === 'ECG') {
      throw new CoreError('NO_WAVEFORM', 'This DICOM waveform object holds no waveform data.');
    }
    throw new CoreError('NOT_AN_ECG', 'This DICOM file is not a waveform (it is an image, report or other object), so it holds no ECG.');
  }
  const allChannelsEcg = ECG_SOP_CLASSES.has(sop) || (sopName === undefined && modality === 'ECG');
  const warnings: string[] = [];
  const groups: WaveformGroup[] = [];
  let filters: FilterSettings = {};
  // One writer pads every group alike, but ECGToolkit declares the value on the rhythm group only.
  const filePadding = items.map((item) => (item.dataSet ? declaredPadding(item.dataSet, littleEndian) : undefined)).find((v) => v !== undefined);
  items.forEach((item, index) => {
    if (item.dataSet === undefined) return;
    const result = readGroup(item.dataSet, index, littleEndian, allChannelsEcg, filePadding);
    warnings.push(...result.warnings);
    if (result.group === undefined) return;
    if (groups.length === 0 || (result.group.kind === 'rhythm' && !groups.some((g) => g.kind === 'rhythm'))) {
      filters = clean(result.filters);
    }
    groups.push(result.group);
  });
  if (groups.length === 0) {
    throw new CoreError('NO_WAVEFORM', 'This DICOM waveform holds no ECG channels (only other signals such as pressure or respiration).');
  }
  if (sopName !== undefined && !ECG_SOP_CLASSES.has(sop)) warnings.push(`ECG leads read from a ${sopName} object`);
  const { measurements, statements } = readAnnotations(ds);
  const record: EcgRecord = {
    format: 'dicom',
    formatVersion: sopName ?? (sop || 'unknown SOP class'),
    fields: readFields(ds),
    measurements,
    statements,
    filters,
    groups,
    warnings,
  };
  const time = readAcquisitionTime(ds);
  if (time !== undefined) record.acquisitionTime = time;
  return record;
}

export const dicomReader: FormatReader = {
  format: 'dicom',
  sniff: (input) => sniffDicom(input.bytes),
  read: (input) => {
    try {
      return readDicom(input);
    } catch (error) {
      // Accessors of a parsed data set can still throw dicom-parser's own errors: give them a code too.
      throw mapError(error);
    }
  },
};
