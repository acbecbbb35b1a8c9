/**
 * Cheap substring checks in front of regexes: the words one of which every match must contain are read off the
 * pattern's start, and a text holding none of them is answered without running the regex. Used for the rules'
 * patterns (through the keyword scan) and for the long context patterns tested on every turn.
 */

const regexSpecial = new Set(['\\', '(', ')', '[', ']', '{', '}', '|', '.', '*', '+', '?', '^', '$']);
const quantifiers = new Set(['?', '*', '{']);

/** The literal text at the start of a regex branch, less a last character a quantifier makes optional. */
function leadingLiteral(source: string, from: number): string {
  let end = from;
  while (end < source.length && !regexSpecial.has(source[end] as string)) end++;
  const literal = source.slice(from, end);
  return quantifiers.has(source[end] as string) ? literal.slice(0, -1) : literal;
}

/**
 * Walks the pattern from `from`, skipping escapes and character classes, and calls `visit` with each other
 * character's index, the character and the group depth before it; returns the index where `visit` said stop, or -1.
 */
function walkPattern(
  source: string,
  from: number,
  visit: (index: number, c: string, depth: number) => boolean,
): number {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (visit(i, c, depth)) return i;
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return -1;
}

/** Index just past the group that opens at `open` (which holds '('), or -1. */
function groupEnd(source: string, open: number): number {
  const close = walkPattern(source, open, (_i, c, depth) => c === ')' && depth === 1);
  return close < 0 ? -1 : close + 1;
}

/** Top-level branches of the pattern `source` (split on '|' outside groups and classes). */
function branches(source: string): string[] {
  const parts: string[] = [];
  let start = 0;
  walkPattern(source, 0, (i, c, depth) => {
    if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
    return false;
  });
  parts.push(source.slice(start));
  return parts;
}

/**
 * Words one of which every match of the pattern contains, read off its start: after any `\b` and lookbehinds, either
 * a literal ("dont tell …") or a non-optional group of branches that each start with a literal ("(?:send|lend|pay) …").
 * Null when the start is anything else (a class, a nested group, an optional part): the regex then always runs.
 */
export function requiredLiterals(source: string): string[] | null {
  if (branches(source).length > 1) return null;
  let i = 0;
  for (;;) {
    if (source.startsWith('\\b', i)) i += 2;
    else if (source.startsWith('(?<!', i) || source.startsWith('(?<=', i) || source.startsWith('(?!', i)) {
      const end = groupEnd(source, i);
      if (end < 0) return null;
      i = end;
    } else break;
  }
  if (source.startsWith('(?:', i)) {
    const end = groupEnd(source, i);
    if (end < 0 || quantifiers.has(source[end] as string)) return null;
    const literals = branches(source.slice(i + 3, end - 1)).map((branch) => leadingLiteral(branch, 0));
    return literals.every((literal) => literal.trim().length >= 2) ? literals : null;
  }
  const literal = leadingLiteral(source, i);
  return literal.trim().length >= 2 ? [literal] : null;
}

/** A regex's `test` and `exec` behind its gate words (see `requiredLiterals`); the regex itself when it has none. */
export interface GatedRegex {
  readonly source: string;
  test(text: string): boolean;
  exec(text: string): RegExpExecArray | null;
}

export function literalGated(regex: RegExp): GatedRegex {
  if (regex.global || regex.sticky) throw new Error(`literalGated: ${regex.source} keeps state between tests`);
  const words = requiredLiterals(regex.source);
  if (words === null) return regex;
  const mayMatch = (text: string): boolean => {
    for (const word of words) if (text.includes(word)) return true;
    return false;
  };
  return {
    source: regex.source,
    test: (text) => mayMatch(text) && regex.test(text),
    exec: (text) => (mayMatch(text) ? regex.exec(text) : null),
  };
}
