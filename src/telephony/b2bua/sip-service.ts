/**
 * CallWarden's SIP front door: a back-to-back user agent between the network and each resident's phone. Every
 * incoming INVITE is screened before the phone rings, and the decision acts on the call: ring through, screen the
 * caller (name, then the resident's key), take a voicemail, or refuse (603, an announcement, or silence).
 * CallWarden anchors the media: each leg has its own RtpSession and SDP (ours, never the other leg's), and audio is
 * relayed between them (transcoding PCMU ↔ PCMA). A hang-up on either side tears down both legs and both media
 * sessions at once.
 *
 * Calls are per-call objects (`B2buaCall`) held in maps by Call-ID; nothing about one call lives on the service, and
 * nothing of it outlives its teardown window (`teardownMs`): BYE/CANCEL retransmissions, unanswered transactions and
 * the call itself are given up then. Outgoing calls go to the trunk (answering its digest challenge once with
 * `trunkAuth`). REGISTER bindings and clear-line flags are restored from the store at start, so both survive a restart.
 * Faults never drop a legitimate call: screening fails open (see ScreeningService), and a handler that throws is
 * logged and counted, never allowed to take the process down.
 *
 * @example
 * const sip = await startSipService({ transport, screening, residents, log, recordOutcome });
 */
import { networkInterfaces } from 'node:os';
import type { ScreeningService } from '../../app/screening-service.js';
import type { Logger } from '../../observability/logger.js';
import type { ClearLineFlag } from '../../store/store.js';
import type { G711Codec } from '../media/g711.js';
import type { Prompts } from '../media/prompts.js';
import { type PortRange, RtpSession } from '../media/rtp-session.js';
import {
  buildSdp,
  createAudioOffer,
  negotiateAnswer,
  parseSdp,
  readAnswer,
  type SessionDescription,
} from '../media/sdp.js';
import {
  createResponse,
  generateBranch,
  generateCallId,
  generateTag,
  getCallId,
  getContacts,
  getCSeq,
  getFrom,
  getHeader,
  getMaxForwards,
  getPrivacy,
  getTo,
  parseMessage,
  parseUri,
  type SipHeader,
  type SipRequest,
  type SipResponse,
  serializeMessage,
  type Uri,
} from '../sip/message.js';
import { cancelTargetKey, clientTransactionKey, serverTransactionKey } from '../sip/transaction-keys.js';
import type { Peer, SipTransport } from '../transport/sip-transport.js';
import {
  announceFlow,
  type CallTimings,
  clearLineFlow,
  defaultCallTimings,
  type FlowContext,
  type FlowControl,
  reportLastCallerFlow,
  type ScreenedCaller,
  type ShortCodeReport,
  screeningFlow,
  voicemailFlow,
} from './call-flows.js';
import {
  type CallGuarding,
  type GuardableCall,
  type GuardedCallSession,
  guardCall,
  guardMetrics,
} from './call-guarding.js';
import type { Registrar } from './registrar.js';
import { ClientTransaction, defaultTimers, ServerTransactions, type TimerSettings } from './transactions.js';
import { answerChallenge, type TrunkCredentials } from './trunk-auth.js';
import type { VoicemailBox } from './voicemail-box.js';

export interface ResidentRoute {
  residentId: number;
  /** Where the resident's phone is reached, e.g. `sip:phone@192.0.2.10:5060`; null when none is known. */
  phoneUri: string | null;
  blockResponse: 'decline' | 'announce' | 'silent';
}

/** A resident's line as outgoing calls see it. */
export interface ResidentLine {
  residentId: number;
  /** The resident's own number (E.164), presented as the caller on outgoing calls. */
  number: string;
  phoneUri: string | null;
}

/** Outgoing calls from residents' phones (all optional: without a trunk they are refused with 503). */
export interface OutgoingSettings {
  /** Where outgoing calls go: the SIP trunk. */
  trunk: { host: string; port: number } | null;
  /**
   * Digest credentials for a trunk that challenges our INVITEs (401/407): the INVITE is sent once more with them;
   * a second challenge (other than `stale=true`) fails the call with 403 to the resident's phone. Null: a challenge
   * fails the call at once.
   */
  trunkAuth?: TrunkCredentials | null;
  /** The resident's line by id, and by the user part of a From URI (their number in any format). */
  lineById: (residentId: number) => ResidentLine | null;
  lineByNumber: (user: string) => ResidentLine | null;
  /** Whether `dialled` is a bank's or the police's number (Do-Not-Originate list, 101, 159, 999, 112). */
  isDoNotOriginate: (dialled: string, residentId: number) => boolean;
  /** After a call that was blocked, reported or flagged, calls to such numbers get the clear line for this long. */
  clearLineWindowMs: number;
  /** Creates the call-log record of an outgoing call (its outcome follows through `recordOutcome`). */
  recordOutgoing: (call: { callId: string; residentId: number; dialled: string; at: Date }) => void;
}

export interface SipServiceDeps {
  transport: SipTransport;
  screening: ScreeningService;
  /** Finds the protected line a call is for (by the dialled number); null when CallWarden does not protect it. */
  residents: (dialled: string) => ResidentRoute | null;
  log: Logger;
  /** Records how a call ended in the call log (best effort: failures are logged, never block the call). */
  recordOutcome: (callId: string, outcome: string) => void;
  media: SipMediaSettings;
  /** The resident pressed 3 while screening: report the caller as a scam. */
  reportScam?: (caller: ScreenedCaller) => Promise<void>;
  /** The resident pressed 9 while screening: the caller becomes a trusted contact. */
  trustCaller?: (caller: ScreenedCaller) => Promise<void>;
  timers?: TimerSettings;
  /** Digest-authenticated REGISTER (phones reached where they registered); without one REGISTER gets 405. */
  registrar?: Registrar;
  outgoing?: OutgoingSettings;
  /** The live call guard: calls connected to the resident are listened to, and may be warned or ended. */
  guarding?: CallGuarding;
  /** "Report the last caller": the code a resident's phone dials right after a call (default `*57`, 30 minutes). */
  reportLastCaller?: { code?: string; windowMs?: number };
  /** Where clear-line flags survive a restart (loaded at start, written when a call is flagged); memory only without. */
  clearLineFlags?: ClearLineFlagStore;
  /**
   * How long an ended call's transactions may still run (default 1500 ms): a BYE or CANCEL no one answers is sent
   * again within this window and then given up, a final response no one ACKs stops being re-sent, and whatever is
   * left of the call is forgotten. Nothing of a call outlives its teardown by more than this.
   */
  teardownMs?: number;
}

/** The clear line armed for a resident, as the store keeps it. */
export type StoredClearLineFlag = ClearLineFlag;

/** The store's clear-line flags, as the SIP service uses them (`create-app.ts` passes the store). */
export interface ClearLineFlagStore {
  listClearLineFlags(now: Date): Promise<StoredClearLineFlag[]>;
  setClearLineFlag(flag: StoredClearLineFlag): Promise<void>;
}

export interface SipMediaSettings {
  prompts: Prompts;
  /** Where voicemail messages are stored; without one, `voicemail` decisions ring through (fail open). */
  voicemail: VoicemailBox | null;
  /** Address put in our SDP (default: the SIP address, or the first external IPv4 when SIP listens on all). */
  address?: string;
  /** Address RTP sockets bind (default all IPv4 interfaces). */
  bindAddress?: string;
  portRange?: PortRange;
  timings?: Partial<CallTimings>;
}

export interface SipService {
  readonly local: { host: string; port: number };
  /** Calls in progress (for tests and metrics): every entry disappears when its call ends. */
  readonly activeCalls: number;
  /** RTP sessions open (two per connected call): 0 once every call has ended. */
  readonly activeMediaSessions: number;
  /**
   * Transactions still holding a timer: our requests awaiting a response and our final INVITE responses awaiting
   * their ACK. 0 within `teardownMs` of the last call ending, whatever the far ends do.
   */
  readonly pendingTransactions: number;
  close(): Promise<void>;
}

/**
 * deciding: screening; ringing: the phone rings for a ring-through call; interactive: CallWarden answered the caller
 * itself (screening, voicemail, announcement); answered: caller and resident are connected; ended.
 */
