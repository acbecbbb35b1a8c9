/**
 * Via header values (RFC 3261 §20.42, §18.2.1; RFC 3581 rport): sent-protocol, sent-by and the parameters a
 * transaction layer needs. LWS is allowed around '/', ':', ';' and '=' (RFC 4475 §3.1.1.1).
 *
 * @example
 * const r = parseVia('SIP/2.0/UDP 192.0.2.4:5062;branch=z9hG4bK776asdhds;rport');
 * // r.ok → [{ transport: 'UDP', host: '192.0.2.4', port: 5062, branch: 'z9hG4bK776asdhds', rport: true, ... }]
 */
import { attempt, fail, type Params, type Parsed, Scanner } from './scanner.js';

export interface Via {
  /** `SIP` in practice; kept as written. */
  readonly protocol: string;
  readonly version: string;
  /** Upper-cased transport (`UDP`, `TCP`, `TLS`, `SCTP`, `WS`, or an unknown token). */
  readonly transport: string;
  readonly host: string;
  readonly port: number | null;
  readonly params: Params;
  readonly branch: string | null;
  readonly received: string | null;
  /** `true` for a bare `;rport` (asking for it), the port number once filled in, null when absent. */
  readonly rport: number | true | null;
}

function readVia(s: Scanner): Via {
  s.skipWs();
  const protocol = s.token() ?? fail('Via: missing protocol name');
  if (!s.eatSeparator('/')) fail("Via: expected '/' after the protocol name");
  const version = s.token() ?? fail('Via: missing protocol version');
  if (!s.eatSeparator('/')) fail("Via: expected '/' after the protocol version");
  const transport = (s.token() ?? fail('Via: missing transport')).toUpperCase();
  if (!s.skipWs()) fail('Via: expected white space before sent-by');
  const host = s.peek() === '[' ? `${s.while(/[[0-9A-Fa-f:.]/)}${s.eat(']') ? ']' : ''}` : s.while(/[A-Za-z0-9\-._]/);
  if (!/^([A-Za-z0-9\-._]+|\[[0-9A-Fa-f:.]+\])$/.test(host)) fail(`Via: malformed sent-by host '${host}'`);
  let port: number | null = null;
  if (s.eatSeparator(':')) {
    const digits = s.while(/[0-9]/);
    if (digits.length === 0 || digits.length > 5 || Number(digits) > 65535) fail(`Via: bad port '${digits}'`);
    port = Number(digits);
  }
  const params = s.params();
  const rportRaw = params.get('rport');
  let rport: number | true | null = null;
  if (rportRaw === null) rport = true;
  else if (rportRaw !== undefined) {
    if (!/^[0-9]{1,5}$/.test(rportRaw)) fail(`Via: bad rport '${rportRaw}'`);
    rport = Number(rportRaw);
  }
  return {
    protocol,
    version,
    transport,
    host,
    port,
    params,
    branch: params.get('branch') ?? null,
    received: params.get('received') ?? null,
    rport,
  };
}

/**
 * Parses one Via header field value, which may hold several comma-separated via-parms.
 *
 * @example
 * parseVia('SIP/2.0/TCP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP b.example.com'); // ok, two entries
 * parseVia('SIP/2.0/UDP 192.0.2.15;;,;,,'); // { ok: false, error: 'empty or malformed parameter …' }
 */
export function parseVia(value: string): Parsed<Via[]> {
  return attempt(() => {
    const s = new Scanner(value);
    const list = [readVia(s)];
    while (s.eatSeparator(',')) list.push(readVia(s));
    s.end('Via');
    return list;
  });
}

/**
 * The transport's default port for a Via without one (RFC 3261 §18.1: 5061 for TLS, else 5060).
 *
 * @example
 * viaPort(via); // 5060
 */
export function viaPort(via: Via): number {
  return via.port ?? (via.transport === 'TLS' ? 5061 : 5060);
}
