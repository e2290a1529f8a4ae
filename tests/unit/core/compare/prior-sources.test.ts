/**
 * How the candidates step treats its sources (fake sources and a fake file reader): remote sources deferred or
 * cut off at their deadline, failures and "not asked" turned into notices, and the ECG on screen and duplicate
 * copies of one DICOM instance recognised by their SOP Instance UID.
 */
import { describe, expect, it } from 'vitest';
import { priorCandidates } from '../../../../src-main/core/compare/candidates';
import type { FileDescription } from '../../../../src-main/core/compare/describe';
import type { PacsPriorRef, PriorQuery, PriorSource, RemotePrior } from '../../../../src-main/core/compare/prior-sources';
import { CoreError } from '../../../../src-main/core/errors';

const current: PriorQuery = { path: '/x/current.dcm', patientId: 'P1', acquisitionTime: '2024-06-15T10:00:00', sopInstanceUid: '1.2.3.1' };

const files: Record<string, Partial<FileDescription>> = {
  '/x/local-2022.dcm': { patientId: 'P1', acquisitionTime: '2022-01-10T09:00:00', format: 'dicom', sopInstanceUid: '1.2.9.1' },
  '/x/copy-of-current.dcm': { patientId: 'P1', acquisitionTime: '2024-06-15T10:00:00', format: 'dicom', sopInstanceUid: '1.2.3.1' },
  '/cache/1.2.5.1.dcm': { patientId: 'P1', acquisitionTime: '2023-03-01T10:00:00', format: 'dicom', sopInstanceUid: '1.2.5.1' },
  '/usb/a1.dcm': { patientId: 'P1', acquisitionTime: '2023-03-01T10:00:00', format: 'dicom', sopInstanceUid: '1.2.5.1' },
  '/x/other.xml': { patientId: 'P2', acquisitionTime: '2020-01-01T00:00:00', format: 'ge-muse-xml' },
};
const describeFake = async (path: string): Promise<FileDescription> => ({
  patientId: null, acquisitionTime: null, format: null, sopInstanceUid: null, errorCode: null, ...files[path],
});

const ref = (sop: string): PacsPriorRef => ({ nodeId: 'n', nodeName: 'N', studyUid: '1.2', seriesUid: '1.2.1', sopInstanceUid: sop, sopClassName: '12-Lead ECG Waveform Storage' });
const remotePrior = (sop: string, time: string): RemotePrior => ({ sopInstanceUid: sop, patientId: 'P1', acquisitionTime: time, description: 'Resting ECG', pacs: ref(sop) });
const local = (...paths: string[]): PriorSource => ({ id: 'folder', find: async () => ({ files: paths.map((path) => ({ path })) }) });
const deadlineError = () => new CoreError('PACS_TIMEOUT', 'too slow');

