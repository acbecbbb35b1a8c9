/**
 * CallWarden's registrar (RFC 3261 §10.3): a resident's phone REGISTERs with digest credentials (RFC 3261 §22,
 * RFC 2617 / RFC 7616 with MD5 and `qop="auth"`), and a call to that resident rings its freshest live binding.
 *
 * - The username is the resident's number in E.164 without '+', the realm `callwarden`; only HA1 = MD5(user:realm:pass)
 *   is stored (set with `callwarden resident sip-password <number>`).
 * - Nonces are stateless (time + random, signed with a per-process HMAC key) and live `nonceTtlMs` (5 min); an expired
 *   one is answered with a fresh challenge marked `stale=true`. Each nonce's highest `nc` is remembered, so a replayed
 *   request (same or lower `nc`, or a nonce without `qop` used twice) never succeeds: it gets a fresh challenge.
 * - A wrong password and an unknown user get the same 403 after the same work (HA1 of a random secret), so REGISTER
 *   does not reveal which numbers have credentials.
 * - Bindings are kept in memory and, with a `bindingStore`, written through to the store (each resident's bindings
 *   replaced as a whole, in order, off the REGISTER's path); `restore()` loads the live ones at start, so a phone
 *   registered before a restart is still rung where it registered until its binding expires.
 *
 * Pure of sockets: `register()` turns a REGISTER into the response to send.
 *
 * @example
 * const registrar = createRegistrar({ credentials: async (user) => lookup(user) });
 * const reply = await registrar.register(request, peer); // { status: 401, reason: 'Unauthorized', headers: [...] }
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SipBindingRecord } from '../../store/store.js';
import {
  contactExpires,
  digestParams,
  getAuthValues,
  getCallId,
  getContacts,
  getCSeq,
  getHeader,
  getTo,
  parseUri,
  type SipHeader,
  type SipRequest,
  type Uri,
} from '../sip/message.js';
import type { Peer } from '../transport/sip-transport.js';

export const sipRealm = 'callwarden';

/** MD5(username:realm:password), the only form in which a SIP password is stored. */
export function digestHa1(username: string, password: string, realm: string = sipRealm): string {
  return md5(`${username}:${realm}:${password}`);
}

/** The SIP username of a resident: their E.164 number without '+'. */
export function sipUsername(e164: string): string {
  return e164.replace(/^\+/, '');
}

export interface SipCredential {
  residentId: number;
  ha1: string;
}

export interface Binding {
  residentId: number;
  /** The Contact URI as registered (used as the Request-URI when the phone is rung). */
  contact: string;
  uri: Uri;
  /** Where the REGISTER came from (outgoing calls from here are the resident's). */
  source: Peer;
  registeredAt: number;
  expiresAt: number;
  callId: string;
  cseq: number;
}

/** A binding as the store keeps it. */
export type StoredBinding = SipBindingRecord;

/** Where bindings survive a restart: the store, through `create-app.ts`. */
export interface BindingStore {
  /** Bindings still live at `now`. */
  listSipBindings(now: Date): Promise<StoredBinding[]>;
  /** Replaces every stored binding of the resident (an empty list removes them). */
  replaceSipBindings(residentId: number, bindings: readonly StoredBinding[]): Promise<void>;
}

export interface RegisterReply {
  status: number;
  reason: string;
  headers: SipHeader[];
  /** Who registered (for the log); null when the request was not authenticated. */
  residentId: number | null;
}

export interface RegistrarOptions {
  /** The stored credentials for a username, null when there are none (or the user does not exist). */
  credentials: (username: string) => Promise<SipCredential | null>;
  realm?: string;
  nonceTtlMs?: number;
  /** Longest binding granted (seconds); longer requests are shortened. */
  maxExpires?: number;
  /** Shortest binding accepted (seconds); shorter requests get 423 Interval Too Brief. */
  minExpires?: number;
  now?: () => number;
  /** Keeps bindings across restarts; without one they live in memory only. */
  bindingStore?: BindingStore;
  /** A binding write or load that failed (logged by the caller; REGISTER itself is never refused for it). */
  onStoreError?: (error: unknown, what: string) => void;
}

