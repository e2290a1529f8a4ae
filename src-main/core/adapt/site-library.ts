/**
 * The site library of an adapted pack: the training ECGs its site kNN head ranks, each with its echo values
 * (and the binary target as a 0/1 measurement). Studies are named by a prefix of the ECG's content hash, never
 * by file name, patient or date, so the pack carries no identifier.
 */
import type { LoadedLibrary } from '../model/pack/load';
import type { AdaptDataset } from './dataset';

export function buildSiteLibrary(data: AdaptDataset, rows: Int32Array, measurement: string): LoadedLibrary {
  const d = data.dim;
  const means = new Float32Array(rows.length * d);
  const logvars = new Float32Array(rows.length * d);
  const studies = Array.from(rows, (i, r) => {
    means.set(data.mean.subarray(i * d, (i + 1) * d), r * d);
    logvars.set(data.logvar.subarray(i * d, (i + 1) * d), r * d);
    return { id: `site-${(data.sha256[i] as string).slice(0, 12)}-${r + 1}`, report: '', measurements: { ...data.echo[i], [measurement]: data.y[i] as number } };
  });
  return { studies, means, logvars };
}
