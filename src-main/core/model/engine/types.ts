import type { ExecutionProviderChoice } from '../types';

/** Raw network outputs for one batch, row-major: mean [B, D], logvar [B, D], stepLogvar [B, T, D]. */
export interface EngineOutputs {
  batch: number;
  mean: Float32Array;
  logvar: Float32Array;
  stepLogvar: Float32Array;
}

/** What the engine checks the ONNX graph against (from the manifest). */
export interface EngineSpec {
  modelPath: string;
  inputName: string;
  /** Per-record input dims, e.g. [12, 1000]. */
  inputDims: number[];
  outputs: { mean: { name: string; dims: number[] }; logvar: { name: string; dims: number[] }; stepLogvar: { name: string; dims: number[] } };
}

/**
 * The only surface above onnxruntime: plain typed arrays in and out, so everything else is testable with a
 * fake engine. One live session, reused across calls; run() is asynchronous and never blocks the JS thread.
 */
export interface InferenceEngine {
  /** The execution provider that actually runs ('cpu', 'cuda', 'webgpu', 'dml', 'coreml'). */
  readonly executionProvider: string;
  /** Providers tried before the one that runs, with why they were skipped (for the fallback report). */
  readonly fallbacks: { provider: string; reason: string }[];
  /** input: [batch x inputDims] float32. */
  run(input: Float32Array, batch: number): Promise<EngineOutputs>;
  /**
   * A float32 matrix product against constant rows ([n x dim]) on the CPU, for the heads' Monte Carlo
   * rankings (results/row-products.ts). Optional: without it the heads rank in JavaScript, same outputs.
   */
  matrixProduct?(rows: Float32Array, n: number, dim: number): Promise<MatrixProduct>;
  dispose(): Promise<void>;
}

/** x [m x dim] float32 -> x . rows^T [m x n] float32, rows fixed when it was made. */
export interface MatrixProduct {
  run(x: Float32Array, m: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface EngineOptions {
  executionProvider: ExecutionProviderChoice;
  /** Intra-op threads for the CPU provider (0 or absent: onnxruntime's default). */
  threads?: number;
}

export type EngineFactory = (spec: EngineSpec, options: EngineOptions) => Promise<InferenceEngine>;