type CallState = 'deciding' | 'ringing' | 'interactive' | 'answered' | 'ended';
type CallMode = 'ring' | 'screen' | 'voicemail' | 'announce' | 'outgoing';

interface CallerLeg {
  peer: Peer;
  invite: SipRequest;
  inviteKey: string | null;
  callId: string;
  /** Our tag on the caller's dialog. */
  toTag: string;
  /** Where in-dialog requests to the caller go. */
  target: Peer;
  targetUri: string;
  nextCSeq: number;
  /** The SDP we answered with, re-offered on a re-INVITE. */
  answerSdp: Buffer | null;
  /** We sent a 2xx: the dialog is up and ending it takes a BYE. */
  answered: boolean;
  /** The caller hung up (BYE or CANCEL). */
  gone: boolean;
  /** The caller's SDP offer; null for an INVITE without SDP (late offer: we offer in the 200, they answer in ACK). */
  offer: SessionDescription | null;
  /** Our offer when the INVITE had none. */
  lateOffer: SessionDescription | null;
  /** The codec the caller's offer prefers among ours (offered first to the phone, so no transcoding is needed). */
  codec: G711Codec | null;
}

interface CalleeLeg {
  peer: Peer;
  uri: string;
  /** The From URI we sent in the INVITE (kept for the BYE). */
  fromUri: string;
  callId: string;
  fromTag: string;
  toTag: string | null;
  targetUri: string;
  target: Peer;
  inviteBranch: string;
  /** The CSeq number of the current INVITE (1, then 2 when it was sent again with credentials). */
  inviteCSeq: number;
  inviteFinal: boolean;
  /** The INVITE's headers other than Via and CSeq, and its body: what is sent again after a digest challenge. */
  inviteHeaders: SipHeader[];
  inviteBody: Buffer;
  /** How many times the INVITE was sent with credentials (at most twice, the second only for a stale nonce). */
  authAttempts: number;
  nextCSeq: number;
  /** The phone answered (2xx): ending its leg takes a BYE. */
  answered: boolean;
  gone: boolean;
  /** Our SDP offer to the phone. */
  offer: SessionDescription;
}

interface B2buaCall {
  state: CallState;
  mode: CallMode;
  residentId: number;
  callerId: string;
  /** What happened to the call, in order, as recorded in the call log. */
  outcomes: string[];
  caller: CallerLeg;
  callee: CalleeLeg | null;
  log: Logger;
  /** Ends the call after this long if it never gets going (a caller who never ACKs, a phone that never answers). */
  guard: NodeJS.Timeout;
  /** One RTP session per leg, closed when the call ends. */
  media: { caller: RtpSession | null; callee: RtpSession | null };
  /** Timers of the call's flow (e.g. waiting for the resident's key), cleared when it ends. */
  timers: Set<NodeJS.Timeout>;
  /** A flow waiting for the phone to answer (true) or not (false). */
  calleeWaiter: ((answered: boolean) => void) | null;
  sdp: { sessionId: string; version: number };
  /** Outgoing calls: the number the resident dialled and who they are presented as. */
  outgoing: { dialled: string; presentAs: string } | null;
  /** The live call guard's listening, once the call is connected and guarded; closed when the call ends. */
  guarded: GuardedCallSession | null;
  /** Keys (in `pending`) of the requests this call sent; whatever is still pending is given up at teardown. */
  transactions: Set<string>;
  /** Set when the call ends: at `teardownMs` its transactions are given up and the call is forgotten. */
  teardown: NodeJS.Timeout | null;
}

const allowed = 'INVITE, ACK, CANCEL, BYE, OPTIONS';
const empty = Buffer.alloc(0);
const codecs: readonly G711Codec[] = ['PCMU', 'PCMA'];

