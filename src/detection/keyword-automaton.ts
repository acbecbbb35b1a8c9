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
  /**
   * Calls `found(keywordIndex)` once for each keyword (index into the list it was built from) that occurs in `text`,
   * in no particular order. `text` is scanned as if padded with a space at both ends.
   */
  scan(text: string, found: (keyword: number) => void): void;
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
  const transitions = new Int32Array(rows.length * symbolCount);
  rows.forEach((row, state) => {
    transitions.set(row, state * symbolCount);
  });
  const stateOutputs = outputs.map((list) => Int32Array.from(new Set(list)));
  const seenIn = new Int32Array(rows.length);
  const keywordSeenIn = new Int32Array(keywords.length);
  let generation = 0;

  function step(state: number, symbol: number, found: (keyword: number) => void): number {
    const next = transitions[state * symbolCount + symbol] as number;
    const out = stateOutputs[next] as Int32Array;
    if (out.length > 0 && seenIn[next] !== generation) {
      seenIn[next] = generation;
      for (let i = 0; i < out.length; i++) {
        const keyword = out[i] as number;
        if (keywordSeenIn[keyword] === generation) continue;
        keywordSeenIn[keyword] = generation;
        found(keyword);
      }
    }
    return next;
  }

  return {
    scan(text, found) {
      generation++;
      let state = step(0, 36, found);
      for (let i = 0; i < text.length; i++) {
        const symbol = symbolOf(text.charCodeAt(i));
        // A character no keyword holds: no keyword spans it.
        state = symbol < 0 ? 0 : step(state, symbol, found);
      }
      step(state, 36, found);
    },
  };
}
