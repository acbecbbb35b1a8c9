/** One benchmark figure, printed as a JSON line on stdout (format fixed by CONTRACT.md). */
export interface BenchFigure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
}

/** Prints a figure as one JSON line on stdout. */
export function emit(figure: BenchFigure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

/** Returns the p-th percentile (0..100) of an ascending-sorted array. */
export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