export async function startSipService(deps: SipServiceDeps): Promise<SipService> {
  const { transport, log } = deps;
  const timers = deps.timers ?? defaultTimers;
  const teardownMs = deps.teardownMs ?? 1500;
  /** A BYE or CANCEL is re-sent at T1 intervals and given up when the call's teardown window closes. */
  const teardownTimers: TimerSettings = { ...timers, timeoutMs: Math.min(teardownMs, timers.timeoutMs) };
  /** Ended calls whose teardown window is still open. */
  const tearingDown = new Set<B2buaCall>();
  const send = (bytes: Buffer, peer: Peer) => transport.send(bytes, peer);
  const server = new ServerTransactions(send, timers);
  const byCallerId = new Map<string, B2buaCall>();
  const byCalleeId = new Map<string, B2buaCall>();
  /** Our outstanding requests by client transaction key (`branch METHOD`), so responses find their call. */
  const pending = new Map<string, { call: B2buaCall; txn: ClientTransaction; method: string }>();
  const malformed = new Map<string, { count: number; since: number }>();
  const local = transport.local;
  const transportName = (peer: Peer) => (peer.transport === 'tcp' ? 'TCP' : 'UDP');
  const ourContact = (peer: Peer) =>
    `<sip:callwarden@${local.host}:${local.port};transport=${peer.transport === 'tcp' ? 'tcp' : 'udp'}>`;
  const mediaAddress = deps.media.address ?? advertisedAddress(local.host);
  const openSessions = new Set<RtpSession>();
  /** Sessions being closed and flows still finishing (saving a voicemail), awaited by `close()`. */
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => {});
  };
  const flowContext: FlowContext = {
    prompts: deps.media.prompts,
    timings: { ...defaultCallTimings, ...deps.media.timings },
    voicemail: deps.media.voicemail,
    reportScam: deps.reportScam,
    trustCaller: deps.trustCaller,
  };

  const allow = deps.registrar ? `${allowed}, REGISTER` : allowed;
  /** When a call to each resident was last blocked, reported or flagged (for the clear line). */
  const lastFlagged = new Map<number, number>();
  /** REGISTERs being authenticated (a retransmission meanwhile is absorbed, not run twice). */
  const registering = new Set<string>();
  /** Each resident's last incoming call that reached them (for "report the last caller"); memory only. */
  const lastIncoming = new Map<number, { callId: string; callerId: string; at: number }>();
  const reportCode = deps.reportLastCaller?.code ?? '*57';
  const reportWindowMs = deps.reportLastCaller?.windowMs ?? 30 * 60_000;
  const metricsOfGuard = deps.guarding ? guardMetrics(deps.guarding.registry) : null;
  const clearLineWindowMs = deps.outgoing?.clearLineWindowMs ?? 30 * 60_000;
  await restoreState();

  /** Phones registered and clear lines armed before a restart still count (fail open: a store fault is logged). */
  async function restoreState(): Promise<void> {
    const restored = (await deps.registrar?.restore()) ?? 0;
    let flags: StoredClearLineFlag[] = [];
    try {
      flags = (await deps.clearLineFlags?.listClearLineFlags(new Date())) ?? [];
    } catch (error) {
      log.error({ err: error }, 'the stored clear-line flags could not be loaded; they are armed by new calls only');
    }
    const now = Date.now();
    for (const flag of flags) {
      const at = flag.flaggedAt.getTime();
      if (flag.expiresAt.getTime() > now && at > (lastFlagged.get(flag.residentId) ?? 0)) {
        lastFlagged.set(flag.residentId, at);
      }
    }
    if (restored > 0 || flags.length > 0) {
      log.info({ bindings: restored, clearLineFlags: lastFlagged.size }, 'SIP state restored from the store');
    }
  }

  transport.onMessage((bytes, peer) => {
    try {
      handle(bytes, peer);
    } catch (error) {
      log.error({ err: error, peer }, 'SIP message handling failed; the message was dropped');
    }
  });

  function handle(bytes: Buffer, peer: Peer): void {
    const parsed = parseMessage(bytes);
    if (!parsed.ok) {
      rejectMalformed(parsed.error, peer);
      return;
    }
    const message = parsed.message;
    if (message.kind === 'response') onResponse(message);
    else onRequest(message, peer);
  }

  /** Answers a malformed request with its error class, unless the source is flooding us with garbage. */
  function rejectMalformed(
    error: { code: number | 'drop'; reason: string; headers?: readonly SipHeader[] },
    peer: Peer,
  ) {
    const now = Date.now();
    const entry = malformed.get(peer.address);
    const current = entry && now - entry.since < 10_000 ? entry : { count: 0, since: now };
    current.count += 1;
    malformed.set(peer.address, current);
    if (malformed.size > 10_000) malformed.clear();
    if (current.count > 50 || error.code === 'drop' || !error.headers) return;
    const reasons: Record<number, string> = {
      400: 'Bad Request',
      413: 'Request Entity Too Large',
      505: 'Version Not Supported',
    };
    const headers = error.headers;
    if (!headers.some((h) => h.name === 'Via') || !headers.some((h) => h.name === 'Call-ID')) return;
    try {
      const response = createResponse({ headers }, error.code, reasons[error.code] ?? 'Bad Request', [
        { name: 'Warning', value: `399 callwarden "${error.reason.replace(/["\\\r\n]/g, ' ').slice(0, 200)}"` },
      ]);
      send(serializeMessage(response), peer);
    } catch {
      // A request too broken to answer is dropped.
    }
  }

  function respond(
    request: SipRequest,
    peer: Peer,
    status: number,
    reason: string,
    options: { toTag?: string; headers?: SipHeader[]; body?: Buffer; contentType?: string } = {},
  ): Buffer {
    const extra: SipHeader[] = [...(options.headers ?? [])];
    if (options.body && options.body.length > 0) {
      extra.push({ name: 'Content-Type', value: options.contentType ?? 'application/sdp' });
    }
    const response = createResponse(request, status, reason, extra, {
      ...(options.toTag ? { toTag: options.toTag } : {}),
      ...(options.body ? { body: options.body } : {}),
    });
    const bytes = serializeMessage(response);
    server.respond(serverTransactionKey(request), bytes, peer, {
      final: status >= 200,
      invite: request.method === 'INVITE',
    });
    return bytes;
  }

  function onRequest(request: SipRequest, peer: Peer): void {
    const key = serverTransactionKey(request);
    if (request.method !== 'ACK' && server.replay(key)) return;
    const callId = getCallId(request);
    if (callId === null) return;
    switch (request.method) {
      case 'INVITE':
        onInvite(request, peer, callId, key);
        return;
      case 'ACK':
        onAck(request, callId);
        return;
      case 'CANCEL':
        onCancel(request, peer, callId);
        return;
      case 'BYE':
        onBye(request, peer, callId);
        return;
      case 'OPTIONS':
        respond(request, peer, 200, 'OK', {
          headers: [
            { name: 'Allow', value: allow },
            { name: 'Accept', value: 'application/sdp' },
          ],
        });
        return;
      case 'REGISTER':
        if (deps.registrar) {
          onRegister(deps.registrar, request, peer, key);
          return;
        }
        respond(request, peer, 405, 'Method Not Allowed', { headers: [{ name: 'Allow', value: allow }] });
        return;
      default:
        respond(request, peer, 405, 'Method Not Allowed', { headers: [{ name: 'Allow', value: allow }] });
    }
  }

  function onRegister(registrar: Registrar, request: SipRequest, peer: Peer, key: string | null): void {
    const id = key ?? `${getCallId(request)} ${getCSeq(request)?.seq}`;
    if (registering.has(id)) return;
    registering.add(id);
    registrar
      .register(request, peer)
      .then((reply) => {
        if (reply.status === 200) log.info({ residentId: reply.residentId, peer }, 'phone registered');
        else if (reply.status === 403) log.warn({ peer }, 'REGISTER refused: wrong credentials');
        respond(request, peer, reply.status, reply.reason, { toTag: generateTag(), headers: reply.headers });
      })
      .catch((error: unknown) => {
        log.error({ err: error, peer }, 'REGISTER handling failed');
        respond(request, peer, 500, 'Server Internal Error', { toTag: generateTag() });
      })
      .finally(() => registering.delete(id));
  }

  /** The resident whose phone sent this request: a live registered binding, else the stored phone URI's host:port. */
  function outgoingLine(request: SipRequest, peer: Peer): ResidentLine | null {
    const outgoing = deps.outgoing;
    if (!outgoing) return null;
    try {
      const registered = deps.registrar?.residentAt(peer);
      if (registered !== undefined && registered !== null) return outgoing.lineById(registered);
      const fromUri = getFrom(request)?.uri;
      const user = fromUri?.kind === 'sip' ? fromUri.user : fromUri?.kind === 'tel' ? fromUri.number : null;
      const line = user ? outgoing.lineByNumber(user) : null;
      const phone = line?.phoneUri ? parseUri(line.phoneUri) : null;
      if (!line || !phone?.ok || phone.value.kind !== 'sip') return null;
      const host = phone.value.host.replace(/^\[|\]$/g, '');
      return host === peer.address && (phone.value.port ?? 5060) === peer.port ? line : null;
    } catch (error) {
      log.error({ err: error, peer }, 'outgoing call lookup failed; treated as an incoming call');
      return null;
    }
  }

  function onInvite(request: SipRequest, peer: Peer, callId: string, key: string | null): void {
    const toTag = getTo(request)?.params.get('tag');
    if (toTag) {
      onReInvite(request, peer, callId);
      return;
    }
    if (byCallerId.has(callId)) return; // a retransmission while we are still deciding: 100 Trying was sent
    const maxForwards = getMaxForwards(request);
    if (maxForwards !== null && maxForwards <= 0) {
      respond(request, peer, 483, 'Too Many Hops');
      return;
    }
    const line = outgoingLine(request, peer);
    if (line) {
      onOutgoing(request, peer, callId, key, line);
      return;
    }
    const dialled = dialledNumber(request);
    const route = dialled ? safeRoute(dialled) : null;
    if (!route) {
      respond(request, peer, 404, 'Not Found', {
        headers: [{ name: 'Warning', value: '399 callwarden "CallWarden does not protect this number"' }],
      });
      return;
    }
    const call: B2buaCall = {
      state: 'deciding',
      mode: 'ring',
      residentId: route.residentId,
      callerId: callerIdOf(request),
      outcomes: [],
      caller: newCallerLeg(request, peer, key, callId),
      callee: null,
      log: log.child({ callId, from: callerIdOf(request), to: dialled }),
      guard: setTimeout(() => hangUp(call, 'timed out'), timers.timeoutMs * 4),
      media: { caller: null, callee: null },
      timers: new Set(),
      calleeWaiter: null,
      sdp: { sessionId: String(Date.now()), version: 1 },
      outgoing: null,
      guarded: null,
      transactions: new Set(),
      teardown: null,
    };
    byCallerId.set(callId, call);
    if (route.blockResponse !== 'silent') respond(request, peer, 100, 'Trying');
    decide(call, route, dialled ?? '').catch((error: unknown) => {
      call.log.error({ err: error }, 'call handling failed');
      hangUp(call, 'internal error', [500, 'Server Internal Error']);
    });
  }

  async function decide(call: B2buaCall, route: ResidentRoute, dialled: string): Promise<void> {
    const request = call.caller.invite;
    const outcome = await deps.screening.screen({
      from: call.callerId,
      to: dialled,
      withheld: isWithheld(request),
      callId: call.caller.callId,
    });
    if (call.state !== 'deciding') return; // cancelled while we decided
    if (outcome.kind === 'not-protected') {
      respondFinal(call, 404, 'Not Found');
      endCall(call, 'not protected');
      return;
    }
    const { decision } = outcome;
    if (outcome.residentId !== null) call.residentId = outcome.residentId;
    // The screening service already logged and counted the fault; the call log keeps it next to what happened next.
    if (outcome.failedOpen) note(call, 'rang through: screening failed open');
    call.log = call.log.child({ decision: decision.action });
    if (decision.action === 'block' || decision.risk >= 0.8)
      flag(call, decision.action === 'block' ? 'blocked' : 'flagged');
    if (decision.action === 'block') {
      if (route.blockResponse === 'silent') {
        endCall(call, 'blocked silently');
        return;
      }
      if (route.blockResponse === 'announce' && acceptableOffer(call) === null) {
        call.mode = 'announce';
        runFlow(call, announceFlow);
        return;
      }
      respondFinal(call, 603, 'Decline');
      endCall(call, 'blocked: 603 Decline');
      return;
    }
    const unacceptable = acceptableOffer(call);
    if (unacceptable !== null) {
      call.log.info({ reason: unacceptable }, 'no media in common with the caller');
      respondFinal(call, 488, 'Not Acceptable Here', [
        { name: 'Warning', value: `304 callwarden "${unacceptable.replace(/["\\\r\n]/g, ' ').slice(0, 200)}"` },
      ]);
      endCall(call, 'refused: 488 Not Acceptable Here (no common codec)');
      return;
    }
    if (decision.action === 'voicemail' && !flowContext.voicemail) {
      note(call, 'voicemail not configured: rang through');
      await ringThrough(call, route);
      return;
    }
    switch (decision.action) {
      case 'ring':
        await ringThrough(call, route);
        return;
      case 'screen':
        call.mode = 'screen';
        call.state = 'interactive';
        runFlow(call, (control, context) => screeningFlow(control, context), route);
        return;
      case 'voicemail':
        call.mode = 'voicemail';
        call.state = 'interactive';
        runFlow(call, voicemailFlow);
        return;
    }
  }

  /** Remembers that a call to this resident was blocked, reported or flagged (for the clear line). */
  function flag(call: B2buaCall, why: string): void {
    const at = Date.now();
    lastFlagged.set(call.residentId, at);
    call.log.info({ residentId: call.residentId, why }, 'call flagged: the clear line is armed for this resident');
    if (lastFlagged.size > 100_000) lastFlagged.clear();
    const flags = deps.clearLineFlags;
    if (!flags) return;
    const flagged = { residentId: call.residentId, callId: call.caller.callId, why };
    track(
      Promise.resolve()
        .then(() =>
          flags.setClearLineFlag({ ...flagged, flaggedAt: new Date(at), expiresAt: new Date(at + clearLineWindowMs) }),
        )
        .catch((error: unknown) =>
          call.log.error({ err: error }, 'the clear-line flag could not be stored; it is armed until a restart'),
        ),
    );
  }

  function recentlyFlagged(residentId: number, windowMs: number): boolean {
    const at = lastFlagged.get(residentId);
    return at !== undefined && Date.now() - at <= windowMs;
  }

  /**
   * A call from a resident's phone: always a new dialog to the trunk (new Call-ID, tags and media on both sides). To a
   * bank or the police soon after a suspicious call, the resident first hears that the line is clear.
   */
  function onOutgoing(request: SipRequest, peer: Peer, callId: string, key: string | null, line: ResidentLine): void {
    const outgoing = deps.outgoing;
    const dialled = dialledNumber(request);
    if (!outgoing || !dialled) {
      respond(request, peer, 404, 'Not Found');
      return;
    }
    const shortCode = decoded(dialled) === reportCode;
    const trunk = outgoing.trunk;
    if (!trunk && !shortCode) {
      respond(request, peer, 503, 'Service Unavailable', {
        headers: [{ name: 'Warning', value: '399 callwarden "no trunk is configured for outgoing calls"' }],
      });
      return;
    }
    const presentHost = local.host.includes(':') ? `[${local.host}]` : local.host;
    const call: B2buaCall = {
      state: 'deciding',
      mode: 'outgoing',
      residentId: line.residentId,
      callerId: line.number,
      outcomes: [],
      caller: newCallerLeg(request, peer, key, callId),
      callee: null,
      log: log.child({ callId, outgoing: true, residentId: line.residentId, to: dialled }),
      guard: setTimeout(() => hangUp(call, 'timed out'), timers.timeoutMs * 4),
      media: { caller: null, callee: null },
      timers: new Set(),
      calleeWaiter: null,
      sdp: { sessionId: String(Date.now()), version: 1 },
      outgoing: { dialled, presentAs: `sip:${line.number}@${presentHost}` },
      guarded: null,
      transactions: new Set(),
      teardown: null,
    };
    byCallerId.set(callId, call);
    respond(request, peer, 100, 'Trying');
    try {
      outgoing.recordOutgoing({ callId, residentId: line.residentId, dialled, at: new Date() });
    } catch (error) {
      call.log.error({ err: error }, 'the outgoing call could not be recorded in the call log');
    }
    const unacceptable = acceptableOffer(call);
    if (unacceptable !== null) {
      respondFinal(call, 488, 'Not Acceptable Here', [
        { name: 'Warning', value: `304 callwarden "${unacceptable.replace(/["\\\r\n]/g, ' ').slice(0, 200)}"` },
      ]);
      endCall(call, `outgoing to ${dialled}: refused: 488 Not Acceptable Here (no common codec)`);
      return;
    }
    if (shortCode || !trunk) {
      // A short code (the only call that gets here without a trunk) is never forwarded: CallWarden answers it.
      call.state = 'interactive';
      runFlow(call, (control, context) => reportLastCallerFlow(control, context, () => reportLast(call)));
      return;
    }
    const trunkHost = trunk.host.includes(':') ? `[${trunk.host}]` : trunk.host;
    const route: ResidentRoute = {
      residentId: line.residentId,
      phoneUri: `sip:${encodeURIComponent(dialled)}@${trunkHost}:${trunk.port}`,
      blockResponse: 'decline',
    };
    let clearLine = false;
    try {
      clearLine =
        recentlyFlagged(line.residentId, outgoing.clearLineWindowMs) &&
        outgoing.isDoNotOriginate(dialled, line.residentId);
    } catch (error) {
      call.log.error({ err: error }, 'Do-Not-Originate lookup failed; the call goes through without the clear line');
    }
    if (clearLine) {
      call.state = 'interactive';
      runFlow(call, (control, context) => clearLineFlow(control, context, dialled), route);
      return;
    }
    note(call, `outgoing to ${dialled}: fresh leg`);
    ringThrough(call, route).catch((error: unknown) => {
      call.log.error({ err: error }, 'outgoing call failed');
      hangUp(call, 'internal error', [500, 'Server Internal Error']);
    });
  }

  /**
   * "Report the last caller": files a report against the resident's last incoming caller when that call reached them
   * within the window (linked to its call id), at most once per call. Never throws: the resident always hears back.
   */
  async function reportLast(call: B2buaCall): Promise<{ result: ShortCodeReport; outcome: string }> {
    const code = `short code ${reportCode}`;
    const last = lastIncoming.get(call.residentId);
    if (!last || Date.now() - last.at > reportWindowMs) {
      return { result: 'nothing-recent', outcome: `${code}: no recent incoming call to report` };
    }
    if (!deps.reportScam) return { result: 'failed', outcome: `${code}: reports are not configured` };
    try {
      await deps.reportScam({
        callId: last.callId,
        residentId: call.residentId,
        number: last.callerId,
        text: `Reported by the resident with the short code ${reportCode} after the call`,
      });
      if (lastIncoming.get(call.residentId) === last) lastIncoming.delete(call.residentId);
      call.log.info(
        { reportedCallId: last.callId, caller: last.callerId },
        'the last caller was reported (short code)',
      );
      return { result: 'filed', outcome: `${code}: reported the last caller (call ${last.callId})` };
    } catch (error) {
      call.log.error({ err: error, reportedCallId: last.callId }, 'the short-code report could not be filed');
      return { result: 'failed', outcome: `${code}: the report could not be filed` };
    }
  }

  /** Reads the caller's offer: null when we can answer it (or it is a late offer), else why not. */
  function acceptableOffer(call: B2buaCall): string | null {
    const body = call.caller.invite.body;
    if (body.length === 0) return null;
    const parsed = parseSdp(body.toString('utf8'));
    if (!parsed.ok) return `the SDP offer cannot be read: ${parsed.reason}`;
    const result = negotiateAnswer(parsed.sdp, { codecs, address: mediaAddress, port: 9 });
    if (result.answer === null) return result.reason;
    call.caller.offer = parsed.sdp;
    call.caller.codec = result.audio.codec;
    return null;
  }

  /** Runs one of the call flows with this call's controls; a flow that throws ends the call. */
  function runFlow(
    call: B2buaCall,
    flow: (control: FlowControl, context: FlowContext) => Promise<void>,
    route?: ResidentRoute,
  ): void {
    if (call.state === 'deciding') call.state = 'interactive';
    const work = flow(controlOf(call, route ?? null), flowContext).catch((error: unknown) => {
      call.log.error({ err: error }, 'call flow failed');
      hangUp(call, 'internal error', [500, 'Server Internal Error']);
    });
    track(work);
  }

  function controlOf(call: B2buaCall, route: ResidentRoute | null): FlowControl {
    return {
      callId: call.caller.callId,
      get residentId() {
        return call.residentId;
      },
      callerId: call.callerId,
      get ended() {
        return call.state === 'ended';
      },
      get log() {
        return call.log;
      },
      answerCaller: async () => {
        const session = await openSession(call, 'caller');
        if (!session) return null;
        answerCaller(call, session);
        return session;
      },
      ringResident: async () => {
        if (!route || call.state === 'ended') return null;
        const session = await openSession(call, 'callee');
        if (!session) return null;
        const answered = new Promise<boolean>((resolve) => {
          call.calleeWaiter = resolve;
        });
        if (!ringPhone(call, route, session)) {
          call.calleeWaiter = null;
          return null;
        }
        return (await answered) && !ended(call) ? session : null;
      },
      connect: (outcome) => connect(call, outcome),
      releaseResident: () => {
        const callee = call.callee;
        if (callee && !callee.gone) {
          if (callee.answered) sendBye(call, 'callee');
          else if (!callee.inviteFinal) cancelCallee(call, callee);
          callee.gone = true;
        }
        closeSession(call, 'callee');
      },
      note: (outcome) => note(call, outcome),
      flagged: (why) => flag(call, why),
      hangUp: (outcome) => hangUp(call, outcome),
      after: (ms, run) => {
        if (call.state === 'ended') return;
        const timer = setTimeout(() => {
          call.timers.delete(timer);
          run();
        }, ms);
        call.timers.add(timer);
      },
    };
  }

  /** Opens a leg's RTP session; null (and nothing left open) when the call ended while the socket was bound. */
  async function openSession(call: B2buaCall, leg: 'caller' | 'callee'): Promise<RtpSession | null> {
    if (call.state === 'ended') return null;
    const session = await RtpSession.open({
      portRange: deps.media.portRange,
      ...(deps.media.bindAddress ? { bindAddress: deps.media.bindAddress } : {}),
    });
    openSessions.add(session);
    session.once('close', () => openSessions.delete(session));
    if (ended(call)) {
      track(session.close());
      return null;
    }
    closeSession(call, leg);
    call.media[leg] = session;
    return session;
  }

  function closeSession(call: B2buaCall, leg: 'caller' | 'callee'): void {
    const session = call.media[leg];
    if (!session) return;
    call.media[leg] = null;
    track(session.close());
  }

  /** 200 OK to the caller with our own SDP: the answer to their offer, or our offer when they sent none. */
  function answerCaller(call: B2buaCall, session: RtpSession): void {
    const caller = call.caller;
    let sdp: SessionDescription;
    const version = sdpVersion(call);
    const offer = caller.offer;
    const result = offer
      ? negotiateAnswer(offer, { codecs, address: mediaAddress, port: session.port, ...version })
      : null;
    if (result?.answer) {
      session.configure(result.audio);
      sdp = result.answer;
    } else {
      sdp = createAudioOffer({ codecs, address: mediaAddress, port: session.port, ...version });
      caller.lateOffer = sdp;
    }
    caller.answerSdp = Buffer.from(buildSdp(sdp));
    caller.answered = true;
    respond(caller.invite, caller.peer, 200, 'OK', {
      toTag: caller.toTag,
      headers: [{ name: 'Contact', value: ourContact(caller.peer) }],
      body: caller.answerSdp,
      contentType: 'application/sdp',
    });
  }

  function sdpVersion(call: B2buaCall): { sessionId: string; sessionVersion: string } {
    return { sessionId: call.sdp.sessionId, sessionVersion: String(call.sdp.version++) };
  }

  /** Ring-through: both media sessions first, then the phone is offered our SDP. */
  async function ringThrough(call: B2buaCall, route: ResidentRoute): Promise<void> {
    const callerSession = await openSession(call, 'caller');
    const calleeSession = callerSession ? await openSession(call, 'callee') : null;
    if (!callerSession || !calleeSession) return; // cancelled meanwhile
    if (!ringPhone(call, route, calleeSession)) {
      respondFinal(call, 480, 'Temporarily Unavailable');
      endCall(call, 'no phone to ring');
    }
  }

  /** INVITEs the resident's phone with our offer on `session`; false when the resident has no usable phone URI. */
  function ringPhone(call: B2buaCall, route: ResidentRoute, session: RtpSession): boolean {
    // A phone that REGISTERed is rung where it registered last; otherwise at the URI stored for the resident.
    const registered = call.outgoing ? null : (deps.registrar?.freshest(call.residentId)?.contact ?? null);
    const phoneUri = registered ?? route.phoneUri;
    const phone = phoneUri ? parseUri(phoneUri) : null;
    if (!phoneUri || !phone?.ok || phone.value.kind !== 'sip') {
      call.log.warn({ phoneUri }, 'no reachable phone for this resident');
      return false;
    }
    const uri = phone.value;
    const wanted = uri.params.get('transport')?.toLowerCase();
    const peerTransport = wanted === 'tcp' ? 'tcp' : wanted === 'udp' ? 'udp' : call.caller.peer.transport;
    const target: Peer = {
      transport: peerTransport,
      address: uri.host.replace(/^\[|\]$/g, ''),
      port: uri.port ?? 5060,
    };
    const invite = call.caller.invite;
    const from = getFrom(invite);
    const calleeCallId = generateCallId(local.host);
    const fromTag = generateTag();
    const preferred = call.caller.codec;
    const offer = createAudioOffer({
      codecs: preferred ? [preferred, ...codecs.filter((codec) => codec !== preferred)] : codecs,
      address: mediaAddress,
      port: session.port,
    });
    const fromUri = call.outgoing?.presentAs ?? from?.uri.raw ?? 'sip:anonymous@anonymous.invalid';
    const displayName = !call.outgoing && from?.displayName ? `"${from.displayName.replace(/"/g, '')}" ` : '';
    const headers: SipHeader[] = [
      { name: 'Max-Forwards', value: String(Math.max(1, (getMaxForwards(invite) ?? 70) - 1)) },
      { name: 'From', value: `${displayName}<${fromUri}>;tag=${fromTag}` },
      { name: 'To', value: `<${phoneUri}>` },
      { name: 'Call-ID', value: calleeCallId },
      { name: 'Contact', value: ourContact(target) },
      { name: 'Content-Type', value: 'application/sdp' },
    ];
    if (call.state === 'deciding') call.state = 'ringing';
    const callee: CalleeLeg = {
      peer: target,
      uri: phoneUri,
      fromUri,
      callId: calleeCallId,
      fromTag,
      toTag: null,
      targetUri: phoneUri,
      target,
      inviteBranch: '',
      inviteCSeq: 0,
      inviteFinal: false,
      inviteHeaders: headers,
      inviteBody: Buffer.from(buildSdp(offer)),
      authAttempts: 0,
      nextCSeq: 2,
      answered: false,
      gone: false,
      offer,
    };
    call.callee = callee;
    byCalleeId.set(calleeCallId, call);
    sendCalleeInvite(call, callee, null);
    return true;
  }

  /**
   * Sends (or, after a digest challenge, sends again with `authorization`) the INVITE of the far leg: a new branch and
   * the next CSeq, same Call-ID and From tag (RFC 3261 §22.2); its transaction is the call's.
   */
  function sendCalleeInvite(call: B2buaCall, callee: CalleeLeg, authorization: SipHeader | null): void {
    const branch = generateBranch();
    const cseq = callee.inviteCSeq + 1;
    const [maxForwards, ...rest] = callee.inviteHeaders;
    const headers: SipHeader[] = [
      {
        name: 'Via',
        value: `SIP/2.0/${transportName(callee.peer)} ${local.host}:${local.port};branch=${branch};rport`,
      },
      ...(maxForwards ? [maxForwards] : []),
      ...rest.slice(0, 3),
      { name: 'CSeq', value: `${cseq} INVITE` },
      ...rest.slice(3),
      ...(authorization ? [authorization] : []),
    ];
    const bytes = serializeMessage(request('INVITE', callee.uri, headers, callee.inviteBody));
    const key = `${branch} INVITE`;
    const txn = new ClientTransaction(branch, 'INVITE', bytes, callee.peer, send, timers, () => {
      pending.delete(key);
      if (call.callee !== callee || callee.inviteBranch !== branch) return;
      callee.inviteFinal = true;
      if (call.state === 'ringing') {
        respondFinal(call, 480, 'Temporarily Unavailable');
        endCall(call, "resident's phone did not answer the INVITE");
      } else if (call.state === 'interactive') {
        callee.gone = true;
        closeSession(call, 'callee');
        settleWaiter(call, false);
      }
    });
    callee.inviteBranch = branch;
    callee.inviteCSeq = cseq;
    callee.inviteFinal = false;
    callee.nextCSeq = cseq + 1;
    addPending(call, key, txn, 'INVITE');
  }

  /** Remembers one of the call's outstanding requests, so its responses find the call and teardown can end it. */
  function addPending(call: B2buaCall, key: string, txn: ClientTransaction, method: string): void {
    pending.set(key, { call, txn, method });
    call.transactions.add(key);
  }

  /**
   * A 401/407 from the trunk to our INVITE: ACKed (by `onResponse`), then the INVITE goes again with credentials —
   * once, and once more only when the trunk says the nonce was stale. False when it must not be retried: no
   * credentials, an unanswerable challenge, or the trunk refusing the credentials we already sent.
   */
  function retryWithCredentials(call: B2buaCall, response: SipResponse): boolean {
    const callee = call.callee;
    const credentials = deps.outgoing?.trunkAuth;
    if (!callee || !call.outgoing || callee.gone || ended(call)) return false;
    if (!credentials) {
      call.log.warn({ status: response.status }, 'the trunk asks for credentials and none are configured');
      return false;
    }
    const answer = answerChallenge(response, { method: 'INVITE', uri: callee.uri }, credentials);
    if (!answer.ok) {
      call.log.warn({ status: response.status, reason: answer.reason }, 'the trunk challenge cannot be answered');
      return false;
    }
    if (callee.authAttempts >= 2 || (callee.authAttempts === 1 && !answer.stale)) {
      call.log.warn({ status: response.status, realm: answer.realm }, 'the trunk refused our credentials');
      return false;
    }
    callee.authAttempts += 1;
    call.log.info(
      { status: response.status, realm: answer.realm, attempt: callee.authAttempts },
      'the trunk challenged the INVITE: sending it again with credentials',
    );
    sendCalleeInvite(call, callee, answer.header);
    return true;
  }

  function settleWaiter(call: B2buaCall, answered: boolean): void {
    const waiter = call.calleeWaiter;
    call.calleeWaiter = null;
    waiter?.(answered);
  }

  function onResponse(response: SipResponse): void {
    const key = clientTransactionKey(response);
    const entry = key ? pending.get(key) : undefined;
    if (!entry) {
      // A retransmitted 200 to an INVITE we already acknowledged: acknowledge again.
      const call = byCalleeId.get(getCallId(response) ?? '');
      if (call?.callee && response.status >= 200 && response.status < 300 && getCSeq(response)?.method === 'INVITE') {
        ackCallee(call, response);
      }
      return;
    }
    const { call, txn, method } = entry;
    if (response.status < 200) {
      txn.provisional();
      if (method === 'INVITE' && call.state === 'ringing' && response.status > 100) {
        // Ringing is passed on; the phone's early SDP is not (the caller only ever sees our media).
        respond(call.caller.invite, call.caller.peer, response.status, response.reason, {
          toTag: call.caller.toTag,
          headers: [{ name: 'Contact', value: ourContact(call.caller.peer) }],
        });
      }
      return;
    }
    txn.settle();
    pending.delete(`${txn.branch} ${method}`);
    call.transactions.delete(`${txn.branch} ${method}`);
    if (call.state === 'ended') {
      // The BYE (or CANCEL) was answered: an ended call with nothing left running is done before its window closes.
      if (call.transactions.size === 0 && call.teardown && byCallerId.get(call.caller.callId) !== call) {
        clearTimeout(call.teardown);
        finishTeardown(call);
      }
      if (method !== 'INVITE') return;
    }
    if (method !== 'INVITE' || !call.callee || txn.branch !== call.callee.inviteBranch) return;
    call.callee.inviteFinal = true;
    if (response.status < 300) {
      onCalleeAnswered(call, response);
      return;
    }
    if (response.status === 401 || response.status === 407) {
      ackCallee(call, response);
      if (retryWithCredentials(call, response)) return;
      onCalleeRefused(call, response, { acked: true, authFailed: true });
      return;
    }
    onCalleeRefused(call, response);
  }

  function onCalleeAnswered(call: B2buaCall, response: SipResponse): void {
    const callee = call.callee;
    if (!callee) return;
    callee.toTag = getTo(response)?.params.get('tag') ?? null;
    const contact = getContacts(response);
    if (contact && !contact.star && contact.contacts[0]) {
      callee.targetUri = contact.contacts[0].uri.raw;
      callee.target = peerOf(contact.contacts[0].uri, callee.peer);
    }
    ackCallee(call, response);
    callee.answered = true;
    if (callee.gone || (call.state !== 'ringing' && call.state !== 'interactive')) {
      // The caller gave up (or the resident's leg was released) while the phone was being answered: hang it up.
      callee.gone = true;
      sendBye(call, 'callee');
      return;
    }
    const session = call.media.callee;
    const answer = parseSdp(response.body.toString('utf8'));
    const agreed = answer.ok ? readAnswer(callee.offer, answer.sdp) : null;
    if (!session || !agreed?.audio) {
      call.log.warn(
        { reason: agreed && !agreed.audio ? agreed.reason : 'no SDP answer' },
        "the phone's answer is unusable",
      );
      callee.gone = true;
      sendBye(call, 'callee');
      if (call.state === 'ringing') {
        respondFinal(call, 488, 'Not Acceptable Here');
        endCall(call, "resident's phone answered without usable media");
      } else {
        closeSession(call, 'callee');
        settleWaiter(call, false);
      }
      return;
    }
    session.configure(agreed.audio);
    if (call.state === 'interactive') {
      settleWaiter(call, true);
      return;
    }
    const callerSession = call.media.caller;
    if (!callerSession) return;
    answerCaller(call, callerSession);
    connect(call, 'answered');
    call.log.info('call answered by the resident');
  }

  /** Relays audio both ways between the legs: caller and resident are talking. */
  function connect(call: B2buaCall, outcome: string): void {
    const { caller, callee } = call.media;
    if (call.state === 'ended' || !caller || !callee) return;
    caller.relayTo(callee);
    callee.relayTo(caller);
    call.state = 'answered';
    clearTimeout(call.guard);
    note(call, outcome);
    if (call.outgoing) return;
    lastIncoming.set(call.residentId, { callId: call.caller.callId, callerId: call.callerId, at: Date.now() });
    if (lastIncoming.size > 100_000) lastIncoming.clear();
    if (deps.guarding) {
      call.guarded = guardCall(guardable(call), {
        guarding: deps.guarding,
        prompts: flowContext.prompts,
        metrics: metricsOfGuard,
      });
    }
  }

  /** The call as the live call guard sees and acts on it. */
  function guardable(call: B2buaCall): GuardableCall {
    return {
      callId: call.caller.callId,
      residentId: call.residentId,
      presented: isWithheld(call.caller.invite) ? '' : presentedNumber(call.callerId),
      get log() {
        return call.log;
      },
      get ended() {
        return ended(call);
      },
      legs: () => {
        const { caller, callee } = call.media;
        return call.state === 'answered' && caller && callee ? { caller, callee } : null;
      },
      note: (outcome) => note(call, outcome),
      flagged: (why) => flag(call, why),
      hangUp: (outcome) => hangUp(call, outcome),
    };
  }

  function onCalleeRefused(
    call: B2buaCall,
    response: SipResponse,
    options: { acked?: boolean; authFailed?: boolean } = {},
  ): void {
    if (!options.acked) ackCallee(call, response);
    if (call.callee) call.callee.gone = true;
    // A trunk that refuses our credentials is not something the resident's phone can fix by authenticating itself.
    const what = options.authFailed
      ? `the trunk refused CallWarden's credentials (${response.status})`
      : `resident's phone answered ${response.status}`;
    if (call.state === 'ringing') {
      if (options.authFailed) {
        respondFinal(call, 403, 'Forbidden', [
          { name: 'Warning', value: `399 callwarden "the trunk refused CallWarden's credentials"` },
        ]);
      } else {
        respondFinal(call, response.status === 487 ? 487 : response.status, response.reason || 'Declined');
      }
      endCall(call, what);
    } else if (call.state === 'interactive') {
      note(call, what);
      closeSession(call, 'callee');
      settleWaiter(call, false);
    } else {
      forget(call);
    }
  }

  /** ACK to the phone: for 2xx a new transaction to its Contact, for non-2xx the INVITE's branch (RFC 3261 §17.1.1.3). */
  function ackCallee(call: B2buaCall, response: SipResponse): void {
    const callee = call.callee;
    if (!callee) return;
    const success = response.status < 300;
    const to = getHeader(response, 'To') ?? `<${callee.uri}>`;
    const from = getHeader(response, 'From') ?? '';
    const via = `SIP/2.0/${transportName(callee.target)} ${local.host}:${local.port};branch=${success ? generateBranch() : callee.inviteBranch};rport`;
    const ack = request('ACK', success ? callee.targetUri : callee.uri, [
      { name: 'Via', value: via },
      { name: 'Max-Forwards', value: '70' },
      { name: 'From', value: from },
      { name: 'To', value: to },
      { name: 'Call-ID', value: callee.callId },
      { name: 'CSeq', value: `${getCSeq(response)?.seq ?? callee.inviteCSeq} ACK` },
    ]);
    send(serializeMessage(ack), success ? callee.target : callee.peer);
  }

  function onAck(ack: SipRequest, callId: string): void {
    const call = byCallerId.get(callId);
    if (call) {
      server.acknowledged(call.caller.inviteKey);
      const lateOffer = call.caller.lateOffer;
      if (lateOffer && ack.body.length > 0 && call.media.caller) {
        // Late offer: the caller's answer to the offer we put in the 200.
        const answer = parseSdp(ack.body.toString('utf8'));
        const agreed = answer.ok ? readAnswer(lateOffer, answer.sdp) : null;
        if (agreed?.audio) call.media.caller.configure(agreed.audio);
        call.caller.lateOffer = null;
      }
      if (call.state === 'ended') forget(call);
      return;
    }
    server.acknowledged(serverTransactionKey(ack));
  }

  function onCancel(cancel: SipRequest, peer: Peer, callId: string): void {
    const call = byCallerId.get(callId);
    const target = cancelTargetKey(cancel);
    if (!call || (target !== null && target !== call.caller.inviteKey)) {
      respond(cancel, peer, 481, 'Call/Transaction Does Not Exist');
      return;
    }
    respond(cancel, peer, 200, 'OK');
    // Once the INVITE has its 200 (screening or voicemail answered it), CANCEL has no effect: the caller sends BYE.
    if (call.caller.answered || (call.state !== 'deciding' && call.state !== 'ringing')) return;
    hangUp(call, 'cancelled by the caller before answer', [487, 'Request Terminated']);
  }

  /** CANCEL to a phone still ringing: re-sent until answered, given up when the call's teardown window closes. */
  function cancelCallee(call: B2buaCall, callee: CalleeLeg): void {
    const cancel = request('CANCEL', callee.uri, [
      {
        name: 'Via',
        value: `SIP/2.0/${transportName(callee.peer)} ${local.host}:${local.port};branch=${callee.inviteBranch};rport`,
      },
      { name: 'Max-Forwards', value: '70' },
      { name: 'From', value: `<${callee.uri}>;tag=${callee.fromTag}` },
      { name: 'To', value: `<${callee.uri}>` },
      { name: 'Call-ID', value: callee.callId },
      { name: 'CSeq', value: `${callee.inviteCSeq} CANCEL` },
    ]);
    const key = `${callee.inviteBranch} CANCEL`;
    const txn = new ClientTransaction(
      callee.inviteBranch,
      'CANCEL',
      serializeMessage(cancel),
      callee.peer,
      send,
      teardownTimers,
      () => pending.delete(key),
    );
    addPending(call, key, txn, 'CANCEL');
  }

  function onBye(bye: SipRequest, peer: Peer, callId: string): void {
    const fromCaller = byCallerId.get(callId);
    const fromCallee = fromCaller ? undefined : byCalleeId.get(callId);
    const call = fromCaller ?? fromCallee;
    if (!call) {
      respond(bye, peer, 481, 'Call/Transaction Does Not Exist');
      return;
    }
    respond(bye, peer, 200, 'OK');
    if (fromCaller) {
      call.caller.gone = true;
      hangUp(call, call.outgoing ? 'resident hung up' : 'caller hung up');
    } else if (call.callee) {
      call.callee.gone = true;
      if (call.state === 'interactive') {
        // The resident hung up while hearing who is calling: that is a rejection.
        closeSession(call, 'callee');
        note(call, 'resident hung up');
        settleWaiter(call, false);
        return;
      }
      hangUp(call, call.outgoing ? 'the called number hung up' : 'resident hung up');
    }
  }

  /** Re-INVITE (session refresh, hold): answered from the leg's own media session, so the call stays up. */
  function onReInvite(reinvite: SipRequest, peer: Peer, callId: string): void {
    const fromCaller = byCallerId.get(callId);
    const call = fromCaller ?? byCalleeId.get(callId);
    const up = fromCaller ? call?.caller.answered : call?.callee?.answered && !call.callee.gone;
    if (!call || call.state === 'ended' || !up) {
      respond(reinvite, peer, 481, 'Call/Transaction Does Not Exist');
      return;
    }
    const session = fromCaller ? call.media.caller : call.media.callee;
    let body = fromCaller
      ? (call.caller.answerSdp ?? empty)
      : Buffer.from(buildSdp(call.callee?.offer ?? emptyOffer()));
    if (session && reinvite.body.length > 0) {
      const offer = parseSdp(reinvite.body.toString('utf8'));
      const result = offer.ok
        ? negotiateAnswer(offer.sdp, { codecs, address: mediaAddress, port: session.port, ...sdpVersion(call) })
        : null;
      if (!result?.answer) {
        respond(reinvite, peer, 488, 'Not Acceptable Here');
        return;
      }
      session.configure(result.audio);
      body = Buffer.from(buildSdp(result.answer));
      if (fromCaller) call.caller.answerSdp = body;
    }
    respond(reinvite, peer, 200, 'OK', {
      headers: [{ name: 'Contact', value: ourContact(peer) }],
      body,
      contentType: 'application/sdp',
    });
  }

  function emptyOffer(): SessionDescription {
    return createAudioOffer({ codecs, address: mediaAddress, port: 0 });
  }

  function sendBye(call: B2buaCall, leg: 'caller' | 'callee'): void {
    const branch = generateBranch();
    let bytes: Buffer;
    let target: Peer;
    if (leg === 'callee') {
      const callee = call.callee;
      if (!callee) return;
      target = callee.target;
      bytes = serializeMessage(
        request('BYE', callee.targetUri, [
          { name: 'Via', value: `SIP/2.0/${transportName(target)} ${local.host}:${local.port};branch=${branch};rport` },
          { name: 'Max-Forwards', value: '70' },
          { name: 'From', value: `<${callee.fromUri}>;tag=${callee.fromTag}` },
          { name: 'To', value: `<${callee.uri}>${callee.toTag ? `;tag=${callee.toTag}` : ''}` },
          { name: 'Call-ID', value: callee.callId },
          { name: 'CSeq', value: `${callee.nextCSeq++} BYE` },
        ]),
      );
    } else {
      const caller = call.caller;
      target = caller.target;
      bytes = serializeMessage(
        request('BYE', caller.targetUri, [
          { name: 'Via', value: `SIP/2.0/${transportName(target)} ${local.host}:${local.port};branch=${branch};rport` },
          { name: 'Max-Forwards', value: '70' },
          { name: 'From', value: `${getHeader(caller.invite, 'To') ?? ''};tag=${caller.toTag}` },
          { name: 'To', value: getHeader(caller.invite, 'From') ?? '' },
          { name: 'Call-ID', value: caller.callId },
          { name: 'CSeq', value: `${caller.nextCSeq++} BYE` },
        ]),
      );
    }
    // A far end that never answers the BYE gets it a few times within the teardown window, then it is given up:
    // the call is over either way, and nothing of it may linger (RFC 3261 would keep trying for 64·T1 = 32 s).
    const key = `${branch} BYE`;
    const txn = new ClientTransaction(branch, 'BYE', bytes, target, send, teardownTimers, () => pending.delete(key));
    addPending(call, key, txn, 'BYE');
  }

  function respondFinal(call: B2buaCall, status: number, reason: string, headers: SipHeader[] = []): void {
    respond(call.caller.invite, call.caller.peer, status, reason, { toTag: call.caller.toTag, headers });
  }

  /**
   * Ends the call on both legs at once: a leg that is up gets BYE, a phone still ringing gets CANCEL, a caller not
   * yet answered gets `callerStatus` (487 by default); then media and timers go (`endCall`).
   */
  function hangUp(
    call: B2buaCall,
    outcome: string,
    callerStatus: [number, string] = [487, 'Request Terminated'],
  ): void {
    if (call.state === 'ended') return;
    const { caller, callee } = call;
    if (!caller.gone) {
      if (caller.answered) sendBye(call, 'caller');
      else respondFinal(call, callerStatus[0], callerStatus[1]);
    }
    if (callee && !callee.gone) {
      if (callee.answered) sendBye(call, 'callee');
      else if (!callee.inviteFinal) cancelCallee(call, callee);
      callee.gone = true;
    }
    endCall(call, outcome);
  }

  /** Ends the call: both legs are already told; its media sessions, flow timers and guard timer go now. */
  function endCall(call: B2buaCall, outcome: string): void {
    if (call.state === 'ended') return;
    const was = call.state;
    call.state = 'ended';
    clearTimeout(call.guard);
    for (const timer of call.timers) clearTimeout(timer);
    call.timers.clear();
    if (call.guarded) {
      // Flushes the utterance in progress to the guard, then ends its session (after the call, never before).
      track(call.guarded.close());
      call.guarded = null;
    }
    closeSession(call, 'caller');
    closeSession(call, 'callee');
    settleWaiter(call, false);
    note(call, outcome);
    call.log.info({ outcome, from: was }, 'call ended');
    // A caller we answered with 2xx has its dialog: forget now. Otherwise the INVITE entry stays until its ACK (or the
    // end of the teardown window) so a late ACK is absorbed. Either way the call's transactions end with the window.
    if (was === 'answered' || call.caller.answered) forget(call);
    tearingDown.add(call);
    call.teardown = setTimeout(() => finishTeardown(call), teardownMs);
  }

  /**
   * The end of an ended call's teardown window: whatever of its transactions is still running (a BYE or CANCEL no one
   * answered, our INVITE to a phone that never answered the CANCEL, a final response no one ACKed) is given up, and
   * the call is forgotten. Answered requests stay in `server`'s memory (no timer) so a late retransmission is
   * answered again rather than taken for a new call.
   */
  function finishTeardown(call: B2buaCall): void {
    call.teardown = null;
    tearingDown.delete(call);
    for (const key of call.transactions) {
      const entry = pending.get(key);
      if (entry?.call !== call) continue;
      entry.txn.settle();
      pending.delete(key);
    }
    call.transactions.clear();
    server.acknowledged(call.caller.inviteKey);
    forget(call);
  }

  function forget(call: B2buaCall): void {
    if (byCallerId.get(call.caller.callId) === call) byCallerId.delete(call.caller.callId);
    if (call.callee && byCalleeId.get(call.callee.callId) === call) byCalleeId.delete(call.callee.callId);
    if (call.callee && call.state === 'ended') {
      const inviteKey = `${call.callee.inviteBranch} INVITE`;
      const entry = pending.get(inviteKey);
      if (entry && call.callee.inviteFinal) {
        entry.txn.settle();
        pending.delete(inviteKey);
      }
    }
  }

  function note(call: B2buaCall, outcome: string): void {
    call.outcomes.push(outcome);
    deps.recordOutcome(call.caller.callId, call.outcomes.join('; '));
  }

  function safeRoute(dialled: string): ResidentRoute | null {
    try {
      return deps.residents(dialled);
    } catch (error) {
      log.error({ err: error, dialled }, 'resident lookup failed');
      return null;
    }
  }

  return {
    local,
    get activeCalls() {
      return byCallerId.size;
    },
    get activeMediaSessions() {
      return openSessions.size;
    },
    get pendingTransactions() {
      let running = 0;
      for (const entry of pending.values()) if (entry.txn.running) running += 1;
      return running + server.awaitingAck;
    },
    async close() {
      for (const call of [...byCallerId.values()]) endCall(call, 'CallWarden stopped');
      for (const call of tearingDown) clearTimeout(call.teardown ?? undefined);
      tearingDown.clear();
      for (const entry of pending.values()) entry.txn.settle();
      pending.clear();
      byCallerId.clear();
      byCalleeId.clear();
      for (const session of openSessions) track(session.close());
      await Promise.allSettled([...inFlight]);
      server.close();
      await deps.registrar?.flush();
      await transport.close();
    },
  };
}

