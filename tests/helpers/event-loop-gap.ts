/** A result with how long the calling thread was blocked while producing it. */
export interface Timed<T> {
  value: T;
  /** Largest interval between this thread's 5 ms timer callbacks: the longest time it could not run. */
  gapMs: number;
  /** Wall time of the whole call. */
  ms: number;
}

/**
 * Runs `work` while a 5 ms timer on this thread records the largest gap between its callbacks. Work done on
 * this thread (onnxruntime or post-processing without a worker) shows up in full; work in a worker does not.
 * Shared by the worker test and the model bench so both measure the same way.
 */
export async function maxEventLoopGap<T>(work: () => Promise<T>): Promise<Timed<T>> {
  let last = performance.now();
  let gapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gapMs = Math.max(gapMs, now - last);
    last = now;
  }, 5);
  const t0 = performance.now();
  try {
    const value = await work();
    gapMs = Math.max(gapMs, performance.now() - last);
    return { value, gapMs, ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}
