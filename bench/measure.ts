/** Timing helpers: median and p95 over many repetitions, after a warm-up. */
export interface Timing {
  readonly median: number;
  readonly p95: number;
  readonly p99: number;
  readonly runs: number;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95), p99: at(0.99), runs: sorted.length };
}

export async function time(fn: () => unknown | Promise<unknown>, runs: number, warmup = Math.ceil(runs / 5)): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/**
 * Times functions in alternation (one run of each, round after round), so that each sees the
 * same machine: on a shared VM a neighbour's load moves every figure, and ratios of figures
 * taken minutes apart move with it.
 */
export async function timeTogether<T extends readonly (() => unknown | Promise<unknown>)[]>(fns: T, runs: number, warmup = Math.ceil(runs / 5)): Promise<{ [K in keyof T]: Timing }> {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const samples: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [index, fn] of fns.entries()) {
      const start = performance.now();
      await fn();
      samples[index]?.push(performance.now() - start);
    }
  }
  return samples.map(summarize) as { [K in keyof T]: Timing };
}

export const ms = (value: number) => `${value.toFixed(2)} ms`;
