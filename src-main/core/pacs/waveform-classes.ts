import { WAVEFORM_SOP_CLASSES } from '../ecg/dicom/tags';

/**
 * The waveform SOP classes the app retrieves from a PACS: the ECG objects (12-lead, general, general 32-bit,
 * ambulatory) and hemodynamic waveforms (which carry ECG leads beside the pressures). Everything else in a
 * study (images, reports, PDFs, audio) stays on the PACS.
 */
export const RETRIEVED_SOP_CLASSES: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.9.1.1',
  '1.2.840.10008.5.1.4.1.1.9.1.2',
  '1.2.840.10008.5.1.4.1.1.9.1.3',
  '1.2.840.10008.5.1.4.1.1.9.1.4',
  '1.2.840.10008.5.1.4.1.1.9.2.1',
]);

export function isRetrievedSopClass(uid: string): boolean {
  return RETRIEVED_SOP_CLASSES.has(uid.replace(/\0/g, '').trim());
}

/** The standard name of a SOP class, or its UID. */
export function sopClassName(uid: string): string {
  return WAVEFORM_SOP_CLASSES[uid] ?? uid;
}

/** Transfer syntaxes we take waveforms in: the uncompressed ones the DICOM reader decodes. */
export const ACCEPTED_TRANSFER_SYNTAXES = [
  '1.2.840.10008.1.2.1', // explicit VR little endian (preferred)
  '1.2.840.10008.1.2', // implicit VR little endian (every SCP supports it)
  '1.2.840.10008.1.2.1.99', // deflated explicit VR little endian
  '1.2.840.10008.1.2.2', // explicit VR big endian (retired, still met)
] as const;

/** A DICOM UID: digits and dots, at most 64 characters (also what makes it safe as a file name). */
export function isDicomUid(value: string): boolean {
  return value.length > 0 && value.length <= 64 && /^[0-9]+(\.[0-9]+)*$/.test(value);
}
