import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ExecutionProviderChoice } from '../types';

/** GPU providers `auto` tries, in order, before the CPU, for this platform. */
export function autoProviderOrder(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string[] {
  if (platform === 'linux' && arch === 'x64') return cudaLibraryPresent() ? ['cuda', 'webgpu'] : ['webgpu'];
  if (platform === 'win32') return ['dml'];
  if (platform === 'darwin') return ['coreml'];
  return [];
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

/** The providers to try for a choice, in order; `auto` ends with the CPU. */
export function providerPlan(choice: ExecutionProviderChoice): string[] {
  return choice === 'auto' ? [...autoProviderOrder(), 'cpu'] : [choice];
}
