import { z } from 'zod';

/**
 * Schema version 1 of a model pack's manifest.json (models/PACK-FORMAT.md). Anything the format does not
 * state is refused: objects are strict, numbers finite.
 */
export const SUPPORTED_SCHEMA_VERSION = 1;

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

const logisticHead = z
  .object({
    id: z.string().min(1),
    kind: z.literal('logistic'),
    label: z.string(),
    finding: z.string().optional(),
    weights: z.array(num),
    bias: num,
    threshold: num,
    operatingPoint: operatingPoint.optional(),
  })
  .strict();

const promptHead = z
  .object({
    id: z.string().min(1),
    kind: z.literal('prompt-regression'),
    label: z.string(),
    unit: z.string().optional(),
    values: z.array(num).min(1).max(100_000),
    file: safeRelPath,
    topFraction: num.gt(0).max(1),
    threshold: num,
    callWhen,
    operatingPoint: operatingPoint.optional(),
    calibration: calibration.optional(),
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
    threshold: num,
    callWhen,
    operatingPoint: operatingPoint.optional(),
    calibration: calibration.optional(),
  })
  .strict();

export const headSchema = z.discriminatedUnion('kind', [logisticHead, promptHead, knnHead]);

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
    schemaVersion: z.literal(SUPPORTED_SCHEMA_VERSION),
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
    library: z
      .object({ metadata: safeRelPath, embeddings: safeRelPath, count: z.number().int().nonnegative().max(1_000_000) })
      .strict()
      .optional(),
    matchCalibration: z.object({ a: num, b: num }).strict().optional(),
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
    m.heads.forEach((h, i) => {
      if (h.kind === 'logistic' && h.weights.length !== d) {
        ctx.addIssue({ code: 'custom', path: ['heads', i, 'weights'], message: `needs ${d} weights` });
      }
      if (h.kind === 'prompt-regression' && !m.files.some((f) => f.path === h.file)) {
        ctx.addIssue({ code: 'custom', path: ['heads', i, 'file'], message: 'not listed in files' });
      }
    });
    m.heads.forEach((h, i) => {
      if (h.kind === 'knn' && !m.library) ctx.addIssue({ code: 'custom', path: ['heads', i], message: 'a knn head needs a library' });
      if (h.kind !== 'logistic' && h.calibration && Math.abs(h.calibration.level - m.intervals.level) > 1e-9) {
        ctx.addIssue({ code: 'custom', path: ['heads', i, 'calibration', 'level'], message: 'must equal intervals.level' });
      }
    });
    const needed = m.library ? [m.library.metadata, m.library.embeddings, 'model.onnx'] : ['model.onnx'];
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