describe('prior sources', () => {
  it('asks remote sources only when told to, naming them as pending otherwise', async () => {
    let asked = 0;
    const pacs: PriorSource = {
      id: 'pacs',
      remote: { deadlineMs: 5000, deadlineError },
      plan: async () => 'ask',
      find: async () => {
        asked += 1;
        return { files: [], remote: [remotePrior('1.2.7.1', '2023-01-01')] };
      },
    };
    const first = await priorCandidates(current, [local('/x/local-2022.dcm'), pacs], { include: 'local', describe: describeFake });
    expect(asked).toBe(0);
    expect(first).toMatchObject({ pending: ['pacs'], notices: [] });
    expect(first.candidates.map((c) => c.path)).toEqual(['/x/local-2022.dcm']);
    const all = await priorCandidates(current, [local('/x/local-2022.dcm'), pacs], { describe: describeFake });
    expect(asked).toBe(1);
    expect(all.pending).toEqual([]);
    expect(all.candidates.map((c) => c.path ?? c.pacs?.sopInstanceUid)).toEqual(['1.2.7.1', '/x/local-2022.dcm']);
  });

  it('gives up on a remote source at its deadline, aborting its work, and says why its ECGs are missing', async () => {
    let signal: AbortSignal | undefined;
    const hanging: PriorSource = {
      id: 'pacs',
      remote: { deadlineMs: 150, deadlineError },
      // Never answers and ignores the abort: the deadline alone must end the wait.
      find: (_q, s) => {
        signal = s;
        return new Promise(() => undefined);
      },
    };
    const started = Date.now();
    const r = await priorCandidates(current, [local('/x/local-2022.dcm'), hanging], { describe: describeFake });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(signal?.aborted).toBe(true);
    expect(r.candidates.map((c) => c.path)).toEqual(['/x/local-2022.dcm']);
    expect(r.notices).toEqual([{ source: 'pacs', code: 'PACS_TIMEOUT', message: 'too slow' }]);
  });

  it('turns a failing source, a plan that fails and a plan that declines into notices; "skip" says nothing', async () => {
    const refused: PriorSource = { id: 'pacs', remote: { deadlineMs: 5000, deadlineError }, find: async () => Promise.reject(new CoreError('PACS_CONNECTION_FAILED', 'refused')) };
    const badConfig: PriorSource = { id: 'pacs', plan: async () => Promise.reject(new CoreError('PACS_CONFIG_INVALID', 'fix it')), find: async () => ({ files: [] }) };
    const declined: PriorSource = { id: 'pacs', plan: async () => ({ notice: 'not asked' }), find: async () => ({ files: [] }) };
    const skipped: PriorSource = { id: 'pacs', plan: async () => 'skip', find: async () => Promise.reject(new Error('must not be asked')) };
    const r = await priorCandidates(current, [refused, badConfig, declined, skipped, local('/x/other.xml')], { describe: describeFake });
    const byMessage = [...r.notices].sort((a, b) => a.message.localeCompare(b.message));
    expect(byMessage).toEqual([
      { source: 'pacs', code: 'PACS_CONFIG_INVALID', message: 'fix it' },
      { source: 'pacs', code: null, message: 'not asked' },
      { source: 'pacs', code: 'PACS_CONNECTION_FAILED', message: 'refused' },
    ]);
    expect(r.candidates.map((c) => c.path)).toEqual(['/x/other.xml']);
  });

  it('leaves out the ECG on screen by its SOP Instance UID, and lists one DICOM instance once, naming every source', async () => {
    const pacs: PriorSource = {
      id: 'pacs',
      remote: { deadlineMs: 5000, deadlineError },
      find: async () => ({
        files: [{ path: '/cache/1.2.5.1.dcm', description: 'Resting ECG', kind: '12-Lead ECG Waveform Storage' }],
        remote: [remotePrior('1.2.3.1', '2024-06-15T10:00:00'), remotePrior('1.2.9.1', '2022-01-10'), remotePrior('1.2.8.1', '2024-06-15T10:00:00')],
      }),
    };
    const r = await priorCandidates(current, [local('/x/local-2022.dcm', '/x/copy-of-current.dcm', '/usb/a1.dcm', current.path), pacs], { describe: describeFake });
    const twelveLead = '12-Lead ECG Waveform Storage';
    expect(r.candidates.map((c) => [c.path ?? `pacs:${c.pacs?.sopInstanceUid}`, c.sources, c.description, c.kind])).toEqual([
      // The 2023 ECG: a copy on a USB stick and in the PACS cache, one suggestion.
      ['/usb/a1.dcm', ['folder', 'pacs'], 'Resting ECG', twelveLead],
      // The local 2022 ECG is also on the PACS (not cached): the local file is the suggestion.
      ['/x/local-2022.dcm', ['folder', 'pacs'], 'Resting ECG', twelveLead],
      // Only on the PACS, same time as the ECG on screen.
      ['pacs:1.2.8.1', ['pacs'], 'Resting ECG', twelveLead],
    ]);
    expect(r.candidates.find((c) => c.pacs)).toMatchObject({ path: null, samePatient: 'yes', format: 'dicom', errorCode: null, pacs: ref('1.2.8.1') });
  });
});
