import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * One bundler for every runtime: the Electron main process, the sandboxed preload, the renderer,
 * and the plain-Node entries (CLI, web host, workers) that share the same core.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
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
    plugins: [react()],
  },
});