/** The number part of a caller ID (`<sip:+442079460000@trunk>` → `+442079460000`), as carers read it in alerts. */
function presentedNumber(callerId: string): string {
  return /(?:sips?|tel):([^@;>]+)/.exec(callerId)?.[1] ?? callerId;
}

/** A dialled string with %-escapes undone (`%2A57` is `*57`); as given when it is not valid escaping. */
function decoded(dialled: string): string {
  try {
    return decodeURIComponent(dialled);
  } catch {
    return dialled;
  }
}

/** Whether the call ended (a function, so TypeScript does not narrow `state` across awaits). */
function ended(call: { state: CallState }): boolean {
  return call.state === 'ended';
}

/** The address to put in SDP when SIP listens on a wildcard address: the first external IPv4 address, else loopback. */
function advertisedAddress(host: string): string {
  if (host !== '0.0.0.0' && host !== '::' && host !== '') return host;
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return '127.0.0.1';
}

/** Builds a request to `uriText` (the Request-URI). */
function request(method: string, uriText: string, headers: SipHeader[], body: Buffer = empty): SipRequest {
  const uri = parseUri(uriText);
  if (!uri.ok) throw new Error(`cannot send to '${uriText}': ${uri.error}`);
  return { kind: 'request', method, uri: uri.value, headers, body };
}

