/**
 * Site adaptation bench (issue 16): fitting time of all methods (recalibration, few-shot head, site kNN) for
 * 1,000 and 20,000 labelled ECGs, split into fitting (cross-validation included), the held-out evaluation and
 * the learning curve; the few-shot head's cross-validated fit next to scikit-learn's LogisticRegressionCV /
 * RidgeCV on the same standardised features, folds and penalty grid (the peer, in the same run); and the
 * learning curve on the simulated site shift (tests/fixtures/adapt/shift, 800 ECGs of 400 patients).
 * Larger cohorts are the shift fixture's embeddings resampled with a little Gaussian jitter (each copy a new
 * patient), so the fitting problems keep their real structure. BENCH_ADAPT_FULL=1 also runs the continuous
 * target at 20,000 (its held-out Monte Carlo intervals take minutes on two cores). Prints markdown tables.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAdaptation } from '../src-main/core/adapt/adapt';
import type { AdaptDataset } from '../src-main/core/adapt/dataset';
import { designMatrix, fitStandardiser, uncertaintyFeatures } from '../src-main/core/adapt/features';
import { fitFewShot, LOGISTIC_LAMBDAS, RIDGE_LAMBDAS } from '../src-main/core/adapt/methods/fewshot';
import { patientFolds, patientSplit } from '../src-main/core/adapt/split';
import type { AdaptationReport, TargetSpec } from '../src-main/core/adapt/types';
import { loadPackData, type PackData } from '../src-main/core/model/pack/load';
import { headContextOf } from '../src-main/core/model/predictor';
import { mulberry32 } from '../src-main/core/random';
import { type AdaptFixture, loadAdaptFixture } from '../tests/helpers/adapt-cohort';

const ROOT = join(__dirname, '..');
const PY = '/usr/bin/python3';
const FULL = process.env.BENCH_ADAPT_FULL === '1';
const fmt = (v: number | null | undefined, d = 1): string => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));

/** The fixture as an adaptation dataset, resampled to n ECGs (copy c of a patient is a new patient). */
function dataset(f: AdaptFixture, n: number, target: TargetSpec, seed: number): AdaptDataset {
  const d = f.dim;
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-300))) * Math.cos(2 * Math.PI * rand());
  const mean = new Float32Array(n * d);
  const logvar = new Float32Array(n * d);
  const group = new Int32Array(n);
  const y = new Float64Array(n);
  const patients = new Map<string, number>();
  const sha256: string[] = [];
  const echo: Record<string, number>[] = [];
  const m = f.records.length;
  for (let i = 0; i < n; i++) {
    const j = i % m;
    const copy = Math.floor(i / m);
    const r = f.records[j] as AdaptFixture['records'][number];
    for (let k = 0; k < d; k++) {
      mean[i * d + k] = (f.mean[j * d + k] as number) + (copy ? 0.003 * gauss() : 0);
      logvar[i * d + k] = (f.logvar[j * d + k] as number) + (copy ? 0.02 * gauss() : 0);
    }
    const key = `${r.patient}#${copy}`;
    if (!patients.has(key)) patients.set(key, patients.size);
    group[i] = patients.get(key) as number;
    y[i] = target.below !== undefined ? (r.lvef < target.below ? 1 : 0) : r.lvef;
    sha256.push(`${r.sha256.slice(0, 56)}${String(copy).padStart(8, '0')}`);
    echo.push({ lvef: r.lvef });
  }
  const binary = target.below !== undefined;
  return {
    cohort: { id: 1, name: 'bench', modelId: f.pack.id, modelVersion: f.pack.version },
    target: binary
      ? { ...target, kind: 'binary', label: `LVEF < ${target.below} %`, name: `lvef_lt_${target.below}` }
      : { ...target, kind: 'continuous', label: 'LVEF', name: 'lvef', unit: '%' },
    n, dim: d, sha256, group, groups: patients.size, y, mean, logvar, echo,
    counts: { labelled: n, missingEmbeddings: 0, withoutPatientId: 0 },
  };
}

