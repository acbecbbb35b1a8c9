/**
 * CallWarden's SIP front door: a back-to-back user agent between the network and each resident's phone. Every
 * incoming INVITE is screened before the phone rings; the decision acts on the call (ring through, or refuse with
 * 603 so the phone never rings); hang-ups on either side tear down both legs at once.
 *
 * Calls are per-call objects (`B2buaCall`) held in maps by Call-ID; nothing about one call lives on the service.
 * Faults never drop a legitimate call: screening fails open (see ScreeningService), and a handler that throws is
 * logged and counted, never allowed to take the process down.
 *
 * @example
 * const sip = await startSipService({ transport, screening, residents, log, recordOutcome });
 */
import type { ScreeningService } from '../../app/screening-service.js';
import type { Logger } from '../../observability/logger.js';
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
import { ClientTransaction, defaultTimers, ServerTransactions, type TimerSettings } from './transactions.js';

export interface ResidentRoute {
  residentId: number;
  /** Where the resident's phone is reached, e.g. `sip:phone@192.0.2.10:5060`; null when none is known. */
  phoneUri: string | null;
  blockResponse: 'decline' | 'announce' | 'silent';
}

export interface SipServiceDeps {
  transport: SipTransport;
  screening: ScreeningService;
  /** Finds the protected line a call is for (by the dialled number); null when CallWarden does not protect it. */
  residents: (dialled: string) => ResidentRoute | null;
  log: Logger;
  /** Records how a call ended in the call log (best effort: failures are logged, never block the call). */
  recordOutcome: (callId: string, outcome: string) => void;
  timers?: TimerSettings;
}

export interface SipService {
  readonly local: { host: string; port: number };
  /** Calls in progress (for tests and metrics): every entry disappears when its call ends. */
  readonly activeCalls: number;
  close(): Promise<void>;
}

type CallState = 'deciding' | 'ringing' | 'answered' | 'ended';

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
}

interface CalleeLeg {
  peer: Peer;
  uri: string;
  callId: string;
  fromTag: string;
  toTag: string | null;
  targetUri: string;
  target: Peer;
  inviteBranch: string;
  invite: ClientTransaction;
  inviteFinal: boolean;
  nextCSeq: number;
}

interface B2buaCall {
  state: CallState;
  /** What happened to the call, in order, as recorded in the call log. */
  outcomes: string[];
  caller: CallerLeg;
  callee: CalleeLeg | null;
  log: Logger;
  /** Ends the call after this long if it never gets going (a caller who never ACKs, a phone that never answers). */
  guard: NodeJS.Timeout;
}

const allowed = 'INVITE, ACK, CANCEL, BYE, OPTIONS';
const empty = Buffer.alloc(0);

