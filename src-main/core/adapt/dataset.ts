/**
 * The labelled ECGs a site adaptation learns from, read from the cohort store: each ECG's stored embedding
 * (cohort migration 2, keyed by content and the cohort's model), its patient (for patient-level splits: never
 * written anywhere) and its echo values. Nothing here rescores: an ECG without a stored embedding is counted
 * and left out (the rescore offer adds it).
 */
import { blobToF32 } from '../cohort/embedding-blob';
import type { CohortStore } from '../cohort/store';
import { CoreError } from '../errors';
import { MEASUREMENT_LIMITS } from './plausible-range';
import type { AdaptTargets, ResolvedTarget, TargetColumn, TargetSpec } from './types';

export interface AdaptDataset {
  cohort: { id: number; name: string; modelId: string; modelVersion: string };
  target: ResolvedTarget;
  n: number;
  dim: number;
  sha256: string[];
  /** Patient group of each ECG (0..groups-1); an ECG without a patient id is its own group. */
  group: Int32Array;
  groups: number;
  /** Target: 0/1 for a binary target, the value for a continuous one. */
  y: Float64Array;
  /** [n x dim] each. */
  mean: Float32Array;
  logvar: Float32Array;
  /** Every echo value of the ECG's label (lvef and the numeric columns): the site library's measurements. */
  echo: Record<string, number>[];
  counts: { labelled: number; missingEmbeddings: number; withoutPatientId: number };
  /** First and last echo date (YYYY-MM), when the labels have dates. */
  echoDates?: { from: string; to: string };
}

const UNITS: Record<string, string> = { lvef: '%', lvedv: 'mL', lvesv: 'mL', lvsv: 'mL' };

interface LabelledRow {
  fileId: number;
  sha256: string;
  patient: string | null;
  lvef: number | null;
  v: string | null;
  echoDate: string | null;
  dim: number | null;
  mean: ArrayBuffer | Uint8Array | null;
  logvar: ArrayBuffer | Uint8Array | null;
  scored: number;
}

const LABELLED_SQL = `
SELECT f.id AS fileId, f.sha256, COALESCE(f.patient_id, l.patient_id) AS patient, l.lvef, l.values_json AS v,
  l.echo_date AS echoDate, e.dim, e.mean, e.logvar, (p.id IS NOT NULL) AS scored
FROM ecg_files f JOIN labels l ON l.id = f.label_id
LEFT JOIN embeddings e ON e.sha256 = f.sha256 AND e.model_id = ? AND e.model_version = ?
LEFT JOIN predictions p ON p.sha256 = f.sha256 AND p.model_id = ? AND p.model_version = ?
WHERE f.cohort_id = ? ORDER BY f.id`;

/** The label values of a row by column name (lvef and the sheet's other numeric columns). */
function valuesOf(r: Pick<LabelledRow, 'lvef' | 'v'>): Record<string, number> {
  const out: Record<string, number> = r.v ? (JSON.parse(r.v) as Record<string, number>) : {};
  if (r.lvef !== null) out.lvef = r.lvef;
  return out;
}

/** Whether a label value is physically possible for its column (an echo measurement's limits; any finite value otherwise). */
function plausibleLabel(column: string, v: number): boolean {
  const lim = MEASUREMENT_LIMITS[column];
  return Number.isFinite(v) && (!lim || (v >= lim[0] && v <= lim[1]));
}

/** The values a site library shows with a neighbour: implausible ones (a typing error in the sheet) left out. */
function plausibleValues(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([column, v]) => plausibleLabel(column, v)));
}

function scoredModel(store: CohortStore, cohortId: number): { name: string; modelId: string; modelVersion: string } {
  const c = store.cohort(cohortId);
  if (c.model_id === null || c.model_version === null) {
    throw new CoreError('ADAPT_NO_EMBEDDINGS', 'This cohort has not been scored yet: score it, then adapt.');
  }
  return { name: c.name, modelId: c.model_id, modelVersion: c.model_version };
}