export interface Registrar {
  register(request: SipRequest, peer: Peer): Promise<RegisterReply>;
  /** The live binding most recently registered for the resident, null when none. */
  freshest(residentId: number): Binding | null;
  /** The resident whose live binding is at this address (REGISTER source or Contact host:port), null when none. */
  residentAt(peer: { address: string; port: number }): number | null;
  readonly bindings: number;
  /**
   * Loads the live bindings from the `bindingStore` (expired ones are ignored; a binding registered since wins);
   * resolves with how many were restored, 0 without a store or when loading failed (reported to `onStoreError`).
   */
  restore(): Promise<number>;
  /** Resolves once every binding change so far is written to the store. */
  flush(): Promise<void>;
}

const defaultExpires = 3600;

export function createRegistrar(options: RegistrarOptions): Registrar {
  const realm = options.realm ?? sipRealm;
  const nonceTtlMs = options.nonceTtlMs ?? 300_000;
  const maxExpires = options.maxExpires ?? 3600;
  const minExpires = options.minExpires ?? 60;
  const now = options.now ?? Date.now;
  const key = randomBytes(32);
  /** Highest nc seen per nonce (Infinity: a nonce used without qop, never again). */
  const seen = new Map<string, number>();
  const byResident = new Map<number, Map<string, Binding>>();
  const store = options.bindingStore;
  const storeError = options.onStoreError ?? (() => undefined);
  /** Binding writes, one after the other, so the store ends with the latest set of each resident. */
  let writes: Promise<void> = Promise.resolve();

  /** Writes the resident's current live bindings to the store (a snapshot now, written in turn). */
  function persist(residentId: number): void {
    if (!store) return;
    const time = now();
    const snapshot: StoredBinding[] = [...(byResident.get(residentId)?.values() ?? [])]
      .filter((binding) => binding.expiresAt > time)
      .map((binding) => ({
        residentId,
        contact: binding.contact,
        source: { transport: binding.source.transport, address: binding.source.address, port: binding.source.port },
        callId: binding.callId,
        cseq: binding.cseq,
        registeredAt: new Date(binding.registeredAt),
        expiresAt: new Date(binding.expiresAt),
      }));
    writes = writes
      .then(() => store.replaceSipBindings(residentId, snapshot))
      .catch((error: unknown) => storeError(error, 'the REGISTER binding could not be stored'));
  }

  function sign(body: string): string {
    return createHmac('sha256', key).update(body).digest('base64url').slice(0, 22);
  }

  function newNonce(): string {
    const body = `${now().toString(36)}.${randomBytes(9).toString('base64url')}`;
    return `${body}.${sign(body)}`;
  }

  /** 'ok', 'stale' (ours but expired) or 'bad' (not ours). */
  function checkNonce(nonce: string): 'ok' | 'stale' | 'bad' {
    const at = nonce.lastIndexOf('.');
    if (at <= 0) return 'bad';
    const body = nonce.slice(0, at);
    const given = Buffer.from(nonce.slice(at + 1));
    const expected = Buffer.from(sign(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad';
    const issued = Number.parseInt(body.split('.')[0] ?? '', 36);
    if (!Number.isFinite(issued)) return 'bad';
    const age = now() - issued;
    return age >= 0 && age <= nonceTtlMs ? 'ok' : 'stale';
  }

  function prune(): void {
    if (seen.size > 10_000) {
      for (const nonce of seen.keys()) if (checkNonce(nonce) !== 'ok') seen.delete(nonce);
      if (seen.size > 10_000) seen.clear(); // still too many: their owners simply get a fresh challenge
    }
    const time = now();
    for (const [residentId, bindings] of byResident) {
      for (const [contact, binding] of bindings) if (binding.expiresAt <= time) bindings.delete(contact);
      if (bindings.size === 0) byResident.delete(residentId);
    }
  }

  const challenge = (stale = false): RegisterReply => ({
    status: 401,
    reason: 'Unauthorized',
    residentId: null,
    headers: [
      {
        name: 'WWW-Authenticate',
        value: `Digest realm="${realm}", nonce="${newNonce()}", algorithm=MD5, qop="auth"${stale ? ', stale=true' : ''}`,
      },
    ],
  });
  const forbidden = (): RegisterReply => ({ status: 403, reason: 'Forbidden', residentId: null, headers: [] });
  const bad = (why: string): RegisterReply => ({
    status: 400,
    reason: 'Bad Request',
    residentId: null,
    headers: [{ name: 'Warning', value: `399 callwarden "${why}"` }],
  });

  /** Verifies the request's Authorization: the resident, or a reply to send instead. */
  async function authenticate(request: SipRequest): Promise<{ residentId: number } | RegisterReply> {
    const credentials = (getAuthValues(request, 'Authorization') ?? [])
      .map((value) => digestParams(value))
      .find((digest) => digest !== null && digest.realm === realm);
    if (!credentials) return challenge();
    const { username, nonce, uri, response, qop, nc, cnonce, algorithm } = credentials;
    if (!username || !nonce || !uri || !response) return bad('incomplete digest credentials');
    if (algorithm !== null && algorithm.toUpperCase() !== 'MD5') return challenge();
    const nonceState = checkNonce(nonce);
    if (nonceState === 'bad') return challenge();
    if (nonceState === 'stale') return challenge(true);
    let count = Number.POSITIVE_INFINITY;
    if (qop !== null) {
      if (qop.toLowerCase() !== 'auth' || !nc || !/^[0-9a-fA-F]{8}$/.test(nc) || !cnonce) {
        return bad('unsupported qop or missing nc/cnonce');
      }
      count = Number.parseInt(nc, 16);
    }
    const last = seen.get(nonce);
    if (last !== undefined && (last === Number.POSITIVE_INFINITY || count <= last)) return challenge(true); // replay
    // The same work whether or not the user exists: no enumeration by answer or by timing.
    const stored = await options.credentials(username).catch(() => null);
    const ha1 = stored?.ha1 ?? digestHa1(username, randomBytes(16).toString('hex'), realm);
    const ha2 = md5(`${request.method}:${uri}`);
    const expected =
      qop === null ? md5(`${ha1}:${nonce}:${ha2}`) : md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop.toLowerCase()}:${ha2}`);
    const match =
      response.length === expected.length &&
      timingSafeEqual(Buffer.from(response.toLowerCase()), Buffer.from(expected));
    if (!stored || !match) return forbidden();
    // The digest covers the uri it names: it must be this request's, so a captured response cannot be moved.
    if (uri !== request.uri.raw) return bad('digest uri does not match the Request-URI');
    seen.set(nonce, count);
    // The AOR registered must be the authenticated user's own.
    const to = getTo(request);
    const aorUser = to?.uri.kind === 'sip' ? to.uri.user : to?.uri.kind === 'tel' ? to.uri.number : null;
    if (aorUser === null || aorUser.replace(/^\+/, '') !== username) return forbidden();
    return { residentId: stored.residentId };
  }

  function currentContacts(residentId: number): SipHeader[] {
    const time = now();
    return [...(byResident.get(residentId)?.values() ?? [])]
      .filter((binding) => binding.expiresAt > time)
      .map((binding) => ({
        name: 'Contact',
        value: `<${binding.contact}>;expires=${Math.max(0, Math.round((binding.expiresAt - time) / 1000))}`,
      }));
  }

  return {
    async register(request, peer) {
      prune();
      const auth = await authenticate(request);
      if ('status' in auth) return auth;
      const { residentId } = auth;
      const callId = getCallId(request) ?? '';
      const cseq = getCSeq(request)?.seq ?? 0;
      const contacts = getContacts(request);
      const expiresHeader = getHeader(request, 'Expires');
      const headerExpires =
        expiresHeader !== undefined && /^\d{1,10}$/.test(expiresHeader) ? Number(expiresHeader) : null;
      let bindings = byResident.get(residentId);
      if (contacts?.star) {
        if (headerExpires !== 0) return bad('Contact: * needs Expires: 0');
        for (const [contact, binding] of bindings ?? []) {
          if (binding.callId !== callId || binding.cseq < cseq) bindings?.delete(contact);
        }
      } else if (contacts) {
        const time = now();
        for (const contact of contacts.contacts) {
          const asked = contactExpires(contact) ?? headerExpires ?? defaultExpires;
          if (asked > 0 && asked < minExpires) {
            return {
              status: 423,
              reason: 'Interval Too Brief',
              residentId,
              headers: [{ name: 'Min-Expires', value: String(minExpires) }],
            };
          }
        }
        for (const contact of contacts.contacts) {
          const asked = Math.min(contactExpires(contact) ?? headerExpires ?? defaultExpires, maxExpires);
          const existing = bindings?.get(contact.uri.raw);
          if (existing && existing.callId === callId && existing.cseq >= cseq) continue; // out of order (§10.3 step 7)
          if (asked === 0) {
            bindings?.delete(contact.uri.raw);
            continue;
          }
          if (!bindings) {
            bindings = new Map();
            byResident.set(residentId, bindings);
          }
          bindings.set(contact.uri.raw, {
            residentId,
            contact: contact.uri.raw,
            uri: contact.uri,
            source: peer,
            registeredAt: time,
            expiresAt: time + asked * 1000,
            callId,
            cseq,
          });
        }
      }
      if (bindings?.size === 0) byResident.delete(residentId);
      if (contacts) persist(residentId);
      return {
        status: 200,
        reason: 'OK',
        residentId,
        headers: [...currentContacts(residentId), { name: 'Date', value: new Date(now()).toUTCString() }],
      };
    },
    freshest(residentId) {
      const time = now();
      let best: Binding | null = null;
      for (const binding of byResident.get(residentId)?.values() ?? []) {
        if (binding.expiresAt > time && (!best || binding.registeredAt >= best.registeredAt)) best = binding;
      }
      return best;
    },
    residentAt(peer) {
      const time = now();
      for (const bindings of byResident.values()) {
        for (const binding of bindings.values()) {
          if (binding.expiresAt <= time) continue;
          const { source, uri } = binding;
          if (source.address === peer.address && source.port === peer.port) return binding.residentId;
          if (
            uri.kind === 'sip' &&
            uri.host.replace(/^\[|\]$/g, '') === peer.address &&
            (uri.port ?? 5060) === peer.port
          ) {
            return binding.residentId;
          }
        }
      }
      return null;
    },
    get bindings() {
      let count = 0;
      for (const bindings of byResident.values()) count += bindings.size;
      return count;
    },
    async restore() {
      if (!store) return 0;
      let stored: StoredBinding[];
      try {
        stored = await store.listSipBindings(new Date(now()));
      } catch (error) {
        storeError(error, 'the stored REGISTER bindings could not be loaded; phones are reached at their stored URI');
        return 0;
      }
      const time = now();
      let restored = 0;
      for (const binding of stored) {
        const expiresAt = binding.expiresAt.getTime();
        const uri = parseUri(binding.contact);
        if (expiresAt <= time || !uri.ok) continue;
        let bindings = byResident.get(binding.residentId);
        const current = bindings?.get(binding.contact);
        if (current && current.registeredAt >= binding.registeredAt.getTime()) continue; // registered since
        if (!bindings) {
          bindings = new Map();
          byResident.set(binding.residentId, bindings);
        }
        bindings.set(binding.contact, {
          residentId: binding.residentId,
          contact: binding.contact,
          uri: uri.value,
          source: { ...binding.source },
          registeredAt: binding.registeredAt.getTime(),
          expiresAt,
          callId: binding.callId,
          cseq: binding.cseq,
        });
        restored += 1;
      }
      return restored;
    },
    flush() {
      return writes;
    },
  };
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}