/** scikit-learn's cross-validated logistic / ridge fit on the same standardised training features and grid. */
function sklearnPeer(pack: PackData, data: AdaptDataset): number | null {
  if (!existsSync(PY)) return null;
  const binary = data.target.kind === 'binary';
  const { train } = patientSplit(data.group, data.y, binary, 0.3, 20250116);
  const u = uncertaintyFeatures(data);
  const x = designMatrix(data, u, train, fitStandardiser(data, u, train, false));
  const folds = patientFolds(data.group, data.y, train, binary, 5, 20250116 + 23);
  const dir = mkdtempSync(join(tmpdir(), 'adapt-bench-'));
  try {
    writeFileSync(join(dir, 'x.bin'), Buffer.from(Float64Array.from(x.data).buffer));
    writeFileSync(join(dir, 'y.bin'), Buffer.from(Float64Array.from(train, (i) => data.y[i] as number).buffer));
    writeFileSync(join(dir, 'f.bin'), Buffer.from(Int32Array.from(folds).buffer));
    const grid = binary ? LOGISTIC_LAMBDAS : RIDGE_LAMBDAS;
    const script = `
import numpy as np, time, warnings
from sklearn.linear_model import LogisticRegressionCV, RidgeCV
from sklearn.model_selection import PredefinedSplit
warnings.simplefilter('ignore')
d = ${x.cols}
x = np.fromfile('${dir}/x.bin', dtype='<f8').reshape(-1, d)[:, 1:]
y = np.fromfile('${dir}/y.bin', dtype='<f8')
cv = PredefinedSplit(np.fromfile('${dir}/f.bin', dtype='<i4'))
grid = np.array(${JSON.stringify(grid)})
t = time.perf_counter()
if ${binary ? 'True' : 'False'}:
    LogisticRegressionCV(Cs=1.0 / grid, cv=cv, solver='newton-cg', scoring='neg_log_loss', tol=1e-6, max_iter=1000).fit(x, y.astype(int))
else:
    RidgeCV(alphas=grid, cv=cv).fit(x, y)
print(time.perf_counter() - t)
`;
    const r = spawnSync(PY, ['-c', script], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
    return r.status === 0 ? Number(r.stdout.trim()) : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Our few-shot head alone (cross-validation over the same grid, the uncertainty variant, the final fit). */
async function fewShotSeconds(pack: PackData, data: AdaptDataset): Promise<number> {
  const binary = data.target.kind === 'binary';
  const { train } = patientSplit(data.group, data.y, binary, 0.3, 20250116);
  const t = performance.now();
  await fitFewShot({ data, u: uncertaintyFeatures(data), binary, manifest: pack.manifest, baseCtx: headContextOf(pack), basePoints: new Map(), folds: 5, seed: 20250116, site: 'bench' }, train, 0.9);
  return (performance.now() - t) / 1000;
}

async function main(): Promise<void> {
  const pack = await loadPackData(join(ROOT, 'models/reference'));
  const shift = loadAdaptFixture('shift');
  const rows: string[] = [];
  const peers: string[] = [];
  let curve: AdaptationReport | undefined;
  const cases: { n: number; target: TargetSpec }[] = [
    { n: 1000, target: { column: 'lvef', below: 40 } },
    { n: 1000, target: { column: 'lvef' } },
    { n: 20000, target: { column: 'lvef', below: 40 } },
    ...(FULL ? [{ n: 20000, target: { column: 'lvef' } }] : []),
  ];
  for (const c of cases) {
    const data = dataset(shift, c.n, c.target, 7);
    const rss0 = process.memoryUsage().rss;
    const t = performance.now();
    const out = await runAdaptation({ data, base: pack, options: { target: c.target, methods: ['recalibrate', 'fewshot', 'knn'], site: 'bench' } });
    const wall = (performance.now() - t) / 1000;
    const r = out.report;
    const tm = r.timings;
    rows.push(
      `| ${c.n} | ${r.target.label} | ${r.counts.train.ecgs} / ${r.counts.test.ecgs} | ${fmt(tm.fitS)} | ${fmt(tm.evaluateS)} | ${fmt(tm.learningCurveS)} | ${fmt(wall)} | ${fmt((process.memoryUsage().rss - rss0) / 2 ** 20, 0)} |`,
    );
    const ours = await fewShotSeconds(pack, data);
    const peer = sklearnPeer(pack, data);
    peers.push(`| ${c.n} | ${r.target.label} | ${r.target.kind === 'binary' ? 'L2 logistic, newton-cg' : 'ridge'} | ${fmt(ours, 2)} | ${fmt(peer, 2)} | ${peer ? fmt(ours / peer, 2) : 'n/a'} |`);
  }
  // The learning curve on the simulated shift itself (800 ECGs, 400 patients; no resampling).
  for (const target of [{ column: 'lvef', below: 40 }, { column: 'lvef' }] as TargetSpec[]) {
    const data = dataset(shift, shift.records.length, target, 7);
    const out = await runAdaptation({ data, base: pack, options: { target, methods: ['recalibrate', 'fewshot', 'knn'], site: 'shift' } });
    curve = out.report;
    const lc = curve.learningCurve;
    const sizes = lc.series[0]?.points.map((p) => p.size) ?? [];
    console.log(`\nLearning curve on the simulated shift (LVEF read 7 points lower, 30 % reduced EF), target ${curve.target.label}: ${lc.metric} on the ${curve.counts.test.ecgs} held-out ECGs (mean of 3 subsets per size)\n`);
    console.log(`| head | ${sizes.map((s, i) => (i === sizes.length - 1 ? `all (${s})` : String(s))).join(' | ')} |`);
    console.log(`| --- | ${sizes.map(() => '---').join(' | ')} |`);
    for (const b of lc.base) console.log(`| base ${b.head} | ${sizes.map(() => fmt(b.value, 4)).join(' | ')} |`);
    for (const s of lc.series) console.log(`| ${s.method}: ${s.head} | ${s.points.map((p) => fmt(p.value, 4)).join(' | ')} |`);
  }
  console.log(`\nAdaptation of the bundled pack, all methods (fitting includes 5-fold cross-validation; evaluation on the held-out patients; learning curve 10-200 x 3 subsets), ${cpus().length} CPU cores, load average ${loadavg()[0]?.toFixed(1)} at the end.\n`);
  console.log('| labelled ECGs | target | train / test | fit (s) | evaluate (s) | learning curve (s) | total (s) | RSS growth (MB) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
  console.log('\nFew-shot head, cross-validated fit over the same penalty grid and folds: this app (which also tries the uncertainty feature, and stops the penalty path 2 steps past the best) against scikit-learn (one BLAS thread) on the same standardised training features\n');
  console.log('| labelled ECGs | target | model | ours (s) | scikit-learn (s) | ratio |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const p of peers) console.log(p);
  if (!FULL) console.log('\n(BENCH_ADAPT_FULL=1 adds the continuous target at 20,000 ECGs.)');
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
