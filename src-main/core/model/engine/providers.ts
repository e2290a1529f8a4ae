import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ExecutionProviderChoice } from '../types';

/** One provider of a plan; `skip` says why it is known not to work here without trying (no library). */
export interface PlannedProvider {
  provider: string;
  skip?: string;
}

/** What the checks below look at; the real machine by default, a made-up one in tests. */
export interface ProviderHost {
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  exists(path: string): boolean;
  list(dir: string): string[];
  /** Folder of onnxruntime-node's native binding and libonnxruntime (where provider libraries must sit). */
  bindingDir: string | undefined;
  /** The installed onnxruntime-node version (provider libraries must be of this release). */
  ortVersion: string | undefined;
}

/** Providers a forced choice may name on this platform (others are EP_UNAVAILABLE without trying). */
export function platformProviders(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string[] {
  if (platform === 'linux' && arch === 'x64') return ['cpu', 'cuda', 'webgpu'];
  if (platform === 'win32') return ['cpu', 'dml', 'webgpu'];
  if (platform === 'darwin') return ['cpu', 'coreml', 'webgpu'];
  return ['cpu'];
}

function ortPackage(): { dir: string; version: string } | undefined {
  try {
    const req = createRequire(__filename);
    const pkg = req.resolve('onnxruntime-node/package.json');
    return { dir: dirname(pkg), version: (req(pkg) as { version: string }).version };
  } catch {
    return undefined;
  }
}

/** Folder of the native binding (where onnxruntime looks for provider libraries). */
export function bindingDir(): string | undefined {
  const p = ortPackage();
  return p ? join(p.dir, 'bin', 'napi-v6', process.platform, process.arch) : undefined;
}

export function realHost(): ProviderHost {
  return {
    platform: process.platform,
    arch: process.arch,
    env: process.env,
    exists: existsSync,
    list: (dir) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
    bindingDir: bindingDir(),
    ortVersion: ortPackage()?.version,
  };
}

/**
 * The CUDA provider's own libraries. onnxruntime loads them from the folder of libonnxruntime.so (the
 * binding's), so that is where they must be: the npm postinstall puts them there when allowed to download
 * (`--onnxruntime-node-install=cuda12`, off in this project's .npmrc), or scripts/install-ort-cuda.mjs copies
 * them from a folder the user has (the NuGet package Microsoft.ML.OnnxRuntime.Gpu.Linux or a pip
 * onnxruntime-gpu of the same version).
 */
export const CUDA_PROVIDER_LIBRARIES = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'] as const;

const LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib', '/usr/local/nvidia/lib64', '/usr/lib/wsl/lib'];

function libraryDirs(host: ProviderHost): string[] {
  return [...(host.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LIB_DIRS];
}

/** CUDA runs only when its provider library was installed next to the binding (the npm postinstall skips it). */
export function cudaLibraryPresent(host: ProviderHost = realHost()): boolean {
  const dir = host.bindingDir;
  return dir !== undefined && CUDA_PROVIDER_LIBRARIES.every((l) => host.exists(join(dir, l)));
}

/** Why CUDA cannot run here, known without trying: its provider libraries, then the NVIDIA driver. */
export function cudaUnavailable(host: ProviderHost = realHost()): string | undefined {
  const dir = host.bindingDir;
  const missing = CUDA_PROVIDER_LIBRARIES.filter((l) => dir === undefined || !host.exists(join(dir, l)));
  if (missing.length > 0) {
    return `the CUDA provider library is not installed next to the onnxruntime binding (${missing.join(', ')} of onnxruntime ${host.ortVersion ?? '?'}; see scripts/install-ort-cuda.mjs)`;
  }
  const driver = host.exists('/proc/driver/nvidia/version') || libraryDirs(host).some((d) => host.exists(join(d, 'libcuda.so.1')));
  if (!driver) return 'no NVIDIA driver (no /proc/driver/nvidia and no libcuda.so.1)';
  return undefined;
}

/** Vulkan driver manifests (ICDs) the loader would find: VK_DRIVER_FILES / VK_ICD_FILENAMES, else the standard folders. */
export function vulkanDrivers(host: ProviderHost = realHost()): string[] {
  const given = host.env.VK_DRIVER_FILES ?? host.env.VK_ICD_FILENAMES;
  if (given) return given.split(':').filter((f) => f !== '' && host.exists(f));
  const dirs = [
    ...(host.env.XDG_CONFIG_DIRS ?? '/etc/xdg').split(':').map((d) => join(d, 'vulkan/icd.d')),
    '/etc/vulkan/icd.d',
    ...(host.env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(':').map((d) => join(d, 'vulkan/icd.d')),
  ];
  return dirs.flatMap((d) => host.list(d).filter((f) => f.endsWith('.json')).map((f) => join(d, f)));
}

/** A Vulkan driver that renders on the CPU (Mesa's lavapipe/llvmpipe, SwiftShader): WebGPU there is no GPU. */
const SOFTWARE_VULKAN = /lvp|lavapipe|llvmpipe|swiftshader/i;

/** Why WebGPU cannot run here (Linux: onnxruntime's Dawn goes through Vulkan), known without trying. */
export function webgpuUnavailable(host: ProviderHost = realHost()): string | undefined {
  if (host.platform !== 'linux') return undefined;
  if (!libraryDirs(host).some((d) => host.exists(join(d, 'libvulkan.so.1')))) return 'no Vulkan loader (libvulkan.so.1) for WebGPU';
  const drivers = vulkanDrivers(host);
  if (drivers.length === 0) return 'no Vulkan driver (ICD manifest) is installed, so WebGPU has no adapter';
  if (drivers.every((d) => SOFTWARE_VULKAN.test(d))) return 'only a software Vulkan driver (lavapipe/SwiftShader): WebGPU would run on the CPU';
  return undefined;
}

/** Why a provider cannot run here, known without trying, or undefined when it is worth a try. */
export function knownUnavailable(provider: string, host: ProviderHost = realHost()): string | undefined {
  if (!platformProviders(host.platform, host.arch).includes(provider)) return `the ${provider} provider does not exist on ${host.platform}-${host.arch}`;
  if (provider === 'cuda') return cudaUnavailable(host);
  if (provider === 'webgpu') return webgpuUnavailable(host);
  return undefined;
}

/** GPU providers `auto` tries, in order, before the CPU, for this platform. */
export function autoProviderOrder(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string[] {
  if (platform === 'linux' && arch === 'x64') return ['cuda', 'webgpu'];
  if (platform === 'win32') return ['dml'];
  if (platform === 'darwin') return ['coreml'];
  return [];
}

/** The providers to try for a choice, in order, each with a known reason to skip it; `auto` ends with the CPU. */
export function providerPlan(choice: ExecutionProviderChoice, host: ProviderHost = realHost()): PlannedProvider[] {
  const names = choice === 'auto' ? [...autoProviderOrder(host.platform, host.arch), 'cpu'] : [choice];
  return names.map((provider) => {
    const skip = provider === 'cpu' ? undefined : knownUnavailable(provider, host);
    return skip ? { provider, skip } : { provider };
  });
}
