/**
 * Philips Sierra ECG XML reader (SierraECG 1.03, PhilipsECG 1.04 / 1.04.01): XLI-compressed or plain
 * base64 rhythm data, representative beats, any of the encodings these files come in (UTF-8, UTF-16
 * either endianness with or without BOM, and UTF-8 bytes behind a UTF-16 declaration).
 */
import { CoreError } from '../../errors';
import type { FormatReader, ReaderInput } from '../format-reader';
import type { EcgRecord, WaveformGroup } from '../record';
import { decodeXmlBytes, headText, rootElementName } from '../xml-common/decode-text';
import { kid, parseXml, path, textOf } from '../xml-common/xml-tree';
import { sierraAcquisitionTime, sierraFields, sierraFilters, sierraMeasurements, sierraStatements } from './meta';
import { medianGroup, rhythmGroup } from './waveforms';

function read(input: ReaderInput): EcgRecord {
  const decoded = decodeXmlBytes(input.bytes);
  const root = kid(parseXml(decoded.text, 'Philips ECG', 'restingecgdata'), 'restingecgdata');
  if (root === undefined) throw new CoreError('NOT_AN_ECG', 'The file is XML but not a Philips resting ECG.');
  const warnings = new Set<string>();
  if (decoded.warning !== undefined) warnings.add(decoded.warning);
  const docType = textOf(path(root, 'documentinfo', 'documenttype'));
  const version = textOf(path(root, 'documentinfo', 'documentversion'));
  if (version !== '' && !/^1\.0[34]/.test(version)) {
    warnings.add(`Philips XML version ${version.slice(0, 12)} is newer or older than the 1.03-1.04.01 versions this reader was checked against.`);
  }
  const groups: WaveformGroup[] = [];
  const rhythm = rhythmGroup(root, warnings);
  if (rhythm !== undefined) groups.push(rhythm);
  const median = medianGroup(root, warnings);
  if (median !== undefined) groups.push(median);
  if (groups.length === 0) throw new CoreError('NO_WAVEFORM', 'The Philips file holds no waveform data (report only).');
  const acquisitionTime = sierraAcquisitionTime(root);
  const formatVersion = [docType, version].filter((s) => s !== '').join(' ');
  return {
    format: 'philips-sierra-xml',
    ...(formatVersion !== '' ? { formatVersion } : {}),
    ...(acquisitionTime !== undefined ? { acquisitionTime } : {}),
    fields: sierraFields(root),
    measurements: sierraMeasurements(root),
    statements: sierraStatements(root),
    filters: sierraFilters(root),
    groups,
    warnings: [...warnings],
  };
}

/** Philips Sierra XML: sniffed by its restingecgdata root element, whatever the text encoding. */
export const philipsSierraReader: FormatReader = {
  format: 'philips-sierra-xml',
  sniff: (input) => rootElementName(headText(input.bytes)) === 'restingecgdata',
  read,
};
