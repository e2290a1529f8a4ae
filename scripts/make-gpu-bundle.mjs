#!/usr/bin/env node
// Makes the GPU check kit: one compressed folder that scripts/gpu-check.sh runs on a bare Linux x64 machine with
// an NVIDIA GPU and its driver but no Node and no network. It holds this machine's Node binary, onnxruntime-node's
// JavaScript and its Linux x64 native files, the check itself (scripts/gpu-check/check.ts bundled with the app's
// core into one file), the reference pack, the project's Python model tooling (to build the full-size
// EchoingECG-101 there, with random weights) and, when this machine can get it, the Vulkan loader for WebGPU.
//
//   node scripts/make-gpu-bundle.mjs [--out echoing-gpu-check.tar.xz] [--cuda-dir DIR] [--no-vulkan] [--fast]
//
// --cuda-dir DIR adds onnxruntime's CUDA provider libraries (libonnxruntime_providers_{shared,cuda}.so of the
// same onnxruntime version; they are large, so the kit then passes 60 MB). Without them gpu-check.sh looks on
// the GPU machine (ORT_CUDA_PROVIDER_DIR, or a pip onnxruntime-gpu of the same version).
// --fast compresses with xz -1 (tests); the default is xz -9e. Prints the kit's size.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = resolve(opt('--out') ?? 'echoing-gpu-check.tar.xz');
const cudaDir = opt('--cuda-dir');
const fast = args.includes('--fast');
const say = (m) => process.stderr.write(`${m}\n`);

if (process.platform !== 'linux' || process.arch !== 'x64') {
  say('The kit is for Linux x64 (it carries this machine\'s Node binary and onnxruntime\'s linux/x64 files): make it on Linux x64.');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'gpu-kit-'));