export async function startSipService(deps: SipServiceDeps): Promise<SipService> {
  const { transport, log } = deps;
  const timers = deps.timers ?? defaultTimers;
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
            { name: 'Allow', value: allowed },
            { name: 'Accept', value: 'application/sdp' },
          ],
        });
        return;
      default:
        respond(request, peer, 405, 'Method Not Allowed', { headers: [{ name: 'Allow', value: allowed }] });
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
      outcomes: [],
      caller: {
        peer,
        invite: request,
        inviteKey: key,
        callId,
        toTag: generateTag(),
        ...remoteTarget(request, peer),
        nextCSeq: 1,
        answerSdp: null,
      },
      callee: null,
      log: log.child({ callId, from: callerIdOf(request), to: dialled }),
      guard: setTimeout(() => endCall(call, 'timed out'), timers.timeoutMs * 4),
    };
    byCallerId.set(callId, call);
    if (route.blockResponse !== 'silent') respond(request, peer, 100, 'Trying');
    void decide(call, route, dialled ?? '');
  }

  async function decide(call: B2buaCall, route: ResidentRoute, dialled: string): Promise<void> {
    const request = call.caller.invite;
    const outcome = await deps.screening.screen({
      from: callerIdOf(request),
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
    call.log = call.log.child({ decision: decision.action });
    switch (decision.action) {
      case 'block':
        if (route.blockResponse === 'silent') {
          endCall(call, 'blocked silently');
          return;
        }
        respondFinal(call, 603, 'Decline');
        endCall(call, 'blocked: 603 Decline');
        return;
      case 'ring':
      case 'screen':
      case 'voicemail':
        // Interactive screening and voicemail need CallWarden's own media; until a call can be answered here, the
        // call rings through rather than be lost (fail open), and the call log says so.
        if (decision.action !== 'ring') note(call, `${decision.action} not yet available: rang through`);
        ringPhone(call, route);
        return;
    }
  }

  function ringPhone(call: B2buaCall, route: ResidentRoute): void {
    const phone = route.phoneUri ? parseUri(route.phoneUri) : null;
    if (!phone?.ok || phone.value.kind !== 'sip') {
      call.log.warn({ phoneUri: route.phoneUri }, 'no reachable phone for this resident');
      respondFinal(call, 480, 'Temporarily Unavailable');
      endCall(call, 'no phone to ring');
      return;
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
    const branch = generateBranch();
    const calleeCallId = generateCallId(local.host);
    const fromTag = generateTag();
    const contentType = getHeader(invite, 'Content-Type');
    const headers: SipHeader[] = [
      { name: 'Via', value: `SIP/2.0/${transportName(target)} ${local.host}:${local.port};branch=${branch};rport` },
      { name: 'Max-Forwards', value: String(Math.max(1, (getMaxForwards(invite) ?? 70) - 1)) },
      {
        name: 'From',
        value: `${from?.displayName ? `"${from.displayName.replace(/"/g, '')}" ` : ''}<${from?.uri.raw ?? 'sip:anonymous@anonymous.invalid'}>;tag=${fromTag}`,
      },
      { name: 'To', value: `<${route.phoneUri}>` },
      { name: 'Call-ID', value: calleeCallId },
      { name: 'CSeq', value: '1 INVITE' },
      { name: 'Contact', value: ourContact(target) },
      ...(contentType ? [{ name: 'Content-Type', value: contentType }] : []),
    ];
    const bytes = serializeMessage(request('INVITE', route.phoneUri ?? '', headers, invite.body));
    call.state = 'ringing';
    const txn = new ClientTransaction(branch, 'INVITE', bytes, target, send, timers, () => {
      pending.delete(`${branch} INVITE`);
      if (call.state === 'ringing') {
        respondFinal(call, 480, 'Temporarily Unavailable');
        endCall(call, "resident's phone did not answer the INVITE");
      }
    });
    call.callee = {
      peer: target,
      uri: route.phoneUri ?? '',
      callId: calleeCallId,
      fromTag,
      toTag: null,
      targetUri: route.phoneUri ?? '',
      target,
      inviteBranch: branch,
      invite: txn,
      inviteFinal: false,
      nextCSeq: 2,
    };
    byCalleeId.set(calleeCallId, call);
    pending.set(`${branch} INVITE`, { call, txn, method: 'INVITE' });
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
        respond(call.caller.invite, call.caller.peer, response.status, response.reason, {
          toTag: call.caller.toTag,
          headers: [{ name: 'Contact', value: ourContact(call.caller.peer) }],
          body: response.body,
        });
      }
      return;
    }
    txn.settle();
    pending.delete(`${txn.branch} ${method}`);
    if (method !== 'INVITE' || !call.callee) return;
    call.callee.inviteFinal = true;
    if (response.status < 300) onCalleeAnswered(call, response);
    else onCalleeRefused(call, response);
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
    if (call.state !== 'ringing') {
      // The caller gave up while the phone was being answered: hang up the phone's side at once.
      sendBye(call, 'callee');
      return;
    }
    call.state = 'answered';
    clearTimeout(call.guard);
    call.caller.answerSdp = response.body.length > 0 ? response.body : null;
    respond(call.caller.invite, call.caller.peer, 200, 'OK', {
      toTag: call.caller.toTag,
      headers: [{ name: 'Contact', value: ourContact(call.caller.peer) }],
      body: response.body,
      contentType: getHeader(response, 'Content-Type') ?? 'application/sdp',
    });
    note(call, 'answered');
    call.log.info('call answered by the resident');
  }

  function onCalleeRefused(call: B2buaCall, response: SipResponse): void {
    ackCallee(call, response);
    if (call.state === 'ringing') {
      respondFinal(call, response.status === 487 ? 487 : response.status, response.reason || 'Declined');
      endCall(call, `resident's phone answered ${response.status}`);
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
      { name: 'CSeq', value: '1 ACK' },
    ]);
    send(serializeMessage(ack), success ? callee.target : callee.peer);
  }

  function onAck(ack: SipRequest, callId: string): void {
    const call = byCallerId.get(callId);
    if (call) {
      server.acknowledged(call.caller.inviteKey);
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
    if (call.state !== 'deciding' && call.state !== 'ringing') return;
    if (call.state === 'ringing' && call.callee && !call.callee.inviteFinal) cancelCallee(call.callee);
    respondFinal(call, 487, 'Request Terminated');
    endCall(call, 'cancelled by the caller before answer');
  }

  function cancelCallee(callee: CalleeLeg): void {
    const cancel = request('CANCEL', callee.uri, [
      {
        name: 'Via',
        value: `SIP/2.0/${transportName(callee.peer)} ${local.host}:${local.port};branch=${callee.inviteBranch};rport`,
      },
      { name: 'Max-Forwards', value: '70' },
      { name: 'From', value: `<${callee.uri}>;tag=${callee.fromTag}` },
      { name: 'To', value: `<${callee.uri}>` },
      { name: 'Call-ID', value: callee.callId },
      { name: 'CSeq', value: '1 CANCEL' },
    ]);
    send(serializeMessage(cancel), callee.peer);
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
      if (call.state === 'answered') sendBye(call, 'callee');
      else if (call.callee && !call.callee.inviteFinal) cancelCallee(call.callee);
      endCall(call, 'caller hung up');
    } else {
      if (call.state === 'answered') sendBye(call, 'caller');
      endCall(call, 'resident hung up');
    }
  }

  /** Re-INVITE (session refresh, hold): answered from the session we already have, so the call stays up. */
  function onReInvite(reinvite: SipRequest, peer: Peer, callId: string): void {
    const call = byCallerId.get(callId) ?? byCalleeId.get(callId);
    if (call?.state !== 'answered') {
      respond(reinvite, peer, 481, 'Call/Transaction Does Not Exist');
      return;
    }
    respond(reinvite, peer, 200, 'OK', {
      headers: [{ name: 'Contact', value: ourContact(peer) }],
      body: byCallerId.has(callId) ? (call.caller.answerSdp ?? empty) : call.caller.invite.body,
    });
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
          { name: 'From', value: `<${callerUriOf(call.caller.invite)}>;tag=${callee.fromTag}` },
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
    // A far end that never answers the BYE costs one bounded retransmission timer, nothing more.
    const txn = new ClientTransaction(branch, 'BYE', bytes, target, send, timers, () =>
      pending.delete(`${branch} BYE`),
    );
    pending.set(`${branch} BYE`, { call, txn, method: 'BYE' });
  }

  function respondFinal(call: B2buaCall, status: number, reason: string): void {
    respond(call.caller.invite, call.caller.peer, status, reason, { toTag: call.caller.toTag });
  }

  /** Ends the call: both legs are already told; the call's own state and guard timer go now. */
  function endCall(call: B2buaCall, outcome: string): void {
    if (call.state === 'ended') return;
    const wasAnsweredOrRinging = call.state;
    call.state = 'ended';
    clearTimeout(call.guard);
    note(call, outcome);
    call.log.info({ outcome, from: wasAnsweredOrRinging }, 'call ended');
    // The caller's INVITE entry stays until its ACK (or the retransmission timeout) so a late ACK is absorbed.
    if (wasAnsweredOrRinging === 'answered') forget(call);
    else setTimeout(() => forget(call), timers.timeoutMs).unref();
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
    async close() {
      for (const call of byCallerId.values()) clearTimeout(call.guard);
      for (const entry of pending.values()) entry.txn.settle();
      pending.clear();
      byCallerId.clear();
      byCalleeId.clear();
      server.close();
      await transport.close();
    },
  };
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
