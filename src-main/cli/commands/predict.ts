import { resolve } from 'node:path';
import { bundledModelsDir } from '../../core/app-paths';
import { readEcgFile } from '../../core/ecg/index';
import type { EcgRecord } from '../../core/ecg/record';
import { CoreError, type ErrorValue, toErrorValue } from '../../core/errors';
import { type LoadedEchoingModel, loadModel } from '../../core/model/model';
import { PackManager } from '../../core/model/pack/manager';
import type { ExecutionProviderChoice, ModelSummary, PredictionResult, QuantizedSummary } from '../../core/model/types';
import { UsageError, parseArgs, stringFlag } from '../args';
import { cliDataDir, type CliCommand, type CliIo } from '../types';

/** One input's result, exactly the shape `predict --json` prints (issue 4). */
export interface PredictJson {
  path: string;
  ok: boolean;
  model?: { id: string; version: string; clinical: boolean; quantization?: QuantizedSummary; adaptedFrom?: { id: string; name: string; version: string; site: string } };
  executionProvider?: string;
  window?: { startS: number; durationS: number };
  uncertainty?: { score: number; percentile: number; level: string };
  predictions?: { head: string; label: string; probability: number | null; value?: number; unit?: string; interval: [number, number]; call: string; threshold: number; operatingPoint?: { sensitivity: number; specificity: number } }[];
  similarReports?: { id: string; score: number; matchProbability?: number; report: string; measurements: Record<string, number>; date?: string }[];
  /** A site-adapted pack's nearest labelled ECGs of the site with their echo values. */
  similarSiteEcgs?: { id: string; score: number; measurements: Record<string, number> }[];
  embedding?: { mean: number[]; logvar: number[] };
  error?: ErrorValue;
}

const PROVIDERS = ['auto', 'cpu', 'cuda', 'webgpu', 'dml', 'coreml'] as const;
const BATCH = 16;

const USAGE = `Usage: echoing-ecg predict [--json] [--embedding] [--model DIR] [--ep auto|cpu|cuda|webgpu|dml|coreml]
                         [--window-start S] <file...>

Runs an EchoingECG model pack on each ECG file: uncertainty (score, percentile on the pack's reference, level),
every head's estimate with its Monte Carlo interval and call, and the most similar echo reports.

Options:
  --json              Print one JSON array, one object per file
  --embedding         Include the 512-d mean and log-variance (with --json)
  --model DIR         Model pack folder (default: the pack chosen in the app, else the bundled one)
  --ep NAME           Execution provider (default auto: GPU when available, else CPU)
  --window-start S    Start of the 10 s model window, in seconds from the record's start (default 0)
Exit code: 0 when every file was predicted, 1 otherwise, 2 on a usage mistake.
`;

/** The model pack in `dir`, else the pack chosen in the data folder (the app's), else the bundled one. */
export async function openModel(dir: string | undefined, ep: ExecutionProviderChoice, io: CliIo): Promise<LoadedEchoingModel> {
  if (dir) return loadModel(resolve(dir), { executionProvider: ep });
  const mgr = new PackManager({ bundledModelsDir: bundledModelsDir(), dataDir: cliDataDir(io) });
  const active = (await mgr.list()).find((p) => p.active);
  if (!active) throw new CoreError('PACK_NOT_FOUND', 'No usable model pack was found; pass --model DIR.');
  return loadModel(active.dir, { executionProvider: ep });
}

const r6 = (v: number): number => Number(v.toPrecision(6));

/** The model fields every result names (a quantized pack says so, with its base and agreement). */
function modelInfoOf(m: ModelSummary): NonNullable<PredictJson['model']> {
  const a = m.adaptedFrom;
  return {
    id: m.id, version: m.version, clinical: m.clinical, ...(m.quantization ? { quantization: m.quantization } : {}),
    ...(a ? { adaptedFrom: { id: a.id, name: a.name, version: a.version, site: a.site } } : {}),
  };
}

const quantizedText = (q: QuantizedSummary | undefined): string =>
  q ? ` (int8 from ${q.baseId} ${q.baseVersion}${q.equivalent ? '' : ', NOT EQUIVALENT'}: ${(100 * q.minIdenticalCalls).toFixed(1)} % identical calls)` : '';

/** A prediction in the CLI's JSON shape. */
export function toJson(path: string, r: PredictionResult, withEmbedding: boolean): PredictJson {
  const out: PredictJson = {
    path,
    ok: true,
    model: modelInfoOf(r.model),
    executionProvider: r.executionProvider,
    window: { startS: r.window.startS, durationS: r.window.durationS },
    uncertainty: { score: r6(r.uncertainty.score), percentile: r6(r.uncertainty.percentile), level: r.uncertainty.level },
    predictions: r.predictions.map((p) => {
      const row: NonNullable<PredictJson['predictions']>[number] = {
        head: p.head,
        label: p.label,
        probability: p.probability === undefined ? null : r6(p.probability),
        interval: [r6(p.interval[0]), r6(p.interval[1])],
        call: p.call,
        threshold: p.threshold,
      };
      // The held-out operating point lets a reader work out PPV/NPV at their own prevalence.
      if (p.operatingPoint !== undefined) row.operatingPoint = p.operatingPoint;
      if (p.value !== undefined) row.value = r6(p.value);
      if (p.unit !== undefined) row.unit = p.unit;
      return row;
    }),
    similarReports: r.similarReports.map((s) => ({ ...s, score: r6(s.score), ...(s.matchProbability !== undefined ? { matchProbability: r6(s.matchProbability) } : {}) })),
  };
  if (r.similarSiteEcgs) out.similarSiteEcgs = r.similarSiteEcgs.map((s) => ({ id: s.id, score: r6(s.score), measurements: s.measurements }));
  if (withEmbedding) out.embedding = { mean: Array.from(r.embedding.mean), logvar: Array.from(r.embedding.logvar) };
  return out;
}

