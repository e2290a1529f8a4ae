import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../../../../src-main/core/errors';
import { loadModel } from '../../../../src-main/core/model/model';
import { onnxExternalDataFiles } from '../../../../src-main/core/model/pack/onnx-external';
import { makeTestPack } from '../../../helpers/test-pack';
import { REFERENCE_PACK, copyPack, fixtureRecord } from './helpers';

/** Pack integrity and the load-time network check (issue 11, parts 1 and 4), on re-signed packs. */
async function outcome(dir: string): Promise<{ code: string; message: string }> {
  try {
    const m = await loadModel(dir, { executionProvider: 'cpu' });
    await m.dispose();
    return { code: 'loaded', message: '' };
  } catch (e) {
    return isCoreError(e) ? { code: e.code, message: e.message } : { code: 'uncoded', message: String(e) };
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke arbitrary manifest fields
function editManifest(dir: string, edit: (m: any) => void): string {
  const path = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(path, 'utf8'));
  edit(m);
  writeFileSync(path, JSON.stringify(m));
  return dir;
}

describe('the network is checked on a fixed input at load', () => {
  it('a re-signed pack with a sound stand-in network loads and predicts finite values', async () => {
    const model = await loadModel(makeTestPack(), { executionProvider: 'cpu' });
    const r = await model.predict(fixtureRecord('fs500_10000ms_start0'));
    expect(r.uncertainty.score).toBeCloseTo(Math.exp(-6), 6);
    await model.dispose();
  });
  it.each(['mean', 'logvar', 'step_logvar'] as const)('a re-signed pack whose network gives NaN in %s is refused, naming it', async (output) => {
    const o = await outcome(makeTestPack({ nanIn: output }));
    expect(o.code).toBe('PACK_CHECK_FAILED');
    expect(o.message).toContain(`"${output}"`);
  });
});

describe('every file the network loads is listed and hashed', () => {
  it('reads the external data locations of a model (none in the reference pack)', async () => {
    expect(await onnxExternalDataFiles(join(REFERENCE_PACK, 'model.onnx'))).toEqual([]);
    expect(await onnxExternalDataFiles(join(makeTestPack({ externalFile: 'weights.bin' }), 'model.onnx'))).toEqual(['weights.bin']);
  });
  it('a listed external weights file loads; edited, it is refused by its hash', async () => {
    const dir = makeTestPack({ externalFile: 'weights.bin' });
    expect((await outcome(dir)).code).toBe('loaded');
    const w = readFileSync(join(dir, 'weights.bin'));
    w.writeFloatLE(3, 0);
    writeFileSync(join(dir, 'weights.bin'), w);
    expect((await outcome(dir)).code).toBe('PACK_HASH_MISMATCH');
  });
  it('an external weights file the manifest does not list is refused (its edits would go unnoticed)', async () => {
    const o = await outcome(makeTestPack({ externalFile: 'weights.bin', listExternal: false }));
    expect(o.code).toBe('PACK_UNLISTED_FILE');
    expect(o.message).toContain('"weights.bin"');
    const outside = await outcome(makeTestPack({ externalFile: '../weights.bin', listExternal: false }));
    expect(outside.code).toBe('PACK_INVALID');
  });
});

describe('manifest values that would break preprocessing blame the pack', () => {
  it.each([
    ['a zero scaler scale', (m: { input: { scaler: { scale: number[] } } }) => (m.input.scaler.scale[4] = 0), 'input.scaler.scale.4'],
    ['a 1e9 Hz model rate', (m: { input: { sampleRateHz: number } }) => (m.input.sampleRateHz = 1e9), 'input.sampleRateHz'],
    ['a 1 MHz band-pass edge', (m: { input: { bandpass: { highHz: number } } }) => (m.input.bandpass.highHz = 1e6), 'input.bandpass.highHz'],
    ['a low edge above the high edge', (m: { input: { bandpass: { lowHz: number } } }) => (m.input.bandpass.lowHz = 45), 'input.bandpass.lowHz'],
  ])('%s: PACK_INVALID naming the field', async (_what, edit, field) => {
    const o = await outcome(editManifest(copyPack(), edit));
    expect(o.code).toBe('PACK_INVALID');
    expect(o.message).toContain(field);
  });
});
