import { z } from 'zod';

/**
 * Schema versions 1 and 2 of a model pack's manifest.json (models/PACK-FORMAT.md). Anything the format does
 * not state is refused: objects are strict, numbers finite. Version 2 adds what a site-adapted pack needs
 * (linear heads, recalibration maps, the uncertainty feature, a site library and the adaptation provenance);
 * a version-1 manifest may not use them, so every version-1 pack reads exactly as before.
 */
export const SUPPORTED_SCHEMA_VERSIONS = [1, 2] as const;
/** The newest version this app reads (and the one site-adapted packs are written with). */
export const SUPPORTED_SCHEMA_VERSION = 2;

const num = z.number().finite();
const hex64 = z.string().regex(/^[0-9a-f]{64}$/i, 'a sha256 in hex');
const safeRelPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..'), 'a path inside the pack');

const callWhen = z.enum(['below', 'above']);

/** Smallest per-lead scaler scale accepted (the spread of a standardised lead; real ones are ~0.1 mV or ~100 uV). */
export const MIN_SCALER_SCALE = 1e-6;

/** Sensitivity and specificity of the head's call at its threshold, measured on held-out data. */
const operatingPoint = z.object({ sensitivity: num.min(0).max(1), specificity: num.min(0).max(1) }).strict();

/**
 * Optional split-conformal calibration of a regression head (PACK-FORMAT.md): residual (truth - estimate)
 * quantiles on held-out data; the interval is the hull of the Monte Carlo interval and estimate + quantiles.
 */
const calibration = z
  .object({
    method: z.literal('split-conformal'),
    level: num.gt(0).lt(1),
    residualQuantiles: z.tuple([num, num]).refine(([lo, hi]) => lo <= hi, 'lower quantile above the upper'),
    n: z.number().int().positive().optional(),
  })
  .strict();

/**
 * Schema 2: a monotone map applied to a head's output (point estimate and every Monte Carlo sample) before
 * its call and its interval: `platt` p' = sigmoid(a logit(p) + b) for probabilities, `linear` v' = a v + b,
 * `isotonic` linear interpolation between knots (x strictly increasing, y non-decreasing), clipped outside.
 */
const recalibration = z.discriminatedUnion('method', [
  z.object({ method: z.literal('platt'), a: num, b: num }).strict(),
  z.object({ method: z.literal('linear'), a: num, b: num }).strict(),
  z
    .object({ method: z.literal('isotonic'), x: z.array(num).min(1).max(100_000), y: z.array(num).min(1).max(100_000) })
    .strict()
    .refine((r) => r.x.length === r.y.length, 'x and y need the same length')
    .refine((r) => r.x.every((v, i) => i === 0 || v > (r.x[i - 1] as number)), 'x must increase')
    .refine((r) => r.y.every((v, i) => i === 0 || v >= (r.y[i - 1] as number)), 'y must not decrease'),
]);

/**
 * Schema 2: the values a regression head's measurement can physically take, [min, max]. The interval is kept
 * inside it; an estimate outside it is refused as implausible (boundary checks). Site-adapted heads state it
 * (a fitted linear map can extrapolate where neighbour averages cannot).
 */
const plausibleRange = z.tuple([num, num]).refine(([lo, hi]) => lo < hi, 'min must be below max');

/** The fields every regression head (linear, prompt, knn) ends with: its call rule, what it was measured at, its maps. */
const regressionCall = {
  threshold: num,
  callWhen,
  operatingPoint: operatingPoint.optional(),
  calibration: calibration.optional(),
  recalibration: recalibration.optional(),
  plausibleRange: plausibleRange.optional(),
};

const logisticHead = z
  .object({
    id: z.string().min(1),
    kind: z.literal('logistic'),
    label: z.string(),
    finding: z.string().optional(),
    weights: z.array(num),
    bias: num,
    /** Schema 2: weight of ln(mean_k exp(logvar_k)) (the log uncertainty score) in the linear predictor. */
    uncertaintyWeight: num.optional(),
    threshold: num,
    operatingPoint: operatingPoint.optional(),
    recalibration: recalibration.optional(),
  })
  .strict();

/** Schema 2: a linear regression head on the embedding mean (a few-shot ridge head). */
const linearHead = z
  .object({
    id: z.string().min(1),
    kind: z.literal('linear'),
    label: z.string(),
    unit: z.string().optional(),
    measurement: z.string().min(1).optional(),
    weights: z.array(num),
    bias: num,
    uncertaintyWeight: num.optional(),
    ...regressionCall,
  })
  .strict();

