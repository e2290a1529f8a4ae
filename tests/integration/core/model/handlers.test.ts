import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelChannels } from '../../../../src-main/contract/model';
import { createModelHandlers } from '../../../../src-main/core/api/model-handlers';
import type { CoreDeps } from '../../../../src-main/core/api/deps';
import type { HandlerContext } from '../../../../src-main/core/api/types';
import { FileRegistry } from '../../../../src-main/core/files/file-registry';
import { REFERENCE_PACK, ROOT } from './helpers';

function deps(): CoreDeps {
  const bundled = mkdtempSync(join(tmpdir(), 'echoing-h-bundled-'));
  cpSync(REFERENCE_PACK, join(bundled, 'reference'), { recursive: true });
  return { transport: 'web', files: new FileRegistry(), dataDir: mkdtempSync(join(tmpdir(), 'echoing-h-data-')), bundledModelsDir: bundled };
}

describe('model handlers', () => {
  it('lists packs, sets options, predicts a handed-out file, runs and cancels occlusion', async () => {
    const d = deps();
    const h = createModelHandlers(d);
    const events: unknown[] = [];
    const ctx: HandlerContext = { emit: (_e, p) => events.push(p) };
    const parse = <C extends keyof typeof modelChannels>(c: C, req: unknown) => modelChannels[c].request.parse(req) as never;

    const list = await h['model:list'](parse('model:list', {}), ctx);
    expect(list.activeId).toBe('echoingecg-reference-sim');
    expect(list.packs[0]).not.toHaveProperty('dir');

    const opts = await h['model:options'](parse('model:options', { executionProvider: 'cpu', abstainPercentile: 95 }), ctx);
    expect(opts).toMatchObject({ executionProvider: 'cpu', activeProvider: 'cpu', abstainPercentile: 95, packAbstainPercentile: expect.any(Number) });
    expect(opts.availableProviders).toContain('auto');

    const file = d.files.handOut(join(ROOT, 'tests/fixtures/ecg/ge-muse-xml/braveheart_example1.xml'), 'file');
    const pred = await h['model:predict'](parse('model:predict', { token: file.token, topK: 2 }), ctx);
    expect(pred.embedding.mean).toHaveLength(512);
    expect(Array.isArray(pred.embedding.mean)).toBe(true);
    expect(pred.similarReports).toHaveLength(2);
    expect(JSON.parse(JSON.stringify(pred))).toEqual(pred);

    await expect(h['model:predict'](parse('model:predict', { token: 'forged' }), ctx)).rejects.toMatchObject({ code: 'UNKNOWN_FILE_TOKEN' });
    expect(() => parse('model:predict', { token: file.token, windowStartS: -1 })).toThrow();

    const map = await h['model:occlusion'](parse('model:occlusion', { token: file.token, jobId: 'j1', regionS: 5 }), ctx);
    expect(map.delta).toHaveLength(12);
    expect(events.at(-1)).toEqual({ jobId: 'j1', done: 24, total: 24 });

    const running = h['model:occlusion'](parse('model:occlusion', { token: file.token, jobId: 'j2', regionS: 0.5 }), {
      emit: (_e, p) => {
        if ((p as { done: number }).done > 0) void h['model:cancel'](parse('model:cancel', { jobId: 'j2' }), ctx);
      },
    });
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await h['model:cancel'](parse('model:cancel', { jobId: 'j2' }), ctx)).toEqual({ cancelled: false });
  });
});
