/**
 * Saves an adaptation as a model pack (models/PACK-FORMAT.md, schema 2): the base pack's network and data
 * files copied unchanged (same sha256), the adapted heads, the site library when there is a site kNN head,
 * and the provenance (base pack with its hashes, cohort and digest of the training labels, split, methods with
 * their hyper-parameters, the validation report). clinicalUse is the base pack's, never raised. Written to a
 * temporary folder, validated and hash-checked there, then renamed into place.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CoreError } from '../errors';
import { type PackData, loadPackData } from '../model/pack/load';
import { type PackManifest, SUPPORTED_SCHEMA_VERSION, manifestSchema } from '../model/pack/manifest';
import type { AdaptOutcome } from './adapt';
import { slug } from './fit-common';

export const SITE_LIBRARY_JSON = 'site-library.json';
export const SITE_LIBRARY_BIN = 'site-library.bin';

export interface SavedPack {
  dir: string;
  manifest: PackManifest;
}

async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const buf = await readFile(path);
  return { sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.byteLength };
}

/** The adapted pack's id: the base id and the site's slug. */
export function adaptedPackId(baseId: string, site: string): string {
  return `${baseId}-${slug(site)}`.slice(0, 100);
}

/** Numbers the manifest can hold (finite); other values are dropped from the hyper-parameters. */
function finiteParams(p: Record<string, number | string | boolean>): Record<string, number | string | boolean> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => typeof v !== 'number' || Number.isFinite(v)));
}

/** The report as plain JSON (non-finite numbers become null, as JSON has no NaN). */
function plainJson<T>(v: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x))) as Record<string, unknown>;
}

function siteLibraryFiles(lib: NonNullable<AdaptOutcome['siteLibrary']>, dim: number): { json: string; bin: Buffer } {
  const n = lib.studies.length;
  const bin = Buffer.alloc(n * 2 * dim * 4);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < dim; k++) {
      bin.writeFloatLE(lib.means[i * dim + k] as number, (i * 2 * dim + k) * 4);
      bin.writeFloatLE(lib.logvars[i * dim + k] as number, (i * 2 * dim + dim + k) * 4);
    }
  }
  return { json: `${JSON.stringify({ studies: lib.studies })}\n`, bin };
}

/**
 * Writes the pack into `outDir` (which must not exist yet, or be an empty folder) and returns it loaded and
 * hash-checked. `app` names the application version for the provenance.
 */
