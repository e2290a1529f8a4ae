/** DICOM tags used by the waveform reader, in dicom-parser's "xGGGGEEEE" spelling. */
export const TAG = {
  transferSyntax: 'x00020010',
  sopClass: 'x00080016',
  acquisitionDateTime: 'x0008002a',
  contentDate: 'x00080023',
  contentTime: 'x00080033',
  studyDate: 'x00080020',
  accessionNumber: 'x00080050',
  studyTime: 'x00080030',
  modality: 'x00080060',
  manufacturer: 'x00080070',
  modelName: 'x00081090',
  patientName: 'x00100010',
  patientId: 'x00100020',
  birthDate: 'x00100030',
  sex: 'x00100040',
  age: 'x00101010',
  waveformSequence: 'x54000100',
  waveformOriginality: 'x003a0004',
  channelCount: 'x003a0005',
  sampleCount: 'x003a0010',
  samplingFrequency: 'x003a001a',
  groupLabel: 'x003a0020',
  channelDefinitions: 'x003a0200',
  channelLabel: 'x003a0203',
  channelSource: 'x003a0208',
  sensitivity: 'x003a0210',
  sensitivityUnits: 'x003a0211',
  correctionFactor: 'x003a0212',
  baseline: 'x003a0213',
  bitsStored: 'x003a021a',
  filterLow: 'x003a0220',
  filterHigh: 'x003a0221',
  notch: 'x003a0222',
  codeValue: 'x00080100',
  codingScheme: 'x00080102',
  codeMeaning: 'x00080104',
  bitsAllocated: 'x54001004',
  sampleInterpretation: 'x54001006',
  paddingValue: 'x5400100a',
  waveformData: 'x54001010',
  annotations: 'x0040b020',
  conceptName: 'x0040a043',
  numericValue: 'x0040a30a',
  measurementUnits: 'x004008ea',
  unformattedText: 'x00700006',
} as const;

/** Waveform SOP classes and their names (PS3.4 B.5). */
export const WAVEFORM_SOP_CLASSES: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.9.1.1': '12-Lead ECG Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.1.2': 'General ECG Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.1.3': 'Ambulatory ECG Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.1.4': 'General 32-bit ECG Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.2.1': 'Hemodynamic Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.3.1': 'Basic Cardiac Electrophysiology Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.4.1': 'Basic Voice Audio Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.4.2': 'General Audio Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.5.1': 'Arterial Pulse Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.6.1': 'Respiratory Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.6.2': 'Multi-channel Respiratory Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.7.1': 'Routine Scalp Electroencephalogram Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.8.1': 'Electromyogram Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.9.1': 'Electrooculogram Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.10.1': 'Sleep Electroencephalogram Waveform Storage',
  '1.2.840.10008.5.1.4.1.1.9.11.1': 'Body Position Waveform Storage',
};

/** SOP classes whose every channel is an ECG lead (others keep only channels that name one). */
export const ECG_SOP_CLASSES = new Set([
  '1.2.840.10008.5.1.4.1.1.9.1.1',
  '1.2.840.10008.5.1.4.1.1.9.1.2',
  '1.2.840.10008.5.1.4.1.1.9.1.3',
  '1.2.840.10008.5.1.4.1.1.9.1.4',
]);

export const TS_IMPLICIT_LE = '1.2.840.10008.1.2';
export const TS_EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const TS_DEFLATED_LE = '1.2.840.10008.1.2.1.99';
export const TS_EXPLICIT_BE = '1.2.840.10008.1.2.2';
