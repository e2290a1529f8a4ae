import { describe, expect, it } from 'vitest';
import { type ProviderHost, cudaUnavailable, providerPlan, realHost, webgpuUnavailable } from '../../../../src-main/core/model/engine/providers';

/** A made-up Linux x64 machine: the files it has, listed by path. */
function host(files: string[], env: NodeJS.ProcessEnv = {}): ProviderHost {
  const set = new Set(files);
  return {
    platform: 'linux', arch: 'x64', env,
    exists: (p) => set.has(p),
    list: (dir) => files.filter((f) => f.startsWith(`${dir}/`) && !f.slice(dir.length + 1).includes('/')).map((f) => f.slice(dir.length + 1)),
    bindingDir: '/app/node_modules/onnxruntime-node/bin/napi-v6/linux/x64', ortVersion: '1.30.0',
  };
}
const BIN = '/app/node_modules/onnxruntime-node/bin/napi-v6/linux/x64';
const CUDA_LIBS = [`${BIN}/libonnxruntime_providers_shared.so`, `${BIN}/libonnxruntime_providers_cuda.so`];

describe('why auto skips a GPU provider', () => {
  it('CUDA: provider libraries next to the binding first, then the NVIDIA driver', () => {
    expect(cudaUnavailable(host([]))).toMatch(/not installed next to the onnxruntime binding \(libonnxruntime_providers_shared\.so, libonnxruntime_providers_cuda\.so of onnxruntime 1\.30\.0/);
    expect(cudaUnavailable(host([CUDA_LIBS[0] as string]))).toMatch(/\(libonnxruntime_providers_cuda\.so of/);
    expect(cudaUnavailable(host(CUDA_LIBS))).toMatch(/no NVIDIA driver/);
    expect(cudaUnavailable(host([...CUDA_LIBS, '/usr/lib/x86_64-linux-gnu/libcuda.so.1']))).toBeUndefined();
    expect(cudaUnavailable(host([...CUDA_LIBS, '/opt/drv/libcuda.so.1'], { LD_LIBRARY_PATH: '/opt/drv' }))).toBeUndefined();
    expect(cudaUnavailable(host([...CUDA_LIBS, '/proc/driver/nvidia/version']))).toBeUndefined();
  });

  it('WebGPU: the Vulkan loader, a driver manifest, and not only a software driver', () => {
    const loader = '/usr/lib/x86_64-linux-gnu/libvulkan.so.1';
    expect(webgpuUnavailable(host([]))).toMatch(/no Vulkan loader/);
    expect(webgpuUnavailable(host([loader]))).toMatch(/no Vulkan driver \(ICD manifest\)/);
    expect(webgpuUnavailable(host([loader, '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json']))).toMatch(/software Vulkan driver/);
    expect(webgpuUnavailable(host([loader, '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json', '/usr/share/vulkan/icd.d/nvidia_icd.json']))).toBeUndefined();
    expect(webgpuUnavailable(host([loader, '/etc/vulkan/icd.d/nvidia_icd.json']))).toBeUndefined();
    // An explicit driver list wins over the folders (and must exist).
    expect(webgpuUnavailable(host([loader, '/usr/share/vulkan/icd.d/nvidia_icd.json'], { VK_ICD_FILENAMES: '/tmp/missing.json' }))).toMatch(/no Vulkan driver/);
    expect(webgpuUnavailable(host([loader, '/tmp/nv.json'], { VK_DRIVER_FILES: '/tmp/nv.json' }))).toBeUndefined();
  });

  it('auto plans CUDA, WebGPU, then the CPU, each GPU with its reason', () => {
    const plan = providerPlan('auto', host([]));
    expect(plan.map((p) => p.provider)).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(plan[0]?.skip).toMatch(/CUDA provider library/);
    expect(plan[1]?.skip).toMatch(/Vulkan loader/);
    expect(plan[2]?.skip).toBeUndefined();
    expect(providerPlan('dml', host([]))[0]?.skip).toMatch(/does not exist on linux-x64/);
  });

  it('describes this machine without throwing', () => {
    const h = realHost();
    expect(h.ortVersion).toBe('1.30.0');
    expect(providerPlan('auto').at(-1)).toEqual({ provider: 'cpu' });
  });
});
