/** GE MUSE RestingECG XML reader (MUSE 7-9 exports: 8 stored leads, Rhythm + Median, base64 int16). */
import { CoreError } from '../../errors';
import type { FormatReader, ReaderInput } from '../format-reader';
import type { EcgRecord } from '../record';
import { decodeXmlBytes, headText, rootElementName } from '../xml-common/decode-text';
import { kid, parseXml, textOf } from '../xml-common/xml-tree';
import { museAcquisitionTime, museFields, museMeasurements, museStatements } from './meta';
import { museFilters, museGroups } from './waveforms';

function read(input: ReaderInput): EcgRecord {
  const decoded = decodeXmlBytes(input.bytes);
  const root = kid(parseXml(decoded.text, 'GE MUSE ECG', 'RestingECG'), 'RestingECG');
  if (root === undefined) throw new CoreError('NOT_AN_ECG', 'The file is XML but not a GE MUSE resting ECG.');
  const warnings = new Set<string>();
  if (decoded.warning !== undefined) warnings.add(decoded.warning);
  const groups = museGroups(root, warnings);
  if (groups.length === 0) throw new CoreError('NO_WAVEFORM', 'The GE MUSE file holds no waveform data (report only).');
  const version = textOf(kid(kid(root, 'MuseInfo'), 'MuseVersion'));
  const acquisitionTime = museAcquisitionTime(root);
  return {
    format: 'ge-muse-xml',
    ...(version !== '' ? { formatVersion: version } : {}),
    ...(acquisitionTime !== undefined ? { acquisitionTime } : {}),
    fields: museFields(root),
    measurements: museMeasurements(root),
    statements: museStatements(root),
    filters: museFilters(root),
    groups,
    warnings: [...warnings],
  };
}

/** GE MUSE XML: sniffed by its RestingECG root element (Philips' root is lower-case restingecgdata). */
export const geMuseReader: FormatReader = {
  format: 'ge-muse-xml',
  sniff: (input) => rootElementName(headText(input.bytes)) === 'RestingECG',
  read,
};
