/**
 * Finds which of many keywords occur anywhere in a normalised utterance in one pass over its characters (an
 * Aho-Corasick automaton compiled to a full transition table). The rules' keyword scan uses it to decide which rules
 * and which of their patterns are worth running.
 *
 * Normalised text holds only `a-z`, `0-9` and single spaces; a keyword with any other character can never occur in
 * it and is left out.
 */

/** a-z, 0-9, space. */
const symbolCount = 37;

function symbolOf(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return code - 22;
  if (code === 32) return 36;
  return -1;
}

export interface KeywordAutomaton {
  /** How many keywords it was built from (`found` in `scan` needs room for that many). */
  readonly keywordCount: number;
  /**
   * Writes the index (into the list it was built from) of each keyword that occurs in `text` into `found`, once each
   * and in no particular order, and returns how many it wrote. `text` is scanned as if padded with a space at both
   * ends.
   */
  scan(text: string, found: Int32Array): number;
}

export function buildKeywordAutomaton(keywords: readonly string[]): KeywordAutomaton {
  // Trie, as growable per-state transition rows.
  const rows: Int32Array[] = [new Int32Array(symbolCount).fill(-1)];
  const outputs: number[][] = [[]];
  keywords.forEach((keyword, k) => {
    let state = 0;
    for (let i = 0; i < keyword.length; i++) {
      const symbol = symbolOf(keyword.charCodeAt(i));
      if (symbol < 0) return;
      const row = rows[state] as Int32Array;
      let next = row[symbol] as number;
      if (next < 0) {
        next = rows.length;
        rows.push(new Int32Array(symbolCount).fill(-1));
        outputs.push([]);
        row[symbol] = next;
      }
      state = next;
    }
    if (keyword.length > 0) (outputs[state] as number[]).push(k);
  });
  // Breadth first: failure links, full transitions, and each state's outputs merged with its failure state's.
  const failure = new Int32Array(rows.length);
  const queue: number[] = [];
  const root = rows[0] as Int32Array;
  for (let symbol = 0; symbol < symbolCount; symbol++) {
    const next = root[symbol] as number;
    if (next < 0) root[symbol] = 0;
    else {
      failure[next] = 0;
      queue.push(next);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    const row = rows[state] as Int32Array;
    const fail = failure[state] as number;
    const failRow = rows[fail] as Int32Array;
    (outputs[state] as number[]).push(...(outputs[fail] as number[]));
    for (let symbol = 0; symbol < symbolCount; symbol++) {
      const next = row[symbol] as number;
      if (next < 0) row[symbol] = failRow[symbol] as number;
      else {
        failure[next] = failRow[symbol] as number;
        queue.push(next);
      }
    }
  }
  const stateOutputs = outputs.map((list) => Int32Array.from(new Set(list)));
  // Each transition holds the next state times two, plus one when that state completes a keyword: the scan looks at
  // a state's keyword list only then.
  const transitions = new Int32Array(rows.length * symbolCount);
  rows.forEach((row, state) => {
    for (let symbol = 0; symbol < symbolCount; symbol++) {
      const next = row[symbol] as number;
      transitions[state * symbolCount + symbol] = next * 2 + ((stateOutputs[next] as Int32Array).length > 0 ? 1 : 0);
    }
  });
  const seenIn = new Int32Array(rows.length);
  const keywordSeenIn = new Int32Array(keywords.length);
  let generation = 0;

  return {
    keywordCount: keywords.length,
    scan(text, found) {
      generation++;
      let count = 0;
      let state = 0;
      for (let i = -1; i <= text.length; i++) {
        // The padding spaces at both ends, then the text's own characters.
        const symbol = i < 0 || i === text.length ? 36 : symbolOf(text.charCodeAt(i));
        if (symbol < 0) {
          // A character no keyword holds: no keyword spans it.
          state = 0;
          continue;
        }
        const entry = transitions[state * symbolCount + symbol] as number;
        state = entry >> 1;
        if ((entry & 1) === 0 || seenIn[state] === generation) continue;
        seenIn[state] = generation;
        const out = stateOutputs[state] as Int32Array;
        for (let k = 0; k < out.length; k++) {
          const keyword = out[k] as number;
          if (keywordSeenIn[keyword] === generation) continue;
          keywordSeenIn[keyword] = generation;
          found[count++] = keyword;
        }
      }
      return count;
    },
  };
}
