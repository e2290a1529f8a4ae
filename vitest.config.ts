import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// No test writes the user's real data or log folders (src-main/core/app-paths.ts): programs the tests start
// inherit these unless a test sets its own.
process.env.ECHOING_ECG_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'echoing-test-data-'));
process.env.ECHOING_ECG_LOG_DIR ??= mkdtempSync(join(tmpdir(), 'echoing-test-logs-'));

/** Three suites: unit (fast, pure), integration (real files, real ONNX, real SQLite), e2e (Chromium). */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // Prints which Chromium/Chrome runs the suite (tests/e2e/browser.ts), or fails early when none is found.
          globalSetup: ['tests/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