function* labelledRows(store: CohortStore, cohortId: number, modelId: string, modelVersion: string, withBlobs: boolean): Generator<LabelledRow> {
  const sql = withBlobs ? LABELLED_SQL : LABELLED_SQL.replace('e.mean, e.logvar', 'NULL AS mean, NULL AS logvar');
  yield* store.db.prepare(sql).iterate(modelId, modelVersion, modelId, modelVersion, cohortId) as Iterable<LabelledRow>;
}

/** The columns a cohort's labels offer as adaptation targets, and how many scored ECGs lack an embedding. */
export function adaptTargets(store: CohortStore, cohortId: number): AdaptTargets {
  const c = store.cohort(cohortId);
  if (c.model_id === null || c.model_version === null) {
    return { cohortId, modelId: null, modelVersion: null, columns: [], missingEmbeddings: 0 };
  }
  const stats = new Map<string, { n: number; emb: number; binary: boolean; pos: number; min: number; max: number }>();
  let missing = 0;
  for (const r of labelledRows(store, cohortId, c.model_id, c.model_version, false)) {
    const has = r.dim !== null && r.dim > 0;
    if (r.scored && !has) missing += 1;
    for (const [column, v] of Object.entries(valuesOf(r))) {
      const s = stats.get(column) ?? { n: 0, emb: 0, binary: true, pos: 0, min: Infinity, max: -Infinity };
      s.n += 1;
      if (has) s.emb += 1;
      if (v !== 0 && v !== 1) s.binary = false;
      if (v === 1) s.pos += 1;
      s.min = Math.min(s.min, v);
      s.max = Math.max(s.max, v);
      stats.set(column, s);
    }
  }
  const columns: TargetColumn[] = [...stats.entries()]
    .map(([column, s]) => ({
      column,
      kind: s.binary ? ('binary' as const) : ('continuous' as const),
      n: s.n,
      withEmbeddings: s.emb,
      ...(s.binary ? { positives: s.pos } : { min: s.min, max: s.max }),
    }))
    .sort((a, b) => (a.column === 'lvef' ? -1 : b.column === 'lvef' ? 1 : a.column.localeCompare(b.column)));
  return { cohortId, modelId: c.model_id, modelVersion: c.model_version, columns, missingEmbeddings: missing };
}

/** Checks a target against the column's kind and names it (label, finding or measurement, unit). */
export function resolveTarget(spec: TargetSpec, column: TargetColumn | undefined): ResolvedTarget {
  if (!column) throw new CoreError('ADAPT_TARGET_INVALID', `The labels have no column "${spec.column}" with numbers.`);
  if (spec.below !== undefined && spec.above !== undefined) {
    throw new CoreError('ADAPT_TARGET_INVALID', 'Give a threshold below or above, not both.');
  }
  const threshold = spec.below ?? spec.above;
  if (threshold !== undefined && !Number.isFinite(threshold)) throw new CoreError('ADAPT_TARGET_INVALID', 'The threshold is not a number.');
  const unit = UNITS[spec.column];
  const upper = spec.column === 'lvef' ? 'LVEF' : spec.column;
  if (column.kind === 'binary') {
    if (threshold !== undefined) throw new CoreError('ADAPT_TARGET_INVALID', `"${spec.column}" is already a 0/1 column: it takes no threshold.`);
    return { column: spec.column, kind: 'binary', label: upper, name: spec.column };
  }
  if (threshold === undefined) return { column: spec.column, kind: 'continuous', label: upper, name: spec.column, ...(unit ? { unit } : {}) };
  const op = spec.below !== undefined ? 'lt' : 'gt';
  const text = `${upper} ${spec.below !== undefined ? '<' : '>'} ${threshold}${unit ? ` ${unit}` : ''}`;
  return { ...spec, kind: 'binary', label: text, name: `${spec.column}_${op}_${String(threshold).replace('-', 'm')}` };
}

