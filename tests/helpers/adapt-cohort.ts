/**
 * Site-adaptation test cohorts from the committed fixtures (tests/fixtures/adapt/<name>.json + .emb.f16,
 * written by scripts/make-adapt-fixtures.mjs): simulated ECGs already scored by the bundled pack, put into a
 * cohort database the way the app does it (labels sheet imported and joined; predictions and embeddings
 * committed by the store), without waveform files or Python.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinLabels, importLabelsFile } from '../../src-main/core/cohort/labels';
import { toPredictionRow } from '../../src-main/core/cohort/prediction-row';
import type { CohortStore, ScoredItem } from '../../src-main/core/cohort/store';
import type { PackData } from '../../src-main/core/model/pack/load';
import { headContextOf, summaryOf } from '../../src-main/core/model/predictor';
import { assemblePrediction } from '../../src-main/core/model/results/assemble';

export const ADAPT_FIXTURES = join(__dirname, '../fixtures/adapt');

export interface FixtureRecord {
  file: string;
  sha256: string;
  patient: string;
  lvef: number;
  lvedv?: number;
  lvesv?: number;
  lvsv?: number;
}

export interface AdaptFixture {
  name: string;
  spec: { n: number; perPatient: number; reducedFraction: number; lvefOffset: number; lvefReadSd: number };
  pack: { id: string; version: string; modelSha256: string };
  dim: number;
  records: FixtureRecord[];
  mean: Float32Array;
  logvar: Float32Array;
}

/** IEEE half -> float (exact). */
function fromHalf(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

export function loadAdaptFixture(name: 'shift' | 'noshift'): AdaptFixture {
  const meta = JSON.parse(readFileSync(join(ADAPT_FIXTURES, `${name}.json`), 'utf8')) as Omit<AdaptFixture, 'name' | 'mean' | 'logvar'> & { embeddings: string };
  const bin = readFileSync(join(ADAPT_FIXTURES, meta.embeddings));
  const n = meta.records.length;
  const d = meta.dim;
  const mean = new Float32Array(n * d);
  const logvar = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      mean[i * d + k] = fromHalf(bin.readUInt16LE((i * 2 * d + k) * 2));
      logvar[i * d + k] = fromHalf(bin.readUInt16LE((i * 2 * d + d + k) * 2));
    }
  }
  return { name, ...meta, mean, logvar };
}

/** The fixture's labels sheet (file, patient_id, echo values) as a CSV file in `dir`. */
export function writeFixtureLabels(f: AdaptFixture, dir: string, records = f.records): string {
  const path = join(dir, `${f.name}-labels.csv`);
  const lines = ['file,patient_id,echo_date,lvef,lvedv,lvesv,lvsv'];
  for (const r of records) lines.push([r.file, r.patient, '2024-03-01', r.lvef, r.lvedv ?? '', r.lvesv ?? '', r.lvsv ?? ''].join(','));
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/**
 * A cohort of the fixture's ECGs: each committed as the scorer commits it (prediction computed by the pack's
 * own post-processing from the stored embedding, plus the embedding), then the labels imported and joined.
 * `withoutEmbedding` ECGs get only a prediction row (as scored before migration 2). By default the stored
 * predictions hold the pack's logistic (primary) head only: the Monte Carlo regression heads cost ~0.1 s per
 * ECG and nothing the tests read from the rows needs them; `allHeads` stores the full prediction.
 */
export function seedAdaptCohort(
  store: CohortStore,
  f: AdaptFixture,
  pack: PackData,
  options: { name?: string; dir: string; withoutEmbedding?: number; records?: number; allHeads?: boolean },
): number {
  const cohort = store.createCohort(options.name ?? `sim-${f.name}`, 'simulated site-adaptation fixture', 'test');
  const d = f.dim;
  const ctx = headContextOf(pack);
  const summary = summaryOf(pack.manifest);
  const manifest = options.allHeads ? pack.manifest : { ...pack.manifest, heads: pack.manifest.heads.filter((h) => h.kind === 'logistic') };
  const count = options.records ?? f.records.length;
  const items: ScoredItem[] = [];
  for (let i = 0; i < count; i++) {
    const r = f.records[i] as FixtureRecord;
    const mean = f.mean.slice(i * d, (i + 1) * d);
    const logvar = f.logvar.slice(i * d, (i + 1) * d);
    const result = assemblePrediction({
      manifest, ctx, summary, executionProvider: 'cpu', window: { startS: 0, durationS: 10, paddedS: 0 },
      mean, logvar, stepLogvar: new Float32Array(pack.manifest.outputs.stepLogvar.dims.reduce((a, b) => a * b, 1)), topK: 0,
      abstainPercentile: pack.manifest.uncertainty.abstainPercentile,
    });
    const prediction = toPredictionRow(result);
    if (i < (options.withoutEmbedding ?? 0)) delete prediction.embedding;
    items.push({
      kind: 'scored',
      file: { sha256: r.sha256, path: join(options.dir, r.file), fileName: r.file, sizeBytes: 0 },
      meta: { accession: null, patientId: null, acquisitionTime: null, format: 'wfdb', sampleRateHz: 500, leads: 'I II III aVR aVL aVF V1 V2 V3 V4 V5 V6', durationS: 10 },
      prediction,
    });
  }
  store.setCohortModel(cohort.id, summary.id, summary.version);
  for (let i = 0; i < items.length; i += 200) store.commitBatch(cohort.id, summary.id, summary.version, items.slice(i, i + 200));
  if (options.withoutEmbedding) {
    // Rows a pre-migration scorer left: the prediction without its embedding.
    const del = store.db.prepare('DELETE FROM embeddings WHERE sha256 = ? AND model_id = ? AND model_version = ?');
    for (let i = 0; i < options.withoutEmbedding; i++) del.run((f.records[i] as FixtureRecord).sha256, summary.id, summary.version);
  }
  importLabelsFile(store, cohort.id, writeFixtureLabels(f, options.dir, f.records.slice(0, count)), 'test');
  joinLabels(store, cohort.id);
  return cohort.id;
}
