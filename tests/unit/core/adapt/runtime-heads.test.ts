/**
 * Schema 2 heads in the runtime: recalibration maps on the estimate and on every Monte Carlo sample, linear
 * heads with the uncertainty feature, site kNN heads on their own library, and schema 1 refusing schema 2 fields.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestSchema } from '../../../../src-main/core/model/pack/manifest';
import { monteCarloSamples } from '../../../../src-main/core/model/results/assemble';
import { centralInterval, sigmoid } from '../../../../src-main/core/model/results/stats';
import { headPoint, librarySumExp, predictHead, uncertaintyFeature } from '../../../../src-main/core/model/results/heads';
import { knnSampledReference } from '../../../../src-main/core/model/results/knn-kernel';
import { applyRecalibration } from '../../../../src-main/core/model/results/recalibration';
import { mulberry32 } from '../../../../src-main/core/random';

const REF = JSON.parse(readFileSync(join(__dirname, '../../../../models/reference/manifest.json'), 'utf8'));
const D = 512;

function gaussian(seed: number) {
  const r = mulberry32(seed);
  const mean = Float32Array.from({ length: D }, () => (r() - 0.5) * 0.09);
  const logvar = Float32Array.from({ length: D }, () => -6.5 + r() * 0.4);
  return { mean, logvar };
}

function library(n: number, seed: number) {
  const r = mulberry32(seed);
  const means = Float32Array.from({ length: n * D }, () => (r() - 0.5) * 0.09);
  const logvars = Float32Array.from({ length: n * D }, () => -6.5 + r() * 0.4);
  const studies = Array.from({ length: n }, (_, j) => ({ measurements: { lvef: 20 + ((j * 37) % 50), lvef_lt_40: (20 + ((j * 37) % 50)) < 40 ? 1 : 0 } }));
  return { studies, means, logvars, sumExp: librarySumExp(logvars, n, D) };
}

const ctxBase = { dim: D, prompts: new Map<string, Float32Array>(), intervalLevel: 0.9 };
const manifest = { ...REF, schemaVersion: 2 };

describe('recalibration maps', () => {
  it('platt, linear and isotonic', () => {
    expect(applyRecalibration({ method: 'platt', a: 1, b: 0 }, 0.3)).toBeCloseTo(0.3, 12);
    expect(applyRecalibration({ method: 'platt', a: 2, b: -1 }, 0.5)).toBeCloseTo(sigmoid(-1), 12);
    expect(applyRecalibration({ method: 'linear', a: 0.9, b: -7 }, 50)).toBeCloseTo(38, 12);
    const iso = { method: 'isotonic' as const, x: [0.1, 0.5, 0.9], y: [0.05, 0.2, 0.8] };
    expect(applyRecalibration(iso, 0)).toBe(0.05);
    expect(applyRecalibration(iso, 0.3)).toBeCloseTo(0.125, 12);
    expect(applyRecalibration(iso, 1)).toBe(0.8);
    expect(applyRecalibration(undefined, 0.42)).toBe(0.42);
  });
});

describe('schema 2 heads', () => {
  const g = gaussian(3);
  const z = monteCarloSamples(manifest, g);
  const S = manifest.intervals.samples;
  const w = Array.from({ length: D }, (_, k) => Math.sin(k) * 0.3);

  it('a recalibrated logistic head maps its estimate and its interval through the map', () => {
    const plain = { id: 'a', kind: 'logistic' as const, label: 'a', weights: w, bias: 0.1, threshold: 0.5 };
    const recal = { ...plain, recalibration: { method: 'platt' as const, a: 0.8, b: -0.6 }, threshold: 0.3 };
    const p0 = predictHead(plain, g, z, S, ctxBase);
    const p1 = predictHead(recal, g, z, S, ctxBase);
    expect(p1.probability).toBeCloseTo(applyRecalibration(recal.recalibration, p0.probability as number), 12);
    // A monotone map moves the order statistics with it: the interval ends map (to interpolation rounding).
    expect(p1.interval[0]).toBeCloseTo(applyRecalibration(recal.recalibration, p0.interval[0]), 3);
    expect(p1.interval[1]).toBeCloseTo(applyRecalibration(recal.recalibration, p0.interval[1]), 3);
    expect(p1.call).toBe((p1.probability as number) >= 0.3 ? 'positive' : 'negative');
  });

  it('a linear head with the uncertainty feature: w.mu + b + uw ln(mean exp(logvar)), Monte Carlo and conformal interval', () => {
    const head = {
      id: 'l', kind: 'linear' as const, label: 'LVEF', unit: '%', weights: w, bias: 55, uncertaintyWeight: 2, threshold: 40, callWhen: 'below' as const,
      calibration: { method: 'split-conformal' as const, level: 0.9, residualQuantiles: [-12, 11] as [number, number] },
    };
    const u = uncertaintyFeature(g.logvar);
    let dot = 0;
    for (let k = 0; k < D; k++) dot += (g.mean[k] as number) * (w[k] as number);
    const p = predictHead(head, g, z, S, ctxBase);
    expect(p.value).toBeCloseTo(dot + 55 + 2 * u, 10);
    expect(headPoint(head, g, ctxBase)).toBe(p.value);
    const mc = Array.from({ length: S }, (_, s) => {
      let d2 = 0;
      for (let k = 0; k < D; k++) d2 += (z[s * D + k] as number) * (w[k] as number);
      return d2 + 55 + 2 * u;
    });
    const [lo, hi] = centralInterval(mc, 0.9);
    expect(p.interval[0]).toBeCloseTo(Math.min(lo, (p.value as number) - 12), 8);
    expect(p.interval[1]).toBeCloseTo(Math.max(hi, (p.value as number) + 11), 8);
  });

  it('a site kNN head ranks the site library by CSD, not the pack library', () => {
    const pack = library(50, 1);
    const site = library(80, 2);
    const head = { id: 'k', kind: 'knn' as const, label: 'site', measurement: 'lvef', k: 7, library: 'site' as const, threshold: 40, callWhen: 'below' as const };
    const ctx = { ...ctxBase, library: pack, siteLibrary: site };
    let qv = 0;
    for (const v of g.logvar) qv += Math.exp(v);
    const d = site.studies.map((_, j) => {
      let s = 0;
      for (let k = 0; k < D; k++) s += ((g.mean[k] as number) - (site.means[j * D + k] as number)) ** 2;
      return { j, d: s + qv + (site.sumExp[j] as number) };
    });
    d.sort((a, b) => a.d - b.d || a.j - b.j);
    const want = d.slice(0, 7).reduce((s, e) => s + (site.studies[e.j]?.measurements.lvef as number), 0) / 7;
    const p = predictHead(head, g, z, S, ctx);
    expect(p.value).toBeCloseTo(want, 12);
    expect(p.library).toBe('site');
    expect(predictHead({ ...head, library: undefined }, g, z, S, ctx).value).not.toBeCloseTo(want, 6);
    // A 0/1 measurement: the share of positive neighbours, reported as a probability.
    const share = predictHead({ ...head, measurement: 'lvef_lt_40', output: 'probability', threshold: 0.4, callWhen: 'above' }, g, z, S, ctx);
    expect(share.value).toBeUndefined();
    expect(share.probability).toBeGreaterThanOrEqual(0);
    expect(share.probability).toBeLessThanOrEqual(1);
    expect(share.call).toBe((share.probability as number) > 0.4 ? 'positive' : 'negative');
    // Its interval: the central interval of each Monte Carlo sample's share of positive neighbours.
    const shares = knnSampledReference(z, S, site, 7, D).map((nn) => nn.reduce((a, j) => a + (site.studies[j]?.measurements.lvef_lt_40 as number), 0) / nn.length);
    expect(new Set(shares).size).toBeGreaterThan(1);
    expect(share.interval).toEqual(centralInterval(shares, 0.9));
  });

  it('schema 1 manifests may not use schema 2 fields; schema 2 takes them', () => {
    const withLinear = {
      ...REF,
      heads: [...REF.heads, { id: 'l', kind: 'linear', label: 'x', weights: new Array(D).fill(0), bias: 0, threshold: 40, callWhen: 'below' }],
    };
    const v1 = manifestSchema.safeParse(withLinear);
    expect(v1.success).toBe(false);
    expect(v1.error?.issues[0]?.message).toContain('schemaVersion 2');
    expect(manifestSchema.safeParse({ ...withLinear, schemaVersion: 2 }).success).toBe(true);
    expect(manifestSchema.safeParse(REF).success).toBe(true);
    const dup = manifestSchema.safeParse({ ...REF, heads: [REF.heads[0], REF.heads[0]] });
    expect(dup.success).toBe(false);
    const badIso = { ...REF, schemaVersion: 2, heads: [{ ...REF.heads[0], recalibration: { method: 'isotonic', x: [0.5, 0.1], y: [0, 1] } }] };
    expect(manifestSchema.safeParse(badIso).success).toBe(false);
    const siteKnnWithoutLibrary = { ...REF, schemaVersion: 2, heads: [{ ...REF.heads[2], id: 's', library: 'site' }] };
    expect(manifestSchema.safeParse(siteKnnWithoutLibrary).success).toBe(false);
  });
});
