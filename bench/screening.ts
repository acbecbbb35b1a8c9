import type { BenchFigure } from './figure.js';

export async function benchScreening(): Promise<BenchFigure[]> {
  return [];
}
