import { readFileSync } from 'node:fs';

/** What the check was asked to do (see check.ts). */
export interface CheckArgs {
  packs: [string, string][];
  gflop: Map<string, number>;
  torch: Map<string, { device: string; batches: Record<string, { ecgPerS: number }> }>;
  batches: number[];
  budgetS: number;
  cpuOnly: boolean;
}

function pair(v: string, flag: string): [string, string] {
  const i = v.indexOf('=');
  if (i <= 0) throw new Error(`${flag} takes NAME=VALUE`);
  return [v.slice(0, i), v.slice(i + 1)];
}

export function parseArgs(argv: string[]): CheckArgs {
  const a: CheckArgs = { packs: [], gflop: new Map(), torch: new Map(), batches: [1, 8, 32, 64, 128], budgetS: 420, cpuOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--pack') a.packs.push(pair(value(), flag));
    else if (flag === '--gflop') {
      const [k, v] = pair(value(), flag);
      a.gflop.set(k, Number(v));
    } else if (flag === '--torch') {
      const [k, v] = pair(value(), flag);
      try {
        a.torch.set(k, JSON.parse(readFileSync(v, 'utf8')) as { device: string; batches: Record<string, { ecgPerS: number }> });
      } catch {
        // PyTorch did not run (no CUDA build, no GPU): reported as not run.
      }
    } else if (flag === '--batches') a.batches = value().split(',').map(Number).filter((b) => Number.isInteger(b) && b > 0);
    else if (flag === '--budget-s') a.budgetS = Number(value());
    else if (flag === '--cpu-only') a.cpuOnly = true;
    else throw new Error(`unknown option ${flag}`);
  }
  if (a.packs.length === 0) throw new Error('give at least one --pack NAME=DIR');
  return a;
}

/**
 * Dense TF32 tensor-core peak of the cards we know (NVIDIA data sheets, without sparsity), so the check can say
 * how much of the card EchoingECG uses: 27.8 GFLOP per ECG on an H100 SXM (495 TFLOPS) is about 17,800 ECGs/s.
 */
const TF32_PEAK: [RegExp, number][] = [
  [/H200/i, 495],
  [/H100.*PCIe/i, 378],
  [/H100/i, 495],
  [/GH200/i, 495],
  [/A100/i, 156],
  [/L40S/i, 183],
  [/L4\b/i, 60],
  [/A10\b/i, 62.5],
];

export function cardPeakTf32(name: string | undefined): { tflops: number } | undefined {
  if (!name) return undefined;
  const hit = TF32_PEAK.find(([re]) => re.test(name));
  return hit ? { tflops: hit[1] } : undefined;
}