export async function writeAdaptedPack(base: PackData, outcome: AdaptOutcome, outDir: string, app: string): Promise<SavedPack> {
  const existing = await readdir(outDir).catch(() => undefined);
  if (existing && existing.length > 0) {
    throw new CoreError('BAD_REQUEST', `The folder ${basename(outDir)} already exists and is not empty: choose another folder or site name.`);
  }
  const r = outcome.report;
  const bm = base.manifest;
  const tmp = join(dirname(outDir), `.${basename(outDir)}.partial-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp, { recursive: true });
  try {
    const dropped = new Set(bm.siteLibrary ? [bm.siteLibrary.metadata, bm.siteLibrary.embeddings] : []);
    const files: PackManifest['files'] = [];
    for (const f of bm.files) {
      if (dropped.has(f.path)) continue;
      await mkdir(dirname(join(tmp, f.path)), { recursive: true });
      await copyFile(join(base.dir, f.path), join(tmp, f.path));
      const h = await sha256File(join(tmp, f.path));
      if (h.sha256 !== f.sha256.toLowerCase()) throw new CoreError('PACK_HASH_MISMATCH', `The base pack file ${f.path} changed while it was copied.`);
      files.push({ path: f.path, ...h });
    }
    let siteLibrary: PackManifest['siteLibrary'];
    if (outcome.siteLibrary) {
      const lib = siteLibraryFiles(outcome.siteLibrary, base.dim);
      await writeFile(join(tmp, SITE_LIBRARY_JSON), lib.json);
      await writeFile(join(tmp, SITE_LIBRARY_BIN), lib.bin);
      for (const p of [SITE_LIBRARY_JSON, SITE_LIBRARY_BIN]) files.push({ path: p, ...(await sha256File(join(tmp, p))) });
      siteLibrary = { metadata: SITE_LIBRARY_JSON, embeddings: SITE_LIBRARY_BIN, count: outcome.siteLibrary.studies.length };
    }
    const baseManifestSha = (await sha256File(join(base.dir, 'manifest.json'))).sha256;
    const date = r.createdAt.slice(0, 10);
    const { siteLibrary: _oldSite, adaptation: _oldAdaptation, ...inherited } = bm;
    const manifest = {
      ...inherited,
      schemaVersion: SUPPORTED_SCHEMA_VERSION,
      id: adaptedPackId(bm.id, r.site),
      name: `${bm.name} · site-adapted (${r.site})`,
      version: `${bm.version}+site.${r.createdAt.replace(/[^0-9]/g, '').slice(0, 12)}`,
      // Inherited, never raised: adaptation does not make a pack fit for clinical use.
      clinicalUse: bm.clinicalUse,
      clinicalUseStatement: `${bm.clinicalUseStatement} Site-adapted for ${r.site} on ${date} from ${r.counts.train.ecgs} labelled ECGs (${r.target.label}); validated on ${r.counts.test.ecgs} held-out ECGs of other patients (see adaptation.validation).`,
      trainedOn: `${bm.trainedOn} Site adaptation (${r.methods.join(', ')}) for ${r.target.label} on cohort "${r.cohort.name}": ${r.counts.train.ecgs} ECGs of ${r.counts.train.patients} patients for fitting, ${r.counts.test.ecgs} ECGs of ${r.counts.test.patients} other patients held out.`,
      files,
      heads: outcome.heads,
      ...(siteLibrary ? { siteLibrary } : {}),
      adaptation: {
        method: 'site-adaptation' as const,
        site: r.site,
        createdAt: r.createdAt,
        app,
        basePack: { id: bm.id, name: bm.name, version: bm.version, manifestSha256: baseManifestSha, files: bm.files.map((f) => ({ path: f.path, sha256: f.sha256 })) },
        cohort: {
          name: r.cohort.name,
          labelsDigest: outcome.labelsDigest,
          ecgs: r.counts.used,
          patients: r.counts.patients,
          train: { ecgs: r.counts.train.ecgs, patients: r.counts.train.patients },
          test: { ecgs: r.counts.test.ecgs, patients: r.counts.test.patients },
          ...(outcome.echoDates ? { echoDates: outcome.echoDates } : {}),
        },
        target: {
          column: r.target.column, kind: r.target.kind, label: r.target.label,
          ...(r.target.below !== undefined ? { below: r.target.below } : {}), ...(r.target.above !== undefined ? { above: r.target.above } : {}),
        },
        split: { by: 'patient' as const, stratified: true, testFraction: r.split.testFraction, seed: r.split.seed, folds: r.split.folds },
        methods: outcome.fitted.map((f) => ({ head: f.spec.id, method: f.method, ...(f.baseHead ? { baseHead: f.baseHead } : {}), hyperParameters: finiteParams(f.hyperParameters) })),
        validation: plainJson(r),
      },
    };
    const parsed = manifestSchema.safeParse(manifest);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new CoreError('INTERNAL', `The adapted pack's manifest is invalid at ${first?.path.join('.') ?? '?'}: ${first?.message ?? ''}`);
    }
    await writeFile(join(tmp, 'manifest.json'), `${JSON.stringify(parsed.data, null, 2)}\n`);
    await loadPackData(tmp);
    if (existing) await rm(outDir, { recursive: true, force: true });
    await mkdir(dirname(outDir), { recursive: true });
    await rename(tmp, outDir);
    await stat(join(outDir, 'manifest.json'));
    return { dir: outDir, manifest: parsed.data };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
