/**
 * A compact map from E.164 numbers to small integers, for lists of a million numbers (block list, reputation).
 * Most entries live in two sorted typed arrays (12 bytes an entry instead of ~90 for a Map of strings to objects);
 * changes made at run time go to a small Map in front of them, folded into the arrays once it grows.
 *
 * E.164 digits never start with 0 and have at most 15 of them, so the number itself (below 2^53) is an exact key.
 *
 * @example
 * const table = new NumberTable();
 * table.set('+447400000001', 3);
 * table.get('+447400000001') // 3
 */
const absent = -1;

export class NumberTable {
  private keys = new Float64Array(0);
  private values = new Int32Array(0);
  /** Changes since the arrays were last rebuilt; `absent` marks a deletion. */
  private readonly pending = new Map<number, number>();
  private liveCount = 0;

  constructor(private readonly foldAt = 50_000) {}

  get size(): number {
    return this.liveCount;
  }

  /** The value for `number`, or undefined. Numbers that are not E.164 are never present. */
  get(number: string): number | undefined {
    const key = toKey(number);
    if (key === null) return undefined;
    const change = this.pending.get(key);
    if (change !== undefined) return change === absent ? undefined : change;
    const at = this.search(key);
    return at >= 0 ? this.values[at] : undefined;
  }

  /** Sets a non-negative value for a number (E.164 only; other keys are ignored and reported as false). */
  set(number: string, value: number): boolean {
    const key = toKey(number);
    if (key === null || value < 0) return false;
    if (!this.has(key)) this.liveCount += 1;
    this.pending.set(key, value);
    if (this.pending.size >= this.foldAt) this.fold();
    return true;
  }

  delete(number: string): boolean {
    const key = toKey(number);
    if (key === null || !this.has(key)) return false;
    this.liveCount -= 1;
    this.pending.set(key, absent);
    if (this.pending.size >= this.foldAt) this.fold();
    return true;
  }

  /** Folds pending changes into the sorted arrays (call after a bulk load). */
  fold(): void {
    if (this.pending.size === 0) return;
    const changes = [...this.pending.entries()].sort((a, b) => a[0] - b[0]);
    const keys = new Float64Array(this.liveCount);
    const values = new Int32Array(this.liveCount);
    let i = 0;
    let j = 0;
    let out = 0;
    while (i < this.keys.length || j < changes.length) {
      const baseKey = i < this.keys.length ? (this.keys[i] as number) : Number.POSITIVE_INFINITY;
      const change = changes[j];
      const changeKey = change ? change[0] : Number.POSITIVE_INFINITY;
      if (baseKey < changeKey) {
        keys[out] = baseKey;
        values[out] = this.values[i] as number;
        out += 1;
        i += 1;
        continue;
      }
      if (baseKey === changeKey) i += 1;
      if (change && change[1] !== absent) {
        keys[out] = changeKey;
        values[out] = change[1];
        out += 1;
      }
      j += 1;
    }
    this.keys = keys;
    this.values = values;
    this.pending.clear();
  }

  private has(key: number): boolean {
    const change = this.pending.get(key);
    if (change !== undefined) return change !== absent;
    return this.search(key) >= 0;
  }

  private search(key: number): number {
    let low = 0;
    let high = this.keys.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const candidate = this.keys[middle] as number;
      if (candidate < key) low = middle + 1;
      else if (candidate > key) high = middle - 1;
      else return middle;
    }
    return -1;
  }
}

function toKey(number: string): number | null {
  // '+' then 1 to 15 digits, the first not 0: the numeric value is then unique.
  if (number.length < 2 || number.length > 16 || number.charCodeAt(0) !== 43 || number.charCodeAt(1) === 48) {
    return null;
  }
  const key = Number(number.slice(1));
  return Number.isSafeInteger(key) && key > 0 ? key : null;
}
