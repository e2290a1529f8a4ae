import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importLabelsFile, joinLabels } from '../../../../src-main/core/cohort/labels';
import { CohortStore } from '../../../../src-main/core/cohort/store';
import { fileMetaOf } from '../../../../src-main/core/cohort/prediction-row';
import { readEcgBytes } from '../../../../src-main/core/ecg';
import { isCoreError } from '../../../../src-main/core/errors';
import { aecgText } from '../../../helpers/hostile';
import { dicomFile, int16Data, waveformElements } from '../../../unit/core/ecg/dicom/build-dicom';

const root = mkdtempSync(join(tmpdir(), 'cohort-labels-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(store: CohortStore, cohortId: number, name: string, meta: { accession?: string; patientId?: string; at?: string }) {
  const key = { sha256: name.padEnd(64, '0').slice(0, 64), path: `/ecgs/${name}`, fileName: name, sizeBytes: 1 };
  store.commitBatch(cohortId, 'm', '1', [
    {
      kind: 'failed', file: key, code: 'MISSING_LEADS', message: 'x',
      meta: { accession: meta.accession ?? null, patientId: meta.patientId ?? null, acquisitionTime: meta.at ?? null, format: 'dicom', sampleRateHz: 500, leads: 'I II', durationS: 10 },
    },
  ]);
}

describe('labels join', () => {
  it('joins by file name, then accession, then the nearest echo of the patient within the window', () => {
    const store = CohortStore.open(join(root, 'c.db'));
    const c = store.createCohort('L', '', 'test').id;
    file(store, c, 'a1.dcm', {});
    file(store, c, 'b2.dcm', { accession: 'ACC-2' });
    file(store, c, 'c3.dcm', { patientId: 'P3', at: '2024-03-10T09:00:00' });
    file(store, c, 'd4.dcm', { patientId: 'P4', at: '2024-03-10T09:00:00' });
    file(store, c, 'e5.dcm', {});
    writeFileSync(
      join(root, 'labels.csv'),
      [
        'file,accession,patient_id,echo_date,lvef',
        'a1.dcm,,,,35', // row 2: by file
        ',ACC-2,,,55', // row 3: by accession
        ',,P3,2024-01-01,30', // row 4: too far (69 days)
        ',,P3,2024-03-20,45', // row 5: 10 days: nearest within 30
        ',,P3,2024-03-01,25', // row 6: 9 days: nearer, wins
        ',,P4,2024-06-01,20', // row 7: outside the window
        'zz.dcm,,,,50', // row 8: no such file
      ].join('\n'),
    );
    const parsed = importLabelsFile(store, c, join(root, 'labels.csv'), 'test');
    expect(parsed.rows).toHaveLength(7);
    const report = joinLabels(store, c, 30);
    expect(report.joined).toEqual({ byFile: 1, byAccession: 1, byPatientDate: 1 });
    expect(report.filesWithoutLabel).toBe(2);
    expect(report.unjoinedLabels).toEqual([
      { row: 4, reason: 'no ECG of this patient within 30 days of the echo (or a nearer echo was used)' },
      { row: 5, reason: 'no ECG of this patient within 30 days of the echo (or a nearer echo was used)' },
      { row: 7, reason: 'no ECG of this patient within 30 days of the echo (or a nearer echo was used)' },
      { row: 8, reason: 'no ECG with this file name' },
    ]);
    const c3 = store.db
      .prepare("SELECT l.row_number AS row, f.label_join AS how FROM ecg_files f JOIN labels l ON l.id = f.label_id WHERE f.file_name = 'c3.dcm'")
      .get() as { row: number; how: string };
    expect(c3).toMatchObject({ row: 6, how: 'patient-date' });
    expect(JSON.stringify(report)).not.toContain('P3');
    store.close();
  });

  it('joins labels keyed by accession for DICOM (0008,0050) and by the aECG document and subject ids (issue 11)', () => {
    const store = CohortStore.open(join(root, 'ids.db'));
    const c = store.createCohort('ids', '', 'test').id;
    const els = waveformElements([{ channels: [{ code: '5.6.3-9-2', sensitivity: 1, unit: 'uV' }], samples: 500, rate: 500, bits: 16, interpretation: 'SS', data: int16Data([Array.from({ length: 500 }, (_, i) => i % 50)], true) }]);
    const dicom = readEcgBytes({ bytes: dicomFile([...els, { tag: 0x00080050, vr: 'SH', value: 'ACC-77' }, { tag: 0x00100020, vr: 'LO', value: 'MRN-1' }], 'explicit-le') });
    const aecg = readEcgBytes({ bytes: new TextEncoder().encode(aecgText()) });
    expect(fileMetaOf(dicom)).toMatchObject({ accession: 'ACC-77', patientId: 'MRN-1' });
    expect(fileMetaOf(aecg)).toMatchObject({ accession: 'subject1_0', patientId: 'subject1' });
    for (const [name, rec] of [['a.dcm', dicom], ['b.xml', aecg]] as const) {
      const key = { sha256: name.padEnd(64, '0'), path: `/ecgs/${name}`, fileName: name, sizeBytes: 1 };
      store.commitBatch(c, 'm', '1', [{ kind: 'failed', file: key, code: 'MISSING_LEADS', message: 'x', meta: fileMetaOf(rec) }]);
    }
    writeFileSync(join(root, 'ids.csv'), ['accession,lvef', 'ACC-77,30', 'subject1_0,60'].join('\n'));
    importLabelsFile(store, c, join(root, 'ids.csv'), 'test');
    expect(joinLabels(store, c).joined).toEqual({ byFile: 0, byAccession: 2, byPatientDate: 0 });
    store.close();
  });

  it('a bad labels file changes nothing that was stored', () => {
    const store = CohortStore.open(join(root, 'c.db'));
    const c = store.listCohorts()[0]?.id as number;
    const before = (store.db.prepare('SELECT COUNT(*) AS n FROM labels').get() as { n: number }).n;
    writeFileSync(join(root, 'bad.csv'), 'name,value\nx,1\n');
    try {
      importLabelsFile(store, c, join(root, 'bad.csv'), 'test');
      expect.unreachable();
    } catch (e) {
      expect(isCoreError(e, 'LABELS_INVALID')).toBe(true);
    }
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM labels').get() as { n: number }).n).toBe(before);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM ecg_files WHERE label_id IS NOT NULL').get() as { n: number }).n).toBe(3);
    store.close();
  });
});
