import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../../../../src-main/core/errors';
import { loadModel } from '../../../../src-main/core/model/model';
import { PackManager } from '../../../../src-main/core/model/pack/manager';
import { REFERENCE_PACK, copyPack } from './helpers';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    const m = (await p) as { dispose?: () => Promise<void> };
    await m.dispose?.();
    return 'loaded';
  } catch (e) {
    return isCoreError(e) ? e.code : `uncoded: ${String(e)}`;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke arbitrary manifest fields
type Json = any;

function editManifest(dir: string, edit: (m: Json) => void): void {
  const path = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(path, 'utf8')) as Json;
  edit(m);
  writeFileSync(path, JSON.stringify(m));
}

describe('broken model packs are refused with a code naming the problem', () => {
  it('loads the intact copy', async () => {
    expect(await codeOf(loadModel(copyPack(), { executionProvider: 'cpu' }))).toBe('loaded');
  });
  it('bad hash: a changed library file', async () => {
    const dir = copyPack();
    const lib = join(dir, 'library.bin');
    const b = readFileSync(lib);
    b[100] = (b[100] ?? 0) ^ 0xff;
    writeFileSync(lib, b);
    expect(await codeOf(loadModel(dir, { executionProvider: 'cpu' }))).toBe('PACK_HASH_MISMATCH');
  });
  it('bad hash: a model file with extra bytes', async () => {
    const dir = copyPack();
    appendFileSync(join(dir, 'model.onnx'), Buffer.from([0]));
    expect(await codeOf(loadModel(dir, { executionProvider: 'cpu' }))).toBe('PACK_HASH_MISMATCH');
  });
  it('missing file', async () => {
    const dir = copyPack();
    rmSync(join(dir, 'prompts.bin'));
    expect(await codeOf(loadModel(dir, { executionProvider: 'cpu' }))).toBe('PACK_FILE_MISSING');
  });
  it('unknown schema version', async () => {
    const dir = copyPack();
    editManifest(dir, (m) => (m.schemaVersion = 3));
    expect(await codeOf(loadModel(dir, { executionProvider: 'cpu' }))).toBe('PACK_SCHEMA_UNSUPPORTED');
  });
  it('invalid manifest (unknown key, wrong quantile count, bad JSON, path escape)', async () => {
    let dir = copyPack();
    editManifest(dir, (m) => (m.surprise = true));
    expect(await codeOf(loadModel(dir))).toBe('PACK_INVALID');
    dir = copyPack();
    editManifest(dir, (m) => m.uncertainty.quantiles.pop());
    expect(await codeOf(loadModel(dir))).toBe('PACK_INVALID');
    dir = copyPack();
    writeFileSync(join(dir, 'manifest.json'), '{"schemaVersion": 1,');
    expect(await codeOf(loadModel(dir))).toBe('PACK_INVALID');
    dir = copyPack();
    editManifest(dir, (m) => (m.files[1].path = '../outside.bin'));
    expect(await codeOf(loadModel(dir))).toBe('PACK_INVALID');
  });
  it('no manifest at all', async () => {
    expect(await codeOf(loadModel(mkdtempSync(join(tmpdir(), 'echoing-empty-'))))).toBe('PACK_NOT_FOUND');
  });
  it('wrong dims: input length and per-step output disagree with the ONNX graph', async () => {
    let dir = copyPack();
    editManifest(dir, (m) => (m.input.samples = 2000));
    expect(await codeOf(loadModel(dir, { executionProvider: 'cpu' }))).toBe('MODEL_SHAPE_MISMATCH');
    dir = copyPack();
    editManifest(dir, (m) => (m.outputs.stepLogvar.dims = [64, 512]));
    expect(await codeOf(loadModel(dir, { executionProvider: 'cpu' }))).toBe('MODEL_SHAPE_MISMATCH');
    dir = copyPack();
    editManifest(dir, (m) => (m.outputs.mean.name = 'embedding'));
    expect(await codeOf(loadModel(dir, { executionProvider: 'cpu' }))).toBe('MODEL_SHAPE_MISMATCH');
  });
});

describe('pack manager', () => {
  it('lists bundled and user packs, keeps broken ones visible, persists the active choice', async () => {
    const bundled = mkdtempSync(join(tmpdir(), 'echoing-bundled-'));
    cpSync(REFERENCE_PACK, join(bundled, 'reference'), { recursive: true });
    mkdirSync(join(bundled, 'tools'));
    const dataDir = mkdtempSync(join(tmpdir(), 'echoing-data-'));
    const user = join(dataDir, 'models', 'mine');
    cpSync(REFERENCE_PACK, user, { recursive: true });
    editManifest(user, (m) => (m.id = 'my-pack'));
    const broken = join(dataDir, 'models', 'broken');
    cpSync(REFERENCE_PACK, broken, { recursive: true });
    editManifest(broken, (m) => (m.schemaVersion = 9));

    const mgr = new PackManager({ bundledModelsDir: bundled, dataDir });
    const list = await mgr.list();
    expect(list.map((p) => [p.id, p.source, p.active, p.error?.code])).toEqual([
      ['echoingecg-reference-sim', 'bundled', true, undefined],
      ['broken', 'user', false, 'PACK_SCHEMA_UNSUPPORTED'],
      ['my-pack', 'user', false, undefined],
    ]);
    await mgr.updateSettings({ executionProvider: 'cpu' });
    const activated = await mgr.activate('my-pack');
    expect(activated.active).toBe(true);
    expect((await mgr.model()).summary.id).toBe('my-pack');
    await expect(mgr.activate('broken')).rejects.toMatchObject({ code: 'PACK_SCHEMA_UNSUPPORTED' });
    await expect(mgr.activate('nope')).rejects.toMatchObject({ code: 'PACK_NOT_FOUND' });
    await mgr.dispose();

    const again = new PackManager({ bundledModelsDir: bundled, dataDir });
    expect((await again.list()).find((p) => p.active)?.id).toBe('my-pack');
    expect((await again.settings()).executionProvider).toBe('cpu');
    await again.dispose();
  });
});