const promptHead = z
  .object({
    id: z.string().min(1),
    kind: z.literal('prompt-regression'),
    label: z.string(),
    unit: z.string().optional(),
    /** Schema 2: the echo measurement the estimate is of (e.g. lvef). */
    measurement: z.string().min(1).optional(),
    values: z.array(num).min(1).max(100_000),
    file: safeRelPath,
    topFraction: num.gt(0).max(1),
    ...regressionCall,
  })
  .strict();

const knnHead = z
  .object({
    id: z.string().min(1),
    kind: z.literal('knn'),
    label: z.string(),
    unit: z.string().optional(),
    measurement: z.string().min(1),
    k: z.number().int().positive().max(1000),
    /** Schema 2: which library holds the neighbours: the pack's echo library (default) or the site library. */
    library: z.enum(['pack', 'site']).optional(),
    /** Schema 2: "probability" when the measurement is 0/1 (the estimate is the share of positive neighbours). */
    output: z.enum(['value', 'probability']).optional(),
    ...regressionCall,
  })
  .strict();

export const headSchema = z.discriminatedUnion('kind', [logisticHead, promptHead, knnHead, linearHead]);

const libraryFiles = z
  .object({ metadata: safeRelPath, embeddings: safeRelPath, count: z.number().int().nonnegative().max(1_000_000) })
  .strict();

const shortText = z.string().max(2000);

/**
 * Schema 2: how a site-adapted pack was made (models/PACK-FORMAT.md "Site-adapted packs"). The base pack's
 * identity and file hashes, the cohort and the digest of the training labels, the split, each method with its
 * hyper-parameters, and the validation report (informative: the app shows it, nothing computes with it).
 */
const adaptation = z
  .object({
    method: z.literal('site-adaptation'),
    site: z.string().min(1).max(120),
    createdAt: z.string(),
    app: shortText,
    basePack: z
      .object({
        id: z.string(),
        name: z.string(),
        version: z.string(),
        manifestSha256: hex64,
        files: z.array(z.object({ path: safeRelPath, sha256: hex64 }).strict()),
      })
      .strict(),
    cohort: z
      .object({
        name: shortText,
        labelsDigest: hex64,
        ecgs: z.number().int().nonnegative(),
        patients: z.number().int().nonnegative(),
        train: z.object({ ecgs: z.number().int().nonnegative(), patients: z.number().int().nonnegative() }).strict(),
        test: z.object({ ecgs: z.number().int().nonnegative(), patients: z.number().int().nonnegative() }).strict(),
        echoDates: z.object({ from: z.string(), to: z.string() }).strict().optional(),
      })
      .strict(),
    target: z
      .object({ column: z.string().min(1), kind: z.enum(['binary', 'continuous']), below: num.optional(), above: num.optional(), label: z.string() })
      .strict(),
    split: z
      .object({ by: z.literal('patient'), stratified: z.boolean(), testFraction: num.gt(0).lt(1), seed: z.number().int(), folds: z.number().int().min(2) })
      .strict(),
    methods: z.array(
      z
        .object({
          head: z.string().min(1),
          method: z.enum(['recalibrate', 'fewshot', 'knn']),
          baseHead: z.string().optional(),
          hyperParameters: z.record(z.string(), z.union([num, z.string(), z.boolean()])),
        })
        .strict(),
    ),
    validation: z.record(z.string(), z.unknown()),
  })
  .strict();

/** The app's own bar for calling a quantized pack equivalent to its base (the export uses the same numbers). */
export const QUANTIZED_EQUIVALENCE = { minIdenticalCalls: 0.99, minMeanCosine: 0.999 } as const;

const share = num.min(0).max(1);

/**
 * Optional: this pack's network is an int8 quantization of another pack's (models/tools/export_echoingecg.py
 * --quantize int8), with the agreement measured on a fixed set. The app shows such a pack as quantized and,
 * unless the figures reach QUANTIZED_EQUIVALENCE, as not equivalent to its base.
 */
const quantization = z
  .object({
    method: z.literal('int8-static-qdq'),
    base: z.object({ id: z.string().min(1), version: z.string().min(1), modelSha256: hex64 }).strict(),
    weights: z.string(),
    activations: z.string(),
    calibration: z.string(),
    agreement: z
      .object({
        set: z.string(),
        n: z.number().int().positive(),
        meanCosine: num.min(-1).max(1),
        minCosine: num.min(-1).max(1),
        maxLogvarDiff: num.nonnegative(),
        identicalCalls: z.record(z.string(), share),
        uncertaintyLevelAgreement: share,
        retrievalTop5Overlap: share.optional(),
      })
      .strict(),
    criteria: z.object({ minIdenticalCalls: share, minMeanCosine: num.min(-1).max(1) }).strict(),
    equivalent: z.boolean(),
  })
  .strict();

