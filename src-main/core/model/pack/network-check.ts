import { CoreError } from '../../errors';
import { mulberry32 } from '../../random';
import { badOutput } from '../boundary-checks';
import type { EngineOutputs } from '../engine/types';
import type { PackManifest } from './manifest';

/** Seed of the check input: fixed, so a pack passes or fails the same way on every machine and every load. */
const CHECK_SEED = 20_251_111;

/**
 * The fixed input a pack's network must answer with usable outputs at load: standard normal values (what a
 * standardised ECG looks like to the network), [1 x leads x samples], from a seeded generator.
 */
export function packCheckInput(leads: number, samples: number): Float32Array {
  const rand = mulberry32(CHECK_SEED);
  const out = new Float32Array(leads * samples);
  for (let i = 0; i < out.length; i += 2) {
    // Box-Muller: two normals per pair of uniforms.
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const t = 2 * Math.PI * rand();
    out[i] = r * Math.cos(t);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/**
 * Runs the pack's network once on the fixed check input and refuses the pack (PACK_CHECK_FAILED, naming the
 * output) when any output is non-finite or out of range: a network that gives NaN on plain input would give
 * meaningless results on every ECG, so it is never used.
 */
export async function checkPackNetwork(manifest: PackManifest, run: (x: Float32Array, n: number) => Promise<EngineOutputs>): Promise<void> {
  const out = await run(packCheckInput(manifest.input.leads.length, manifest.input.samples), 1);
  const bad = badOutput(out);
  if (bad === undefined) return;
  const name = manifest.outputs[bad.output].name;
  const what = bad.kind === 'non-finite' ? 'non-finite values (NaN or infinity)' : `out-of-range values (${bad.rule})`;
  throw new CoreError(
    'PACK_CHECK_FAILED',
    `The model pack's network gives ${what} in its "${name}" output on the fixed check input at load: the pack is broken and is not used.`,
  );
}