/** The number the caller dialled: the Request-URI user (or tel: number), else the To URI's. */
function dialledNumber(invite: SipRequest): string | null {
  const fromUri = (uri: Uri): string | null => (uri.kind === 'sip' ? uri.user : uri.kind === 'tel' ? uri.number : null);
  return fromUri(invite.uri) ?? (getTo(invite) ? fromUri((getTo(invite) as { uri: Uri }).uri) : null);
}

/** The caller ID as the network asserts it: P-Asserted-Identity when present, else From. */
function callerIdOf(invite: SipRequest): string {
  return getHeader(invite, 'P-Asserted-Identity') ?? callerUriOf(invite);
}

function callerUriOf(invite: SipRequest): string {
  return getFrom(invite)?.uri.raw ?? 'anonymous';
}

function isWithheld(invite: SipRequest): boolean {
  const privacy = getPrivacy(invite) ?? [];
  return privacy.some((value) => value === 'id' || value === 'user' || value === 'header');
}

/** The network side of a new call: the INVITE that opened it and our half of its dialog. */
function newCallerLeg(request: SipRequest, peer: Peer, key: string | null, callId: string): CallerLeg {
  return {
    peer,
    invite: request,
    inviteKey: key,
    callId,
    toTag: generateTag(),
    ...remoteTarget(request, peer),
    nextCSeq: 1,
    answerSdp: null,
    answered: false,
    gone: false,
    offer: null,
    lateOffer: null,
    codec: null,
  };
}

function remoteTarget(invite: SipRequest, peer: Peer): { target: Peer; targetUri: string } {
  const contact = getContacts(invite);
  const first = contact && !contact.star ? contact.contacts[0] : undefined;
  if (!first) return { target: peer, targetUri: callerUriOf(invite) };
  return { target: peerOf(first.uri, peer), targetUri: first.uri.raw };
}

function peerOf(uri: Uri, fallback: Peer): Peer {
  if (uri.kind !== 'sip') return fallback;
  const wanted = uri.params.get('transport')?.toLowerCase();
  return {
    transport: wanted === 'tcp' ? 'tcp' : wanted === 'udp' ? 'udp' : fallback.transport,
    address: uri.host.replace(/^\[|\]$/g, ''),
    port: uri.port ?? 5060,
  };
}
