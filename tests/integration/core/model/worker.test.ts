import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../../src-main/core/model/model';
import { PreprocessPool } from '../../../../src-main/core/model/preprocess-pool';
import { readManifest } from '../../../../src-main/core/model/pack/load';
import { setWorkerScript } from '../../../../src-main/core/model/worker-script';
import { REFERENCE_PACK, ROOT, fixtureRecord, maxAbsDiff } from './helpers';

// The worker entry exists only after `npx electron-vite build` (npm ci runs it through `prepare`).
const BUILT_WORKER = join(ROOT, 'out/main/preprocess-worker.js');

describe('preprocessing pool', () => {
  it('falls back to the calling thread when the built worker is absent', async () => {
    const pool = new PreprocessPool({ workerPath: join(ROOT, 'no-such-worker.js') });
    expect(pool.mode).toBe('in-thread');
    const m = await readManifest(REFERENCE_PACK);
    const [r] = await pool.run([fixtureRecord('fs500_10000ms_start0')], m.input, 0);
    expect(r?.ok).toBe(true);
    await pool.dispose();
  });

  it.runIf(existsSync(BUILT_WORKER))('built worker threads give the in-thread results, coded errors included', async () => {
    const m = await readManifest(REFERENCE_PACK);
    const recs = [fixtureRecord('fs500_10000ms_start0'), fixtureRecord('fs250_10000ms_start0', ['V6']), fixtureRecord('fs360_10500ms_start50')];
    const pool = new PreprocessPool({ workerPath: BUILT_WORKER, size: 2 });
    const local = new PreprocessPool({ workerPath: join(ROOT, 'no-such-worker.js') });
    expect(pool.mode).toBe('workers');
    const [a, b] = await Promise.all([pool.run(recs, m.input, 0.25), local.run(recs, m.input, 0.25)]);
    expect(a.map((o) => o.ok)).toEqual([true, false, true]);
    expect(a[1]).toEqual(b[1]);
    for (const i of [0, 2]) {
      const x = a[i];
      const y = b[i];
      if (!x?.ok || !y?.ok) throw new Error('expected success');
      expect(maxAbsDiff(x.input.data, y.input.data)).toBe(0);
      expect(x.input.window).toEqual(y.input.window);
    }
    await pool.dispose();
    await local.dispose();
  });

  it.runIf(existsSync(BUILT_WORKER))('loadModel with the built worker: engine and preprocessing off the main thread', async () => {
    setWorkerScript(BUILT_WORKER);
    try {
      const viaWorkers = await loadModel(REFERENCE_PACK, { executionProvider: 'cpu' });
      setWorkerScript(join(ROOT, 'no-such-worker.js'));
      const inThread = await loadModel(REFERENCE_PACK, { executionProvider: 'cpu' });
      const rec = fixtureRecord('fs240_12000ms_start0');
      const [p, q] = await Promise.all([viaWorkers.predict(rec), inThread.predict(rec)]);
      expect(maxAbsDiff(p.embedding.mean, q.embedding.mean)).toBeLessThan(1e-6);
      expect(p.predictions).toEqual(q.predictions);
      await viaWorkers.dispose();
      await inThread.dispose();
    } finally {
      setWorkerScript(undefined);
    }
  });
});
