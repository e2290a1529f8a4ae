import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ExecutionProviderChoice } from '../types';

/** One provider of a plan; `skip` says why it is known not to work here without trying (no library). */
export interface PlannedProvider {
  provider: string;
  skip?: string;
}

/** Providers a forced choice may name on this platform (others are EP_UNAVAILABLE without trying). */
export function platformProviders(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string[] {
  if (platform === 'linux' && arch === 'x64') return ['cpu', 'cuda', 'webgpu'];
  if (platform === 'win32') return ['cpu', 'dml', 'webgpu'];
  if (platform === 'darwin') return ['cpu', 'coreml', 'webgpu'];
  return ['cpu'];
}

/** Folder of the native binding (where onnxruntime looks for provider libraries). */
export function bindingDir(): string | undefined {
  try {
    const req = createRequire(__filename);
    const pkg = req.resolve('onnxruntime-node/package.json');
    return join(dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return undefined;
  }
}

/** CUDA runs only when its provider library was installed next to the binding (the npm postinstall skips it). */
export function cudaLibraryPresent(): boolean {
  const dir = bindingDir();
  return dir !== undefined && existsSync(join(dir, 'libonnxruntime_providers_cuda.so'));
}

/** WebGPU on Linux goes through Vulkan: without the loader library there is no adapter to find. */
export function vulkanLoaderPresent(): boolean {
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    '/usr/lib/x86_64-linux-gnu',
    '/lib/x86_64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/usr/local/lib',
  ];
  return dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')));
}

/** Why a provider cannot run here, known without trying, or undefined when it is worth a try. */
export function knownUnavailable(provider: string): string | undefined {
  if (!platformProviders().includes(provider)) return `the ${provider} provider does not exist on ${process.platform}-${process.arch}`;
  if (provider === 'cuda' && !cudaLibraryPresent()) return 'the CUDA provider library is not installed next to the onnxruntime binding';
  if (provider === 'webgpu' && process.platform === 'linux' && !vulkanLoaderPresent()) return 'no Vulkan loader (libvulkan.so.1) for WebGPU';
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
export function providerPlan(choice: ExecutionProviderChoice): PlannedProvider[] {
  const names = choice === 'auto' ? [...autoProviderOrder(), 'cpu'] : [choice];
  return names.map((provider) => {
    const skip = provider === 'cpu' ? undefined : knownUnavailable(provider);
    return skip ? { provider, skip } : { provider };
  });
}
