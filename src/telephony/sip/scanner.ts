/**
 * A cursor over one (already unfolded) header value, with the RFC 3261 §25.1 building blocks every header parser
 * needs: tokens, quoted strings, linear white space and `;name=value` parameters. Parsers built on it throw
 * `SipSyntaxError`, which each exported parser catches and turns into a tagged result.
 *
 * @example
 * const s = new Scanner('Digest realm="x"');
 * s.token(); // 'Digest'
 */

/** Thrown inside the SIP parsers for malformed input; never escapes an exported `parse…` function. */
export class SipSyntaxError extends Error {
  override readonly name = 'SipSyntaxError';
}

/**
 * Throws `SipSyntaxError`; a helper so parsers can write `?? fail('…')`.
 *
 * @example
 * const name = s.token() ?? fail('expected a header name');
 */
export function fail(message: string): never {
  throw new SipSyntaxError(message);
}

/**
 * Runs a throwing parser and returns a tagged result; other exceptions (bugs) propagate.
 *
 * @example
 * attempt(() => fail('bad')); // { ok: false, error: 'bad' }
 */
export function attempt<T>(parse: () => T): { ok: true; value: T } | { ok: false; error: string } {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof SipSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

/** A tagged parse result used by every header and URI parser. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
const tokenChar = /[A-Za-z0-9\-.!%*_+`'~]/;
const tokenPattern = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/**
 * True when `text` is a non-empty RFC 3261 token (methods, header names, parameter names).
 *
 * @example
 * isToken("!interesting-Method0123456789_*+`.%indeed'~"); // true
 */
export function isToken(text: string): boolean {
  return tokenPattern.test(text);
}

/**
 * Trims SP/HTAB only (`String#trim` would also eat U+FEFF and other Unicode spaces that are header content).
 *
 * @example
 * trimWs(' \uFEFF大停電\t'); // '\uFEFF大停電'
 */
export function trimWs(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** Parameters in the order written; names are lower-cased (they compare case-insensitively), values unquoted. */
export type Params = ReadonlyMap<string, string | null>;

/**
 * Cursor over one unfolded header value.
 *
 * @example
 * const s = new Scanner('tag = abc');
 * s.token(); // 'tag'
 */
export class Scanner {
  pos = 0;

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  /** Skips SP/HTAB (folding was already replaced by SP); returns whether any was skipped. */
  skipWs(): boolean {
    const start = this.pos;
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
    return this.pos > start;
  }

  eat(char: string): boolean {
    if (this.peek() !== char) return false;
    this.pos++;
    return true;
  }

  /** Consumes `char` surrounded by optional white space (SEMI, COMMA, EQUAL, SLASH, COLON of §25.1). */
  eatSeparator(char: string): boolean {
    const save = this.pos;
    this.skipWs();
    if (this.eat(char)) {
      this.skipWs();
      return true;
    }
    this.pos = save;
    return false;
  }

  token(): string | null {
    const start = this.pos;
    while (tokenChar.test(this.peek())) this.pos++;
    return this.pos > start ? this.text.slice(start, this.pos) : null;
  }

  /** Reads a quoted-string at the cursor and returns its content with quoted-pairs resolved. */
  quotedString(): string {
    if (!this.eat('"')) fail('expected a quoted string');
    let out = '';
    for (;;) {
      const char = this.text[this.pos++];
      if (char === undefined) fail('unterminated quoted string');
      if (char === '"') return out;
      if (char === '\\') {
        const escaped = this.text[this.pos++];
        if (escaped === undefined || escaped === '\r' || escaped === '\n') fail('bad quoted-pair in quoted string');
        out += escaped;
      } else {
        out += char;
      }
    }
  }

  /** Reads characters while `pattern` matches one character. */
  while(pattern: RegExp): string {
    const start = this.pos;
    while (!this.done && pattern.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Reads a generic-param value: token, host (incl. `[v6]` and bare IPv6 in `received`) or quoted-string. */
  paramValue(): string {
    if (this.peek() === '"') return this.quotedString();
    const value = this.while(/[A-Za-z0-9\-.!%*_+`'~:[\]]/);
    return value || fail(`empty parameter value at offset ${this.pos}`);
  }

  /** Reads `*( SEMI generic-param )`; an empty parameter (`;;`) or empty value (`a=`) is a syntax error. */
  params(): Params {
    const params = new Map<string, string | null>();
    while (this.eatSeparator(';')) {
      const name = this.token() ?? fail(`empty or malformed parameter at offset ${this.pos}`);
      const value = this.eatSeparator('=') ? this.paramValue() : null;
      const key = name.toLowerCase();
      if (!params.has(key)) params.set(key, value);
    }
    return params;
  }

  /** Fails unless only white space remains. */
  end(what: string): void {
    this.skipWs();
    if (!this.done) fail(`unexpected '${this.text.slice(this.pos, this.pos + 16)}' in ${what}`);
  }
}
