import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { EXTERNAL_PACKAGES } from './build/native-modules.mjs';
import { bundledPackages } from './build/bundled-packages.mjs';

/**
 * One bundler for every runtime: the Electron main process, the sandboxed preload, the renderer,
 * and the plain-Node entries (CLI, web host, workers) that share the same core.
 */
export default defineConfig({
  main: {
    plugins: [bundledPackages('main')],
    build: {
      outDir: 'out/main',
      // Libraries are bundled into out/, so the packaged app.asar holds out/ and package.json only; the
      // Node-API modules (build/native-modules.mjs) stay require()d and ship unpacked beside it.
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron', ...EXTERNAL_PACKAGES.flatMap((p) => [p, new RegExp(`^${p}/`)])],
        input: {
          main: resolve(__dirname, 'src-main/electron/main.ts'),
          cli: resolve(__dirname, 'src-main/cli/index.ts'),
          'web-host': resolve(__dirname, 'src-main/web-host/index.ts'),
          'preprocess-worker': resolve(__dirname, 'src-main/core/model/preprocess-worker.ts'),
          'cohort-worker': resolve(__dirname, 'src-main/core/cohort/score-worker.ts'),
          'adapt-worker': resolve(__dirname, 'src-main/core/adapt/worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [bundledPackages('preload')],
    build: {
      // The sandboxed preload cannot require() packages: bundle zod and the contract into it.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(__dirname, 'src-main/electron/preload.ts') },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
    plugins: [react(), bundledPackages('renderer')],
  },
});
