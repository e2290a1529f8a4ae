#!/usr/bin/env node
// Puts onnxruntime's CUDA provider libraries next to onnxruntime-node's binding, where onnxruntime loads them
// from (the folder of libonnxruntime.so). They are not on npm: onnxruntime-node's postinstall downloads them from
// NuGet, which this project's .npmrc switches off (nothing may download at install). Bring them from a machine
// that has them, of EXACTLY the installed onnxruntime-node version:
//   - the NuGet package Microsoft.ML.OnnxRuntime.Gpu.Linux <version>, unpacked (runtimes/linux-x64/native/), or
//   - a pip onnxruntime-gpu <version> (its onnxruntime/capi/ folder), or
//   - `ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node` on a networked machine, then copy them.
//
//   node scripts/install-ort-cuda.mjs --from DIR [--force]
//
// The version is checked from the folder's package (a *.nuspec above it, or onnxruntime/__init__.py or
// capi/version_info.py); --force skips that check when neither is there. CUDA 12 and cuDNN 9 themselves come
// from the system or PyTorch's wheels (LD_LIBRARY_PATH). `echoing-ecg predict --ep cuda` then says whether it runs.
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const LIBS = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'];
const args = process.argv.slice(2);
const from = args[args.indexOf('--from') + 1];
if (!args.includes('--from') || !from) {
  process.stderr.write('usage: node scripts/install-ort-cuda.mjs --from DIR [--force]\n');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const pkgPath = require.resolve('onnxruntime-node/package.json');
const version = JSON.parse(readFileSync(pkgPath, 'utf8')).version;
const binding = join(dirname(pkgPath), 'bin', 'napi-v6', 'linux', 'x64');
const src = resolve(from);

/** The onnxruntime version the folder belongs to, from its package metadata, or undefined. */
function versionOf(dir) {
  for (let d = dir, i = 0; i < 5; d = dirname(d), i++) {
    for (const f of existsSync(d) ? readdirSync(d) : []) {
      if (f.endsWith('.nuspec')) return /<version>([^<]+)<\/version>/.exec(readFileSync(join(d, f), 'utf8'))?.[1];
    }
    for (const f of ['__init__.py', join('capi', 'version_info.py')]) {
      const p = join(d, f);
      if (existsSync(p) && /onnxruntime/.test(d)) {
        const v = /__version__\s*=\s*["']([^"']+)["']/.exec(readFileSync(p, 'utf8'))?.[1];
        if (v) return v;
      }
    }
  }
  return undefined;
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  process.stderr.write('The CUDA provider is used on Linux x64 only.\n');
  process.exit(2);
}
const missing = LIBS.filter((l) => !existsSync(join(src, l)));
if (missing.length > 0) {
  process.stderr.write(`${src} has no ${missing.join(', ')}.\n`);
  process.exit(1);
}
const found = versionOf(src);
if (found !== version && !args.includes('--force')) {
  process.stderr.write(found
    ? `These libraries belong to onnxruntime ${found}; onnxruntime-node here is ${version}. Provider libraries must be of the same release.\n`
    : `Cannot tell which onnxruntime release ${src} belongs to (no .nuspec, no onnxruntime/__init__.py); if you know it is ${version}, add --force.\n`);
  process.exit(1);
}
for (const l of LIBS) copyFileSync(join(src, l), join(binding, l));
process.stdout.write(`Installed ${LIBS.join(', ')} (onnxruntime ${found ?? `${version}, unchecked`}) into ${binding}.\n`);
