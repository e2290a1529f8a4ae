import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { z } from 'zod';
import { CoreError } from '../../errors';
import { type PackManifest, SUPPORTED_SCHEMA_VERSIONS, manifestSchema } from './manifest';
import { onnxExternalDataFiles } from './onnx-external';

/** One echo study of the pack's report library, with its Gaussian embedding row index. */
export interface LibraryStudy {
  id: string;
  report: string;
  measurements: Record<string, number>;
  date?: string;
}

/** A library as loaded: study metadata and the Gaussian embeddings, [N x D] each. */
export interface LoadedLibrary {
  studies: LibraryStudy[];
  means: Float32Array;
  logvars: Float32Array;
}

/** The data the heads and retrieval need, read and size-checked. */
export interface PackData {
  dir: string;
  manifest: PackManifest;
  modelPath: string;
  /** Embedding dimension D. */
  dim: number;
  library?: LoadedLibrary;
  /** Schema 2: the site's labelled ECGs of a site-adapted pack (site kNN heads, similar site ECGs). */
  siteLibrary?: LoadedLibrary;
  /** Prompt embeddings per prompt-regression head id, [values x D]. */
  prompts: Map<string, Float32Array>;
}

const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

const libraryJson = z.object({
  studies: z.array(
    z.object({
      id: z.string().min(1),
      report: z.string(),
      measurements: z.record(z.string(), z.number().finite()),
      date: z.string().optional(),
    }),
  ),
});