/** The target value of one label: 0/1 (binary or thresholded) or the value; null when the column is empty. */
function targetValue(t: ResolvedTarget, values: Record<string, number>): number | null {
  const v = values[t.column];
  if (v === undefined) return null;
  if (t.below !== undefined) return v < t.below ? 1 : 0;
  if (t.above !== undefined) return v > t.above ? 1 : 0;
  return v;
}

/** Loads the labelled ECGs with a stored embedding and a value for the target. */
export function loadAdaptDataset(store: CohortStore, cohortId: number, spec: TargetSpec): AdaptDataset {
  const model = scoredModel(store, cohortId);
  const targets = adaptTargets(store, cohortId);
  const target = resolveTarget(spec, targets.columns.find((c) => c.column === spec.column));
  const sha256: string[] = [];
  const groupOf = new Map<string, number>();
  const group: number[] = [];
  const y: number[] = [];
  const echo: Record<string, number>[] = [];
  const means: Float32Array[] = [];
  const logvars: Float32Array[] = [];
  let dim = 0;
  let labelled = 0;
  let withoutPatientId = 0;
  let dates: string[] = [];
  let implausible = 0;
  for (const r of labelledRows(store, cohortId, model.modelId, model.modelVersion, true)) {
    const values = valuesOf(r);
    const t = targetValue(target, values);
    if (t === null) continue;
    labelled += 1;
    if (!plausibleLabel(target.column, values[target.column] as number)) implausible += 1;
    if (r.dim === null || r.dim <= 0 || !r.mean || !r.logvar) continue;
    if (dim === 0) dim = r.dim;
    if (r.dim !== dim) throw new CoreError('ADAPT_NO_EMBEDDINGS', 'The stored embeddings have different sizes: rescore the cohort.');
    const mean = blobToF32(r.mean);
    const logvar = blobToF32(r.logvar);
    if (mean.length !== dim || logvar.length !== dim || !mean.every(Number.isFinite) || !logvar.every(Number.isFinite)) {
      throw new CoreError('ADAPT_NO_EMBEDDINGS', 'A stored embedding is damaged (wrong size or not finite): rescore the cohort.');
    }
    let key = r.patient;
    if (key === null) {
      withoutPatientId += 1;
      key = `\u0000file:${r.fileId}`;
    }
    let g = groupOf.get(key);
    if (g === undefined) {
      g = groupOf.size;
      groupOf.set(key, g);
    }
    sha256.push(r.sha256);
    group.push(g);
    y.push(t);
    echo.push(plausibleValues(values));
    means.push(mean);
    logvars.push(logvar);
    if (r.echoDate) dates.push(r.echoDate.slice(0, 7));
  }
  if (implausible > 0) {
    const lim = MEASUREMENT_LIMITS[target.column] as readonly [number, number];
    throw new CoreError(
      'ADAPT_TARGET_INVALID',
      `${implausible} labels of ${target.column} lie outside ${lim[0]} to ${lim[1]}${target.unit ? ` ${target.unit}` : ''}, which is not physically possible: correct the labels sheet, import it again, then adapt.`,
    );
  }
  const n = sha256.length;
  const mean = new Float32Array(n * dim);
  const logvar = new Float32Array(n * dim);
  means.forEach((m, i) => mean.set(m, i * dim));
  logvars.forEach((l, i) => logvar.set(l, i * dim));
  dates = dates.sort();
  return {
    cohort: { id: cohortId, name: model.name, modelId: model.modelId, modelVersion: model.modelVersion },
    target,
    n,
    dim,
    sha256,
    group: Int32Array.from(group),
    groups: groupOf.size,
    y: Float64Array.from(y),
    mean,
    logvar,
    echo,
    counts: { labelled, missingEmbeddings: labelled - n, withoutPatientId },
    ...(dates.length > 0 ? { echoDates: { from: dates[0] as string, to: dates[dates.length - 1] as string } } : {}),
  };
}
