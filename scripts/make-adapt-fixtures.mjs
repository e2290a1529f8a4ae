#!/usr/bin/env node
/**
 * Writes the site-adaptation test fixtures (tests/fixtures/adapt/<name>.json + <name>.emb.f16): simulated
 * cohorts scored by the bundled pack, kept as what the cohort database stores for adaptation (each ECG's
 * embedding, its patient and its echo labels), so the tests need neither Python nor thousands of waveform
 * files.
 *
 *   npm run build && node scripts/make-adapt-fixtures.mjs
 *
 * For each cohort: models/tools/make_sim_cohort.py writes the WFDB records and labels.csv (with the site shift
 * of the spec below), `echoing-ecg cohort score` scores them with models/reference into a cohort database (the
 * app's own scoring path: preprocessing, onnxruntime, embeddings stored by migration 2), and the embeddings
 * are read back from it. Embeddings are saved as float16 (mean then logvar per ECG, little-endian) to keep
 * the repository small; the tests load them as float32.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'tests/fixtures/adapt');
const require = createRequire(import.meta.url);
const Database = require('libsql');

/** The cohorts: a site with a shift (LVEF read 7 points lower, more reduced EF) and one without. */
const SPECS = [
  { name: 'shift', n: 400, seed: 5105, perPatient: 2, reducedFraction: 0.3, lvefOffset: -7, lvefReadSd: 2 },
  { name: 'noshift', n: 400, seed: 5106, perPatient: 2, reducedFraction: 0.17, lvefOffset: 0, lvefReadSd: 0 },
];

/** float32 -> IEEE half (round to nearest even), as uint16 bits. */
function toHalf(v) {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && h & 1)) h += 1;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h += 1;
  return sign | h;
}

const tmp = mkdtempSync(join(tmpdir(), 'adapt-fixtures-'));
try {
  const model = JSON.parse(readFileSync(join(ROOT, 'models/reference/manifest.json'), 'utf8'));
  for (const s of SPECS) {
    const dir = join(tmp, s.name);
    const args = [
      join(ROOT, 'models/tools/make_sim_cohort.py'), '--out', dir, '--n', String(s.n), '--seed', String(s.seed), '--formats', 'wfdb',
      '--ecgs-per-patient', String(s.perPatient), '--reduced-fraction', String(s.reducedFraction),
      '--lvef-offset', String(s.lvefOffset), '--lvef-read-sd', String(s.lvefReadSd),
    ];
    execFileSync('/usr/bin/python3', args, { stdio: 'inherit' });
    const db = join(tmp, `${s.name}.db`);
    execFileSync(process.execPath, [join(ROOT, 'bin/echoing-ecg.cjs'), 'cohort', 'score', join(dir, 'ecg'), '--db', db, '--labels', join(dir, 'labels.csv'), '--model', join(ROOT, 'models/reference')], { stdio: 'inherit' });
    const conn = new Database(db, { readonly: true });
    const rows = conn
      .prepare(
        `SELECT f.file_name AS file, f.sha256, l.patient_id AS patient, l.lvef, l.values_json AS v, e.dim, e.mean, e.logvar
         FROM ecg_files f JOIN labels l ON l.id = f.label_id
         JOIN embeddings e ON e.sha256 = f.sha256 AND e.model_id = ? AND e.model_version = ?
         ORDER BY f.file_name`,
      )
      .all(model.id, model.version);
    conn.close();
    const dim = rows[0].dim;
    const bin = Buffer.alloc(rows.length * dim * 2 * 2);
    let o = 0;
    for (const r of rows) {
      for (const blob of [r.mean, r.logvar]) {
        const view = blob instanceof ArrayBuffer ? new DataView(blob) : new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
        for (let k = 0; k < dim; k++, o += 2) bin.writeUInt16LE(toHalf(view.getFloat32(k * 4, true)), o);
      }
    }
    const records = rows.map((r) => ({ file: r.file, sha256: r.sha256, patient: r.patient, lvef: r.lvef, ...JSON.parse(r.v ?? '{}') }));
    const meta = {
      note: 'SIMULATED cohort (models/tools/sim), scored by models/reference; written by scripts/make-adapt-fixtures.mjs. Not real patients.',
      spec: s,
      pack: { id: model.id, version: model.version, modelSha256: model.files.find((f) => f.path === 'model.onnx').sha256 },
      dim,
      embeddings: `${s.name}.emb.f16`,
      layout: 'per record: mean[dim] then logvar[dim], float16 little-endian',
      records,
    };
    writeFileSync(join(OUT, `${s.name}.json`), `${JSON.stringify(meta)}\n`);
    writeFileSync(join(OUT, `${s.name}.emb.f16`), bin);
    console.log(`${s.name}: ${records.length} ECGs of ${new Set(records.map((r) => r.patient)).size} patients`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