/** Reads and validates manifest.json: PACK_NOT_FOUND, PACK_SCHEMA_UNSUPPORTED or PACK_INVALID (naming the field). */
export async function readManifest(dir: string): Promise<PackManifest> {
  const path = join(dir, 'manifest.json');
  let text: string;
  try {
    const st = await stat(path);
    if (st.size > MAX_MANIFEST_BYTES) throw new CoreError('PACK_INVALID', 'The model pack manifest is implausibly large.');
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof CoreError) throw e;
    throw new CoreError('PACK_NOT_FOUND', 'No model pack here: the folder has no manifest.json.', e);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CoreError('PACK_INVALID', 'The model pack manifest is not valid JSON.', e);
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (!(SUPPORTED_SCHEMA_VERSIONS as readonly unknown[]).includes(version)) {
    throw new CoreError(
      'PACK_SCHEMA_UNSUPPORTED',
      `The model pack uses manifest schema version ${JSON.stringify(version ?? null)}; this app reads versions ${SUPPORTED_SCHEMA_VERSIONS.join(' and ')}.`,
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.join('.') || '(top level)';
    throw new CoreError('PACK_INVALID', `The model pack manifest is invalid at ${where}: ${first?.message ?? 'unknown problem'}.`);
  }
  return parsed.data;
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** Files verified in this process, keyed by path, size and mtime: re-activating a pack does not re-hash 500 MB. */
const verified = new Map<string, string>();

/** Checks every listed file exists with its size and sha256, before anything is loaded from it. */
export async function verifyPackFiles(dir: string, manifest: PackManifest): Promise<void> {
  for (const f of manifest.files) {
    const path = join(dir, f.path);
    let st;
    try {
      st = await stat(path);
    } catch (e) {
      throw new CoreError('PACK_FILE_MISSING', `The model pack is incomplete: ${f.path} is missing.`, e);
    }
    if (!st.isFile()) throw new CoreError('PACK_FILE_MISSING', `The model pack is incomplete: ${f.path} is not a file.`);
    const key = `${path}|${st.size}|${st.mtimeMs}`;
    if (verified.get(key) === f.sha256.toLowerCase()) continue;
    if (st.size !== f.bytes) {
      throw new CoreError('PACK_HASH_MISMATCH', `The model pack file ${f.path} has the wrong size: it was changed or damaged.`);
    }
    const digest = await sha256(path);
    if (digest !== f.sha256.toLowerCase()) {
      throw new CoreError('PACK_HASH_MISMATCH', `The model pack file ${f.path} does not match its checksum: it was changed or damaged.`);
    }
    verified.set(key, digest);
  }
}

/**
 * PACK_UNLISTED_FILE unless every external data file the network loads is listed in the manifest (and so was
 * hash-checked with the rest): otherwise its weights could change with no checksum noticing.
 */
export async function checkNetworkFiles(dir: string, manifest: PackManifest): Promise<void> {
  const listed = new Set(manifest.files.map((f) => posix.normalize(f.path)));
  for (const location of await onnxExternalDataFiles(join(dir, 'model.onnx'))) {
    const rel = posix.normalize(location.replace(/\\/g, '/'));
    const shown = JSON.stringify(location.slice(0, 100));
    if (location === '' || posix.isAbsolute(rel) || rel === '..' || rel.startsWith('../')) {
      throw new CoreError('PACK_INVALID', `The model pack's network loads weights from ${shown}, outside the pack: the pack is refused.`);
    }
    if (!listed.has(rel)) {
      throw new CoreError(
        'PACK_UNLISTED_FILE',
        `The model pack's network loads weights from ${shown}, which its manifest does not list (so no checksum covers it): the pack is refused.`,
      );
    }
  }
}

async function readF32(dir: string, file: string, count: number, what: string): Promise<Float32Array> {
  const buf = await readFile(join(dir, file));
  if (buf.byteLength !== count * 4) {
    throw new CoreError('PACK_INVALID', `The model pack's ${what} (${file}) has ${buf.byteLength / 4} values, expected ${count}.`);
  }
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

/** Manifest + hash check + library and prompt data: everything but the network session. */
export async function loadPackData(dir: string): Promise<PackData> {
  const manifest = await readManifest(dir);
  await verifyPackFiles(dir, manifest);
  await checkNetworkFiles(dir, manifest);
  const dim = manifest.outputs.mean.dims[0] as number;
  const prompts = new Map<string, Float32Array>();
  for (const h of manifest.heads) {
    if (h.kind === 'prompt-regression') prompts.set(h.id, await readF32(dir, h.file, h.values.length * dim, `prompt embeddings for ${h.id}`));
  }
  const library = manifest.library && (await readLibrary(dir, manifest.library, dim, 'report library'));
  const siteLibrary = manifest.siteLibrary && (await readLibrary(dir, manifest.siteLibrary, dim, 'site library'));
  for (const h of manifest.heads) {
    if (h.kind !== 'knn') continue;
    const lib = h.library === 'site' ? siteLibrary : library;
    if (!lib || h.k > lib.studies.length || lib.studies.some((s) => s.measurements[h.measurement] === undefined)) {
      throw new CoreError('PACK_INVALID', `The kNN head ${h.id} needs ${h.k} studies with ${h.measurement}.`);
    }
  }
  return { dir, manifest, modelPath: join(dir, 'model.onnx'), dim, library, ...(siteLibrary ? { siteLibrary } : {}), prompts };
}

/** A library's metadata (library.json layout) and its float32 means and log-variances, size-checked. */
async function readLibrary(dir: string, files: NonNullable<PackManifest['library']>, dim: number, what: string): Promise<LoadedLibrary> {
  let meta: z.output<typeof libraryJson>;
  try {
    meta = libraryJson.parse(JSON.parse(await readFile(join(dir, files.metadata), 'utf8')));
  } catch (e) {
    throw new CoreError('PACK_INVALID', `The model pack ${what} (${files.metadata}) is invalid.`, e);
  }
  const n = meta.studies.length;
  if (n !== files.count) {
    throw new CoreError('PACK_INVALID', `The ${what} lists ${n} studies; the manifest says ${files.count}.`);
  }
  const both = await readF32(dir, files.embeddings, n * 2 * dim, `${what} embeddings`);
  const means = new Float32Array(n * dim);
  const logvars = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    means.set(both.subarray(i * 2 * dim, i * 2 * dim + dim), i * dim);
    logvars.set(both.subarray(i * 2 * dim + dim, (i + 1) * 2 * dim), i * dim);
  }
  return { studies: meta.studies, means, logvars };
}