const kit = join(work, 'echoing-gpu-check');
try {
  mkdirSync(join(kit, 'bin'), { recursive: true });
  copyFileSync(process.execPath, join(kit, 'bin', 'node'));
  chmodSync(join(kit, 'bin', 'node'), 0o755);

  // onnxruntime-node at runtime: its dist, the linux/x64 binding and library, and onnxruntime-common's CommonJS build.
  const nm = join(kit, 'app', 'node_modules');
  const ortSrc = join(root, 'node_modules', 'onnxruntime-node');
  const ortDst = join(nm, 'onnxruntime-node');
  mkdirSync(join(ortDst, 'bin', 'napi-v6', 'linux'), { recursive: true });
  copyFileSync(join(ortSrc, 'package.json'), join(ortDst, 'package.json'));
  cpSync(join(ortSrc, 'dist'), join(ortDst, 'dist'), { recursive: true });
  cpSync(join(ortSrc, 'bin', 'napi-v6', 'linux', 'x64'), join(ortDst, 'bin', 'napi-v6', 'linux', 'x64'), { recursive: true });
  const binding = join(ortDst, 'bin', 'napi-v6', 'linux', 'x64');
  for (const f of readdirSync(binding)) if (f.startsWith('libonnxruntime_providers_')) rmSync(join(binding, f));
  const common = join(root, 'node_modules', 'onnxruntime-common');
  mkdirSync(join(nm, 'onnxruntime-common', 'dist'), { recursive: true });
  copyFileSync(join(common, 'package.json'), join(nm, 'onnxruntime-common', 'package.json'));
  cpSync(join(common, 'dist', 'cjs'), join(nm, 'onnxruntime-common', 'dist', 'cjs'), { recursive: true });
  if (cudaDir) {
    for (const f of ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so']) {
      if (!existsSync(join(cudaDir, f))) throw new Error(`--cuda-dir has no ${f}`);
      copyFileSync(join(cudaDir, f), join(binding, f));
    }
  }

  // The check, bundled with the app's core (onnxruntime-node stays a real module beside it).
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(root, 'scripts', 'gpu-check', 'check.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    outfile: join(kit, 'app', 'gpu-check.cjs'), external: ['onnxruntime-node'], logLevel: 'error',
  });

  cpSync(join(root, 'models', 'reference'), join(kit, 'models', 'reference'), { recursive: true });
  const tools = join(kit, 'tools');
  mkdirSync(join(tools, 'bench'), { recursive: true });
  cpSync(join(root, 'models', 'tools', 'echoingecg'), join(tools, 'echoingecg'), { recursive: true, filter: (p) => !p.includes('__pycache__') });
  for (const f of ['make_random_checkpoint.py', 'export_echoingecg.py']) copyFileSync(join(root, 'models', 'tools', f), join(tools, f));
  copyFileSync(join(root, 'models', 'tools', 'bench', 'torch_bench.py'), join(tools, 'bench', 'torch_bench.py'));
  copyFileSync(join(root, 'scripts', 'gpu-check.sh'), join(kit, 'gpu-check.sh'));
  chmodSync(join(kit, 'gpu-check.sh'), 0o755);

  // WebGPU on Linux needs the Vulkan loader; a bare GPU machine may have the NVIDIA driver without it.
  let vulkan = 'not included';
  if (!args.includes('--no-vulkan')) {
    const system = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/lib/x86_64-linux-gnu/libvulkan.so.1'].find((p) => existsSync(p));
    mkdirSync(join(kit, 'lib'), { recursive: true });
    if (system) {
      copyFileSync(system, join(kit, 'lib', 'libvulkan.so.1'));
      vulkan = `from ${system}`;
    } else {
      // Debian's libvulkan1 through apt (this project's registry), unpacked here; skipped within seconds offline.
      const deb = mkdtempSync(join(work, 'deb-'));
      const dl = spawnSync('apt-get', ['download', 'libvulkan1'], { cwd: deb, encoding: 'utf8', timeout: 60_000 });
      const file = readdirSync(deb).find((f) => f.endsWith('.deb'));
      if (dl.status === 0 && file) {
        execFileSync('dpkg-deb', ['-x', join(deb, file), join(deb, 'x')]);
        const lib = join(deb, 'x', 'usr', 'lib', 'x86_64-linux-gnu');
        const so = readdirSync(lib).find((f) => f.startsWith('libvulkan.so.1.'));
        if (so) {
          copyFileSync(join(lib, so), join(kit, 'lib', 'libvulkan.so.1'));
          vulkan = `from Debian ${basename(file)}`;
        }
      }
    }
  }
  writeFileSync(
    join(kit, 'KIT.txt'),
    `EchoingECG GPU check kit, made ${new Date().toISOString()} by scripts/make-gpu-bundle.mjs\nNode ${process.version}; onnxruntime-node ${JSON.parse(execFileSync('cat', [join(ortSrc, 'package.json')], { encoding: 'utf8' })).version}; ` +
      `CUDA provider libraries: ${cudaDir ? 'included' : 'not included (found on the GPU machine)'}; Vulkan loader: ${vulkan}.\nRun: ./gpu-check.sh (see its header).\n`,
  );

  const tar = spawnSync('tar', ['-C', work, '-cf', '-', 'echoing-gpu-check'], { maxBuffer: 1 << 30 });
  if (tar.status !== 0) throw new Error('tar failed');
  const xz = spawnSync('xz', [fast ? '-1' : '-9e', '-T0', '-c'], { input: tar.stdout, maxBuffer: 1 << 30 });
  if (xz.status !== 0) throw new Error(`xz failed: ${xz.stderr}`);
  writeFileSync(out, xz.stdout);
  const mb = statSync(out).size / 1e6;
  say(`wrote ${out}: ${mb.toFixed(1)} MB (${(tar.stdout.length / 1e6).toFixed(0)} MB unpacked); Vulkan loader ${vulkan}; CUDA provider libraries ${cudaDir ? 'included' : 'not included'}`);
  process.stdout.write(`${JSON.stringify({ path: out, bytes: statSync(out).size, unpackedBytes: tar.stdout.length, vulkan, cuda: Boolean(cudaDir) })}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