function table(r: PredictJson): string {
  if (!r.ok) return `${r.path}\n  FAILED ${r.error?.code}: ${r.error?.message}\n`;
  const lines = [
    r.path,
    `  model ${r.model?.id} ${r.model?.version}${r.model?.clinical ? '' : ' (NOT FOR CLINICAL USE)'}${quantizedText(r.model?.quantization)}  on ${r.executionProvider}  window ${r.window?.startS}-${(r.window?.startS ?? 0) + (r.window?.durationS ?? 0)} s`,
    ...(r.model?.adaptedFrom ? [`  site-adapted from ${r.model.adaptedFrom.name} ${r.model.adaptedFrom.version} for ${r.model.adaptedFrom.site}`] : []),
    `  uncertainty ${r.uncertainty?.level}  (score ${r.uncertainty?.score}, percentile ${r.uncertainty?.percentile?.toFixed(1)})`,
  ];
  for (const p of r.predictions ?? []) {
    const est = p.probability !== null ? `p=${p.probability.toFixed(3)}` : `${p.value?.toFixed(1)}${p.unit ? ` ${p.unit}` : ''}`;
    lines.push(`  ${p.label.padEnd(32)} ${est.padEnd(12)} [${p.interval[0].toFixed(2)}, ${p.interval[1].toFixed(2)}]  ${p.call}`);
  }
  for (const s of (r.similarReports ?? []).slice(0, 3)) {
    lines.push(`  similar ${s.id} (CSD ${s.score.toFixed(3)}${s.matchProbability !== undefined ? `, match ${s.matchProbability.toFixed(2)}` : ''}): ${s.report.replace(/\s+/g, ' ').slice(0, 100)}`);
  }
  for (const s of (r.similarSiteEcgs ?? []).slice(0, 3)) {
    lines.push(`  similar site ECG ${s.id} (CSD ${s.score.toFixed(3)}): ${Object.entries(s.measurements).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

async function predictAll(files: string[], model: LoadedEchoingModel, windowStartS: number, withEmbedding: boolean): Promise<PredictJson[]> {
  const results: PredictJson[] = [];
  for (let i = 0; i < files.length; i += BATCH) {
    const chunk = files.slice(i, i + BATCH);
    const read = await Promise.all(
      chunk.map(async (p) => readEcgFile(p).then((record): { record: EcgRecord } => ({ record }), (e: unknown) => ({ error: toErrorValue(e) }))),
    );
    const okIdx = read.flatMap((r, j) => ('record' in r ? [j] : []));
    const outcomes = await model.predictSettled(okIdx.map((j) => (read[j] as { record: EcgRecord }).record), { windowStartS });
    const modelInfo = modelInfoOf(model.summary);
    chunk.forEach((path, j) => {
      const r = read[j];
      const k = okIdx.indexOf(j);
      const o = k >= 0 ? outcomes[k] : undefined;
      if (o?.ok) results.push(toJson(path, o.result, withEmbedding));
      else {
        const error = o && !o.ok ? o.error : r && 'error' in r ? r.error : { code: 'INTERNAL' as const, message: 'No result.' };
        results.push({ path, ok: false, model: modelInfo, executionProvider: model.executionProvider, error });
      }
    });
  }
  return results;
}

/** `echoing-ecg predict`: run a model pack on ECG files. */
export const command: CliCommand = {
  name: 'predict',
  summary: 'Run a model pack on ECG files: findings with intervals, uncertainty, similar echo reports',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const parsed = parseArgs(argv, {
      json: { type: 'boolean' },
      embedding: { type: 'boolean' },
      model: { type: 'string' },
      ep: { type: 'string' },
      'window-start': { type: 'string' },
    });
    const files = parsed.positionals;
    if (files.length === 0) throw new UsageError('Give at least one ECG file.');
    const ep = (stringFlag(parsed, 'ep') ?? 'auto') as ExecutionProviderChoice;
    if (!PROVIDERS.includes(ep)) throw new UsageError(`--ep must be one of ${PROVIDERS.join(', ')}.`);
    const ws = stringFlag(parsed, 'window-start');
    const windowStartS = ws === undefined ? 0 : Number(ws);
    if (!Number.isFinite(windowStartS) || windowStartS < 0) throw new UsageError('--window-start needs a number of seconds >= 0.');
    const json = parsed.flags.json === true;

    let results: PredictJson[];
    let model: LoadedEchoingModel | undefined;
    try {
      model = await openModel(stringFlag(parsed, 'model'), ep, io);
      results = await predictAll(files, model, windowStartS, parsed.flags.embedding === true);
    } catch (e) {
      const error = toErrorValue(e);
      results = files.map((path) => ({ path, ok: false, error }));
    } finally {
      await model?.dispose();
    }
    io.stdout(json ? `${JSON.stringify(results, null, 2)}\n` : results.map(table).join('\n'));
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
