/**
 * The parts of RFC 3261 §17 transactions a B2BUA needs over UDP and TCP: requests we send are retransmitted until a
 * response (timers A/E, given up after timer B/F), final responses to INVITE are retransmitted until the ACK (timer
 * G/H), and answered requests keep their last response so a retransmitted request is answered again, not re-run.
 * Every timer belongs to a transaction and is cleared when it ends; the SIP service ends a call's transactions with
 * the call's teardown window (see `teardownMs`), so nothing outlives its call for long.
 */
import type { Peer } from '../transport/sip-transport.js';

export interface TimerSettings {
  /** T1, the round-trip estimate (500 ms). */
  t1Ms: number;
  /** T2, the cap on retransmission intervals for non-INVITE requests and responses (4 s). */
  t2Ms: number;
  /** How long a transaction waits for a response or ACK before giving up (64·T1 = 32 s). */
  timeoutMs: number;
}

export const defaultTimers: TimerSettings = Object.freeze({ t1Ms: 500, t2Ms: 4000, timeoutMs: 32_000 });

type Send = (bytes: Buffer, peer: Peer) => void;

/** A request we sent; retransmitted over UDP until `settle()` or timeout. */
export class ClientTransaction {
  private retransmit: NodeJS.Timeout | undefined;
  private giveUp: NodeJS.Timeout | undefined;
  private settled = false;

  constructor(
    readonly branch: string,
    readonly method: string,
    private readonly bytes: Buffer,
    readonly peer: Peer,
    send: Send,
    timers: TimerSettings,
    onTimeout: () => void,
  ) {
    send(bytes, peer);
    if (peer.transport === 'udp') {
      let interval = timers.t1Ms;
      const again = () => {
        if (this.settled) return;
        send(this.bytes, this.peer);
        interval = method === 'INVITE' ? interval * 2 : Math.min(interval * 2, timers.t2Ms);
        this.retransmit = setTimeout(again, interval);
      };
      this.retransmit = setTimeout(again, interval);
    }
    this.giveUp = setTimeout(() => {
      if (this.settled) return;
      this.settle();
      onTimeout();
    }, timers.timeoutMs);
  }

  /** Whether it still holds a timer (no final response, not given up, not settled). */
  get running(): boolean {
    return !this.settled;
  }

  /** A provisional response stops INVITE retransmissions; the transaction still waits for a final one. */
  provisional(): void {
    clearTimeout(this.retransmit);
    this.retransmit = undefined;
  }

  settle(): void {
    this.settled = true;
    clearTimeout(this.retransmit);
    clearTimeout(this.giveUp);
  }
}

/** The last response to a request we received: re-sent when the request is retransmitted. */
export interface AnsweredRequest {
  response: Buffer;
  peer: Peer;
  expires: number;
}

/**
 * Server-side memory of answered requests (keyed by transaction key) and retransmission of final INVITE responses
 * over UDP until their ACK arrives.
 */
export class ServerTransactions {
  private readonly answered = new Map<string, AnsweredRequest>();
  private readonly waitingForAck = new Map<string, { timer: NodeJS.Timeout; giveUp: NodeJS.Timeout }>();
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: Send,
    private readonly timers: TimerSettings,
  ) {}

  get size(): number {
    return this.answered.size;
  }

  /** Final INVITE responses still re-sent until their ACK (each holds a timer). */
  get awaitingAck(): number {
    return this.waitingForAck.size;
  }

  /** Answers a request (and remembers the answer for its retransmissions). */
  respond(key: string | null, response: Buffer, peer: Peer, options: { final: boolean; invite: boolean }): void {
    this.send(response, peer);
    if (key === null) return;
    this.answered.set(key, { response, peer, expires: Date.now() + this.timers.timeoutMs });
    this.ensureSweep();
    if (options.final && options.invite && peer.transport === 'udp') this.retransmitUntilAck(key, response, peer);
  }

  /** If this request was answered before, sends the answer again and returns true. */
  replay(key: string | null): boolean {
    if (key === null) return false;
    const known = this.answered.get(key);
    if (!known) return false;
    this.send(known.response, known.peer);
    return true;
  }

  known(key: string | null): boolean {
    return key !== null && this.answered.has(key);
  }

  /** The ACK arrived: stop retransmitting the final response. */
  acknowledged(key: string | null): void {
    if (key === null) return;
    const pending = this.waitingForAck.get(key);
    if (!pending) return;
    clearTimeout(pending.timer);
    clearTimeout(pending.giveUp);
    this.waitingForAck.delete(key);
  }

  close(): void {
    for (const pending of this.waitingForAck.values()) {
      clearTimeout(pending.timer);
      clearTimeout(pending.giveUp);
    }
    this.waitingForAck.clear();
    this.answered.clear();
    clearInterval(this.sweep);
    this.sweep = undefined;
  }

  private retransmitUntilAck(key: string, response: Buffer, peer: Peer): void {
    this.acknowledged(key);
    let interval = this.timers.t1Ms;
    const again = () => {
      this.send(response, peer);
      interval = Math.min(interval * 2, this.timers.t2Ms);
      const pending = this.waitingForAck.get(key);
      if (pending) pending.timer = setTimeout(again, interval);
    };
    const timer = setTimeout(again, interval);
    const giveUp = setTimeout(() => this.acknowledged(key), this.timers.timeoutMs);
    this.waitingForAck.set(key, { timer, giveUp });
  }

  private ensureSweep(): void {
    if (this.sweep) return;
    this.sweep = setInterval(() => {
      const now = Date.now();
      for (const [key, entry] of this.answered) if (entry.expires < now) this.answered.delete(key);
      if (this.answered.size === 0) {
        clearInterval(this.sweep);
        this.sweep = undefined;
      }
    }, 1000);
    this.sweep.unref();
  }
}