export type QuantizationSpec = z.output<typeof quantization>;

/** Whether the recorded agreement reaches the app's bar (whatever the pack's own criteria say). */
export function quantizedEquivalent(q: QuantizationSpec): boolean {
  const a = q.agreement;
  return a.meanCosine >= QUANTIZED_EQUIVALENCE.minMeanCosine && Object.values(a.identicalCalls).every((v) => v >= QUANTIZED_EQUIVALENCE.minIdenticalCalls);
}

// Caps keep a hostile or broken manifest from asking for unbounded allocations.
const output = z.object({ name: z.string().min(1), dims: z.array(z.number().int().positive().max(65_536)).max(4) }).strict();

export const manifestSchema = z
  .object({
    schemaVersion: z.union([z.literal(1), z.literal(2)]),
    id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    name: z.string().min(1),
    version: z.string().min(1),
    licence: z.string(),
    clinicalUse: z.boolean(),
    clinicalUseStatement: z.string(),
    trainedOn: z.string(),
    architecture: z
      .object({
        family: z.string(),
        blocks: z.array(z.number().int()),
        stemWidth: z.number().int(),
        widths: z.array(z.number().int()),
        parameters: z.number().int(),
      })
      .strict(),
    files: z.array(z.object({ path: safeRelPath, sha256: hex64, bytes: z.number().int().nonnegative() }).strict()).min(1),
    input: z
      .object({
        name: z.string().min(1),
        // The model's own rate and window: an ECG rate (25-20,000 Hz, as the readers accept), at most 10 minutes.
        sampleRateHz: z.number().int().min(25).max(20_000),
        samples: z.number().int().positive().max(1_000_000),
        leads: z.array(z.string().min(1)).min(1).max(64),
        units: z.enum(['mV', 'uV']),
        bandpass: z.object({ lowHz: num.positive(), highHz: num.positive(), order: z.number().int().positive().max(16) }).strict(),
        resample: z.object({ window: z.literal('kaiser'), beta: num.nonnegative().max(50), padtype: z.literal('median') }).strict(),
        window: z.object({ rule: z.literal('start'), maxPadS: num.nonnegative() }).strict(),
        // A zero (or vanishing) scale would blow the standardised input up: every lead needs a real spread.
        scaler: z.object({ mean: z.array(num), scale: z.array(num.min(MIN_SCALER_SCALE, `a scale of at least ${MIN_SCALER_SCALE}`)) }).strict(),
      })
      .strict(),
    outputs: z
      .object({
        mean: output,
        logvar: output,
        stepLogvar: output.extend({ stepS: num.positive() }).strict(),
      })
      .strict(),
    heads: z.array(headSchema),
    intervals: z
      .object({ level: num.gt(0).lt(1), samples: z.number().int().min(2).max(100_000), seed: z.number().int() })
      .strict(),
    uncertainty: z
      .object({
        score: z.literal('mean-exp-logvar'),
        quantiles: z.array(num).length(101),
        splitPercentile: num.min(0).max(100),
        abstainPercentile: num.min(0).max(100),
        reference: z.string(),
      })
      .strict(),
    /** Optional: a pack exported without a report library has no retrieval and no kNN heads. */
    library: libraryFiles.optional(),
    matchCalibration: z.object({ a: num, b: num }).strict().optional(),
    /** Schema 2: the site's labelled ECGs (same file layout as the library): site kNN heads, similar site ECGs. */
    siteLibrary: libraryFiles.optional(),
    adaptation: adaptation.optional(),
    quantization: quantization.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.quantization?.equivalent && !quantizedEquivalent(m.quantization)) {
      ctx.addIssue({ code: 'custom', path: ['quantization', 'equivalent'], message: 'claims equivalence that its own agreement figures do not reach' });
    }
    if (m.quantization && m.quantization.base.id === m.id) {
      ctx.addIssue({ code: 'custom', path: ['quantization', 'base'], message: 'a quantized pack needs an id of its own' });
    }
    const leads = m.input.leads.length;
    if (m.input.scaler.mean.length !== leads || m.input.scaler.scale.length !== leads) {
      ctx.addIssue({ code: 'custom', path: ['input', 'scaler'], message: `scaler needs ${leads} means and scales` });
    }
    const { sampleRateHz: rate, samples, bandpass, window } = m.input;
    if (samples / rate > 600) ctx.addIssue({ code: 'custom', path: ['input', 'samples'], message: 'the model window is longer than 10 minutes' });
    if (bandpass.highHz >= rate / 2) {
      ctx.addIssue({ code: 'custom', path: ['input', 'bandpass', 'highHz'], message: `must be below half the model rate (${rate / 2} Hz)` });
    }
    if (bandpass.lowHz >= bandpass.highHz) ctx.addIssue({ code: 'custom', path: ['input', 'bandpass', 'lowHz'], message: 'must be below highHz' });
    if (window.maxPadS > samples / rate) ctx.addIssue({ code: 'custom', path: ['input', 'window', 'maxPadS'], message: 'longer than the window' });
    const d = m.outputs.mean.dims[0];
    if (m.outputs.mean.dims.length !== 1 || m.outputs.logvar.dims.length !== 1 || m.outputs.logvar.dims[0] !== d) {
      ctx.addIssue({ code: 'custom', path: ['outputs'], message: 'mean and logvar must both be [D]' });
    }
    if (m.outputs.stepLogvar.dims.length !== 2 || m.outputs.stepLogvar.dims[1] !== d) {
      ctx.addIssue({ code: 'custom', path: ['outputs', 'stepLogvar'], message: 'stepLogvar must be [T, D]' });
    }
    if (m.schemaVersion === 1) {
      const v2 =
        m.siteLibrary !== undefined ||
        m.adaptation !== undefined ||
        m.heads.some(
          (h) =>
            h.kind === 'linear' ||
            h.recalibration !== undefined ||
            (h.kind !== 'logistic' && h.plausibleRange !== undefined) ||
            (h.kind === 'logistic' && h.uncertaintyWeight !== undefined) ||
            (h.kind === 'prompt-regression' && h.measurement !== undefined) ||
            (h.kind === 'knn' && (h.library !== undefined || h.output !== undefined)),
        );
      if (v2) ctx.addIssue({ code: 'custom', path: ['schemaVersion'], message: 'uses schema 2 fields (site adaptation): needs schemaVersion 2' });
    }
    const ids = new Set<string>();
    m.heads.forEach((h, i) => {
      if (ids.has(h.id)) ctx.addIssue({ code: 'custom', path: ['heads', i, 'id'], message: 'head ids must be unique' });
      ids.add(h.id);
      if ((h.kind === 'logistic' || h.kind === 'linear') && h.weights.length !== d) {
        ctx.addIssue({ code: 'custom', path: ['heads', i, 'weights'], message: `needs ${d} weights` });
      }
      if (h.kind === 'prompt-regression' && !m.files.some((f) => f.path === h.file)) {
        ctx.addIssue({ code: 'custom', path: ['heads', i, 'file'], message: 'not listed in files' });
      }
    });
    m.heads.forEach((h, i) => {
      if (h.kind === 'knn' && h.library !== 'site' && !m.library) ctx.addIssue({ code: 'custom', path: ['heads', i], message: 'a knn head needs a library' });
      if (h.kind === 'knn' && h.library === 'site' && !m.siteLibrary) ctx.addIssue({ code: 'custom', path: ['heads', i], message: 'a site knn head needs a siteLibrary' });
      if (h.kind !== 'logistic' && h.calibration && Math.abs(h.calibration.level - m.intervals.level) > 1e-9) {
        ctx.addIssue({ code: 'custom', path: ['heads', i, 'calibration', 'level'], message: 'must equal intervals.level' });
      }
    });
    const needed = ['model.onnx'];
    for (const lib of [m.library, m.siteLibrary]) if (lib) needed.push(lib.metadata, lib.embeddings);
    for (const p of needed) {
      if (!m.files.some((f) => f.path === p)) ctx.addIssue({ code: 'custom', path: ['files'], message: `${p} is not listed` });
    }
    const q = m.uncertainty.quantiles;
    if (q.some((v, i) => i > 0 && v < (q[i - 1] as number))) {
      ctx.addIssue({ code: 'custom', path: ['uncertainty', 'quantiles'], message: 'quantiles must not decrease' });
    }
  });

export type PackManifest = z.output<typeof manifestSchema>;
export type HeadSpec = PackManifest['heads'][number];
