/**
 * One RTP endpoint of a call leg: a UDP socket on an even port from the media range that plays audio to the far end
 * (paced at 20 ms without drift), records what the far end says (stopping on trailing silence), reports RFC 4733
 * DTMF, learns the far end's real address from its first packet (symmetric RTP, for callers behind NAT) and relays
 * audio to another leg. Everything it owns — socket, pacing timer, recording timers, relay links — goes on `close()`.
 *
 * RTCP is neither sent nor read (the RTCP port, RTP port + 1, is not bound); telephony peers do not depend on it.
 *
 * @example
 * const session = await RtpSession.open({ codec: 'PCMU', remote: { address: '192.0.2.10', port: 4000 } });
 * session.on('dtmf', ({ digit }) => log.info({ digit }, 'caller pressed a key'));
 * await session.play(prompts['screen-ask-name']);
 * const name = await session.record({ maxMs: 5000, silenceMs: 1500 });
 * await session.close();
 */
import { randomInt } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { decodeG711, encodeG711, type G711Codec, g711PayloadType, transcodeG711 } from './g711.js';
import { anRtpPacket, parseRtp, type RtpPacket, serializeRtp } from './rtp-packet.js';
import type { NegotiatedAudio } from './sdp.js';
import { buildTelephoneEvent, type DetectedDigit, DtmfDetector, dtmfEventCode } from './telephone-event.js';

/** Samples per 20 ms frame at 8 kHz: the packet size every G.711 endpoint accepts. */
export const samplesPerFrame = 160;
export const frameMs = 20;
const samplesPerMs = 8;

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** The media port range CallWarden uses unless configured otherwise (RTP on even ports, RFC 3550 §11). */
export const defaultPortRange: PortRange = { min: 20000, max: 20999 };

export interface RemoteAddress {
  readonly address: string;
  readonly port: number;
}

export interface RtpSessionOptions {
  /** Local address to bind (default all IPv4 interfaces). */
  readonly bindAddress?: string;
  readonly portRange?: PortRange;
  /** What we send, and how payload type `payloadType` is decoded (default PCMU). */
  readonly codec?: G711Codec;
  /** Payload type of `codec` in this session (default its static type, 0 or 8). */
  readonly payloadType?: number;
  /** Payload type of RFC 4733 events both ways, or null when not negotiated (default 101). */
  readonly telephoneEventPayloadType?: number | null;
  /** Where to send until the first packet from the far end says otherwise (from SDP). */
  readonly remote?: RemoteAddress | null;
}

export interface RecordOptions {
  /** Longest recording (default 10 000 ms). */
  readonly maxMs?: number;
  /** Stop after this much silence following speech (default 1500 ms). */
  readonly silenceMs?: number;
  /** RMS level of a 20 ms frame (0–32767) at or above which it counts as speech (default 500, about −36 dBFS). */
  readonly silenceThreshold?: number;
  /** Stop when no speech at all is heard this long (default `maxMs`). */
  readonly noInputMs?: number;
  /** Told why the recording stopped (e.g. to treat 'no-input' as a likely robocall). */
  readonly onStop?: (reason: RecordingStop) => void;
}

export const recordingStops = ['max-length', 'silence', 'no-input', 'stopped', 'closed'] as const;
export type RecordingStop = (typeof recordingStops)[number];

export interface PlayResult {
  /** False when stopped early by `stopPlaying()` or `close()`. */
  readonly completed: boolean;
  readonly framesSent: number;
}

export interface DtmfOptions {
  /** How long each key is held (default 100 ms). */
  readonly durationMs?: number;
  /** Pause between keys (default 60 ms). */
  readonly gapMs?: number;
  /** −dBm0, 0–63 (default 10). */
  readonly volume?: number;
}

export interface RtpSessionStats {
  packetsSent: number;
  packetsReceived: number;
  /** Datagrams that were not RTP. */
  malformed: number;
  /** RTP from an address other than the learned remote: ignored (a stale leg, or an injection attempt). */
  foreign: number;
  /** RTP with a payload type we did not negotiate (comfort noise, video, …). */
  unknownPayload: number;
  /** Audio that arrived after later audio of the same stream, dropped by a recording. */
  late: number;
  /** Frames not sent because no remote address is known yet. */
  unsent: number;
  /** Relayed frames dropped because this leg was playing a prompt or closed. */
  relayDropped: number;
  /** Send and socket errors (UDP: usually ICMP unreachable reported late). */
  errors: number;
}

export interface RtpSessionEvents {
  /** A key press, once per press. */
  dtmf: [DetectedDigit];
  /** The far end's address, learned from its first RTP packet. */
  remote: [RemoteAddress];
  /** Decoded audio of each received G.711 packet (a tap for speech recognition). */
  audio: [samples: Int16Array, packet: RtpPacket];
  /** Emitted only when someone listens; otherwise socket errors are just counted. */
  error: [Error];
  close: [];
}

type RelaySink = (payload: Uint8Array, codec: G711Codec, packet: RtpPacket) => void;

interface OutgoingJob {
  cancelled: boolean;
  /** Stops the job's pacing timer and settles its promise. */
  cancel: () => void;
}

interface Recorder {
  readonly chunks: Int16Array[];
  length: number;
  readonly maxSamples: number;
  readonly threshold: number;
  readonly silenceMs: number;
  /** Sample index where speech was first / last heard, or -1. */
  firstSpeech: number;
  lastSpeechEnd: number;
  /** Next expected RTP timestamp of the recorded stream, to fill gaps with silence and drop late packets. */
  expected: { ssrc: number; timestamp: number } | null;
  silenceTimer: NodeJS.Timeout;
  readonly maxTimer: NodeJS.Timeout;
  readonly finish: (reason: RecordingStop) => void;
}

/** Audio kept around speech when a recording is trimmed, so words are not clipped. */
const trimMarginSamples = 200 * samplesPerMs;

/** Signed distance a→b between 32-bit RTP timestamps. */
function timestampDelta(from: number, to: number): number {
  return (to - from) | 0;
}

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

/**
 * The even ports of one range on one address that this process may bind, least recently used first. Taking from the
 * front and returning to the back means a port freed by one call is the last to be reused, so late packets of an
 * ended call rarely reach the next one; and no bind is ever tried on a port this process already holds (at load, blind
 * probing spent more time failing binds than making calls).
 */
class PortPool {
  private readonly free: number[];
  private head = 0;

  constructor(range: PortRange) {
    const first = range.min + (range.min % 2);
    const count = Math.floor((range.max - first) / 2) + 1;
    if (count <= 0) throw new RangeError(`RTP port range ${range.min}–${range.max} has no even port`);
    const ports = Array.from({ length: count }, (_, index) => first + index * 2);
    // Random order: a restarted service does not start with the ports a peer of the previous run may still send to.
    for (let index = ports.length - 1; index > 0; index -= 1) {
      const other = randomInt(index + 1);
      [ports[index], ports[other]] = [ports[other] as number, ports[index] as number];
    }
    this.free = ports;
  }

  get available(): number {
    return this.free.length - this.head;
  }

  take(): number | undefined {
    if (this.head >= this.free.length) return undefined;
    const port = this.free[this.head] as number;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.free.length) {
      this.free.splice(0, this.head);
      this.head = 0;
    }
    return port;
  }

  give(port: number): void {
    this.free.push(port);
  }
}

const portPools = new Map<string, PortPool>();

function poolOf(address: string, range: PortRange): PortPool {
  const key = `${address} ${range.min}-${range.max}`;
  let pool = portPools.get(key);
  if (!pool) {
    pool = new PortPool(range);
    portPools.set(key, pool);
  }
  return pool;
}

async function bindInRange(
  address: string,
  range: PortRange,
): Promise<{ socket: Socket; port: number; release: () => void }> {
  const pool = poolOf(address, range);
  // Ports another process holds fail to bind: they go to the back of the queue and the next one is tried.
  const tries = pool.available;
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const port = pool.take();
    if (port === undefined) break;
    const socket = createSocket({ type: address.includes(':') ? 'udp6' : 'udp4' });
    const bound = await new Promise<boolean>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        socket.close();
        pool.give(port);
        if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
        else reject(error);
      };
      socket.once('error', onError);
      socket.bind(port, address, () => {
        socket.off('error', onError);
        resolve(true);
      });
    });
    if (bound) return { socket, port, release: () => pool.give(port) };
  }
  throw new Error(`no free even UDP port in ${range.min}–${range.max} on ${address}`);
}

/**
 * A call leg's RTP endpoint. Create with `RtpSession.open`; one per leg, never shared between calls.
 *
 * @example
 * const caller = await RtpSession.open({ remote: negotiated.remote, codec: negotiated.codec });
 */
export class RtpSession extends EventEmitter<RtpSessionEvents> {
  readonly stats: RtpSessionStats = {
    packetsSent: 0,
    packetsReceived: 0,
    malformed: 0,
    foreign: 0,
    unknownPayload: 0,
    late: 0,
    unsent: 0,
    relayDropped: 0,
    errors: 0,
  };

  private codecValue: G711Codec;
  private payloadType: number;
  private telephoneEventPayloadType: number | null;
  private configuredRemote: RemoteAddress | null;
  private learnedRemote: RemoteAddress | null = null;
  private readonly detector = new DtmfDetector();
  private lastReceivedSsrc: number | null = null;

  // Outgoing stream (RFC 3550 §5.1): random SSRC, sequence and timestamp origin.
  private readonly ssrc = randomInt(0x1_0000_0000);
  private sequence = randomInt(0x1_0000);
  private readonly timestampOrigin = randomInt(0x1_0000_0000);
  private readonly clockOrigin = performance.now();
  private lastSentTimestamp: number | null = null;

  private outgoing: Promise<unknown> = Promise.resolve();
  private readonly jobs = new Set<OutgoingJob>();
  private pacingTimer: NodeJS.Timeout | null = null;
  private recorder: Recorder | null = null;
  /** Returns the port to its pool once the socket is closed (set by `open`). */
  private releasePort: () => void = () => {};
  private readonly relaySinks = new Map<RtpSession, RelaySink>();
  /** Sessions relaying into this one, so closing either end unlinks both. */
  private readonly relaySources = new Set<RtpSession>();
  private relayContinuity: { ssrc: number; inTimestamp: number; outTimestamp: number } | null = null;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly socket: Socket,
    /** The bound (even) RTP port, to put in SDP. */
    readonly port: number,
    options: RtpSessionOptions,
  ) {
    super();
    this.codecValue = options.codec ?? 'PCMU';
    this.payloadType = options.payloadType ?? g711PayloadType[this.codecValue];
    this.telephoneEventPayloadType =
      options.telephoneEventPayloadType === undefined ? 101 : options.telephoneEventPayloadType;
    this.configuredRemote = options.remote ?? null;
    socket.on('message', (message, info) => this.receive(message, info));
    socket.on('error', (error) => this.fail(error));
  }

  /**
   * Binds a socket on a free even port of the range (default 20000–20999) and returns the session.
   *
   * @example
   * const session = await RtpSession.open({ portRange: { min: 30000, max: 30099 } });
   * session.port; // e.g. 30042
   */
  static async open(options: RtpSessionOptions = {}): Promise<RtpSession> {
    const bound = await bindInRange(options.bindAddress ?? '0.0.0.0', options.portRange ?? defaultPortRange);
    const session = new RtpSession(bound.socket, bound.port, options);
    session.releasePort = bound.release;
    return session;
  }

  get codec(): G711Codec {
    return this.codecValue;
  }

  /** Where packets go: the learned address once the far end has sent, before that the configured one. */
  get remote(): RemoteAddress | null {
    return this.learnedRemote ?? this.configuredRemote;
  }

  get closed(): boolean {
    return this.closing !== null;
  }

  /**
   * Applies an SDP negotiation result: codec, payload types and (until one is learned) the remote address.
   *
   * @example
   * const result = negotiateAnswer(offer, { codecs: ['PCMU', 'PCMA'], address, port: session.port });
   * if (result.answer) session.configure(result.audio);
   */
  configure(audio: Pick<NegotiatedAudio, 'codec' | 'payloadType' | 'telephoneEventPayloadType' | 'remote'>): void {
    this.codecValue = audio.codec;
    this.payloadType = audio.payloadType;
    this.telephoneEventPayloadType = audio.telephoneEventPayloadType;
    this.configuredRemote = audio.remote;
  }

  /**
   * Plays 8 kHz samples to the far end as 20 ms packets, frame n sent at start + n × 20 ms (the last frame is padded
   * with silence). Plays queue behind each other and behind DTMF. Resolves when the last frame is sent, or early
   * (completed: false) on `stopPlaying()` or `close()`.
   *
   * @example
   * await session.play(prompts['screen-ask-name']);
   * await session.play(prompts.tone);
   */
  play(samples: Int16Array): Promise<PlayResult> {
    const frames = Math.ceil(samples.length / samplesPerFrame);
    return this.enqueue(
      async (job) => {
        const first = this.talkspurtTimestamp();
        const frame = new Int16Array(samplesPerFrame);
        const payload = new Uint8Array(samplesPerFrame);
        const sent = await this.pace(job, frames, (index) => {
          frame.fill(0);
          frame.set(samples.subarray(index * samplesPerFrame, (index + 1) * samplesPerFrame));
          const timestamp = (first + index * samplesPerFrame) >>> 0;
          this.send(this.payloadType, encodeG711(this.codecValue, frame, payload), timestamp, index === 0);
        });
        return { completed: sent === frames, framesSent: sent };
      },
      { completed: false, framesSent: 0 },
    );
  }

  /**
   * Stops the current play or DTMF and drops everything queued behind it.
   *
   * @example
   * session.on('dtmf', () => session.stopPlaying()); // barge-in: a key press cuts the prompt short
   */
  stopPlaying(): void {
    for (const job of this.jobs) job.cancel();
  }

  /**
   * Sends digits as RFC 4733 events (start packet with the marker bit, an update every 20 ms, the end packet three
   * times), queued like `play`. Characters that are not DTMF keys are skipped.
   *
   * @example
   * await session.sendDtmf('1', { durationMs: 120 });
   */
  sendDtmf(digits: string, options: DtmfOptions = {}): Promise<void> {
    const eventType = this.telephoneEventPayloadType;
    const durationMs = options.durationMs ?? 100;
    const gapMs = options.gapMs ?? 60;
    const volume = options.volume ?? 10;
    const codes = [...digits].map(dtmfEventCode).filter((code): code is number => code !== null);
    return this.enqueue(async (job) => {
      if (eventType === null) throw new Error('telephone-event was not negotiated for this session');
      const updates = Math.max(1, Math.ceil(durationMs / frameMs));
      for (const code of codes) {
        const timestamp = this.talkspurtTimestamp();
        await this.pace(job, updates + 3, (index) => {
          const end = index >= updates;
          const duration = Math.min(index + 1, updates) * samplesPerFrame;
          this.send(eventType, buildTelephoneEvent({ event: code, end, volume, duration }), timestamp, index === 0);
        });
        this.lastSentTimestamp = (timestamp + updates * samplesPerFrame) >>> 0;
        await this.pace(job, Math.ceil(gapMs / frameMs), () => {});
        if (job.cancelled) return;
      }
    }, undefined);
  }

  /**
   * Records the far end's audio (decoded to 8 kHz linear PCM) until `maxMs`, or `silenceMs` of silence after speech,
   * or `noInputMs` without speech. When speech was heard, silence beyond 200 ms before and after it is trimmed.
   * Lost packets become silence; late ones are dropped. One recording at a time.
   *
   * @example
   * await session.play(prompts.tone);
   * const name = await session.record({ maxMs: 6000, silenceMs: 1500, silenceThreshold: 500 });
   */
  record(options: RecordOptions = {}): Promise<Int16Array> {
    if (this.recorder) return Promise.reject(new Error('this session is already recording'));
    if (this.closing) return Promise.resolve(new Int16Array(0));
    const maxMs = options.maxMs ?? 10_000;
    const silenceMs = options.silenceMs ?? 1500;
    const noInputMs = options.noInputMs ?? maxMs;
    return new Promise((resolve) => {
      const finish = (reason: RecordingStop) => {
        const recorder = this.recorder;
        if (!recorder) return;
        this.recorder = null;
        clearTimeout(recorder.silenceTimer);
        clearTimeout(recorder.maxTimer);
        const all = new Int16Array(recorder.length);
        let offset = 0;
        for (const chunk of recorder.chunks) {
          all.set(chunk, offset);
          offset += chunk.length;
        }
        let result = all;
        if (recorder.firstSpeech >= 0) {
          const start = Math.max(0, recorder.firstSpeech - trimMarginSamples);
          const end = Math.min(all.length, recorder.lastSpeechEnd + trimMarginSamples);
          result = all.slice(start, end);
        }
        options.onStop?.(reason);
        resolve(result);
      };
      // Wall-clock timers, not sample counts, so a far end that stops sending (silence suppression) still ends it.
      this.recorder = {
        chunks: [],
        length: 0,
        maxSamples: Math.round(maxMs * samplesPerMs),
        threshold: options.silenceThreshold ?? 500,
        silenceMs,
        firstSpeech: -1,
        lastSpeechEnd: -1,
        expected: null,
        silenceTimer: setTimeout(
          () => {
            const heard = (this.recorder?.firstSpeech ?? -1) >= 0;
            finish(heard ? 'silence' : 'no-input');
          },
          Math.min(noInputMs, maxMs),
        ),
        maxTimer: setTimeout(() => finish('max-length'), maxMs),
        finish,
      };
    });
  }

  /**
   * Ends the current recording now; its promise resolves with what was recorded.
   *
   * @example
   * session.on('dtmf', () => session.stopRecording()); // "press any key when you have finished"
   */
  stopRecording(): void {
    this.recorder?.finish('stopped');
  }

  /**
   * Forwards the audio this session receives to `target`, transcoding when their codecs differ; returns a function
   * that stops forwarding. One direction only: call it on both legs to connect a call. Audio is dropped while
   * `target` is playing a prompt (so a warning can be whispered to one side). DTMF is not relayed: key presses are
   * for CallWarden.
   *
   * @example
   * const unlink = [caller.relayTo(callee), callee.relayTo(caller)];
   * // later: for (const stop of unlink) stop();
   */
  relayTo(target: RtpSession): () => void {
    if (target === this) throw new Error('a session cannot relay to itself');
    this.relaySinks.set(target, (payload, codec, packet) => target.forward(payload, codec, packet));
    target.relaySources.add(this);
    return () => this.unlink(target);
  }

  /**
   * Frees the socket and every timer; pending plays resolve as not completed and a recording resolves with what it
   * has. Safe to call more than once.
   *
   * @example
   * await Promise.all([caller.close(), callee.close()]);
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = new Promise<void>((resolve) => {
      // 'close' fires before libuv has released the handle: that happens in the close-callbacks phase, after this
      // turn's check phase. The second immediate runs after it, so callers that count active handles see none left.
      this.socket.close(() => {
        this.releasePort();
        setImmediate(() => setImmediate(resolve));
      });
    });
    this.stopPlaying();
    this.recorder?.finish('closed');
    for (const target of [...this.relaySinks.keys()]) this.unlink(target);
    for (const source of [...this.relaySources]) source.unlink(this);
    this.emit('close');
    return this.closing;
  }

  private unlink(target: RtpSession): void {
    this.relaySinks.delete(target);
    target.relaySources.delete(this);
  }

  /** Runs `work` after every job queued before it; resolves `onCancelled` if the session closes first. */
  private enqueue<T>(work: (job: OutgoingJob) => Promise<T>, onCancelled: T): Promise<T> {
    const job: OutgoingJob = { cancelled: false, cancel: () => {} };
    job.cancel = () => {
      job.cancelled = true;
    };
    this.jobs.add(job);
    const run = async (): Promise<T> => {
      if (job.cancelled || this.closing) return onCancelled;
      try {
        return await work(job);
      } finally {
        this.relayContinuity = null; // relayed audio after a prompt starts a new talkspurt
      }
    };
    const result = this.outgoing.then(run).finally(() => this.jobs.delete(job));
    this.outgoing = result.catch(() => {});
    return result;
  }

  /**
   * Calls `send(n)` for n = 0…count−1 at start + n × 20 ms. Each wait is computed from the start, so timer lateness
   * never accumulates; after a stall the frames that fell due go out at once. Resolves with the number sent.
   */
  private pace(job: OutgoingJob, count: number, send: (index: number) => void): Promise<number> {
    return new Promise((resolve) => {
      const start = performance.now();
      let index = 0;
      const done = () => {
        if (this.pacingTimer) clearTimeout(this.pacingTimer);
        this.pacingTimer = null;
        job.cancel = () => {
          job.cancelled = true;
        };
        resolve(index);
      };
      job.cancel = () => {
        job.cancelled = true;
        done();
      };
      const tick = () => {
        this.pacingTimer = null;
        if (job.cancelled || this.closing) return done();
        const now = performance.now();
        while (index < count && start + index * frameMs <= now + 0.5) {
          send(index);
          index += 1;
        }
        if (index >= count) return done();
        this.pacingTimer = setTimeout(tick, start + index * frameMs - performance.now());
      };
      tick();
    });
  }

  /** RTP clock now, in the outgoing stream's timestamp space. */
  private clockTimestamp(): number {
    return (this.timestampOrigin + Math.round((performance.now() - this.clockOrigin) * samplesPerMs)) >>> 0;
  }

  /** Timestamp for the first packet of a new talkspurt: real elapsed time, but never behind what was already sent. */
  private talkspurtTimestamp(): number {
    const clock = this.clockTimestamp();
    if (this.lastSentTimestamp === null) return clock;
    const next = (this.lastSentTimestamp + samplesPerFrame) >>> 0;
    return timestampDelta(next, clock) > 0 ? clock : next;
  }

  private send(payloadType: number, payload: Uint8Array, timestamp: number, marker: boolean): void {
    const remote = this.remote;
    if (!remote || this.closing) {
      this.stats.unsent += 1;
      return;
    }
    const bytes = serializeRtp(
      anRtpPacket({ payloadType, sequence: this.sequence, timestamp, ssrc: this.ssrc, payload, marker }),
    );
    this.sequence = (this.sequence + 1) & 0xffff;
    if (payloadType !== this.telephoneEventPayloadType) this.lastSentTimestamp = timestamp;
    this.stats.packetsSent += 1;
    this.socket.send(bytes, remote.port, remote.address, (error) => {
      if (error) this.fail(error);
    });
  }

  private fail(error: Error): void {
    this.stats.errors += 1;
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  private receive(message: Buffer, info: RemoteInfo): void {
    if (this.closing) return;
    this.stats.packetsReceived += 1;
    const parsed = parseRtp(message);
    if (!parsed.ok) {
      this.stats.malformed += 1;
      return;
    }
    if (!this.learnedRemote) {
      this.learnedRemote = { address: info.address, port: info.port };
      this.emit('remote', this.learnedRemote);
    } else if (info.address !== this.learnedRemote.address || info.port !== this.learnedRemote.port) {
      this.stats.foreign += 1;
      return;
    }
    const { packet } = parsed;
    if (packet.ssrc !== this.lastReceivedSsrc) {
      this.lastReceivedSsrc = packet.ssrc;
      this.detector.reset();
    }
    if (packet.payloadType === this.telephoneEventPayloadType) {
      const pressed = this.detector.push(packet);
      if (pressed) this.emit('dtmf', pressed);
      return;
    }
    const codec = this.codecOf(packet.payloadType);
    if (!codec) {
      this.stats.unknownPayload += 1;
      return;
    }
    for (const sink of this.relaySinks.values()) sink(packet.payload, codec, packet);
    const recorder = this.recorder;
    if (!recorder && this.listenerCount('audio') === 0) return;
    const samples = decodeG711(codec, packet.payload);
    if (recorder) this.capture(recorder, samples, packet);
    this.emit('audio', samples, packet);
  }

  private codecOf(payloadType: number): G711Codec | null {
    if (payloadType === this.payloadType) return this.codecValue;
    if (payloadType === g711PayloadType.PCMU) return 'PCMU';
    if (payloadType === g711PayloadType.PCMA) return 'PCMA';
    return null;
  }

  private capture(recorder: Recorder, samples: Int16Array, packet: RtpPacket): void {
    const expected = recorder.expected;
    if (expected && expected.ssrc === packet.ssrc) {
      const gap = timestampDelta(expected.timestamp, packet.timestamp);
      if (gap < 0) {
        this.stats.late += 1;
        return;
      }
      if (gap > 0) this.append(recorder, new Int16Array(Math.min(gap, recorder.maxSamples - recorder.length)));
    }
    recorder.expected = { ssrc: packet.ssrc, timestamp: (packet.timestamp + samples.length) >>> 0 };
    const at = recorder.length;
    this.append(recorder, samples);
    if (rms(samples) >= recorder.threshold) {
      if (recorder.firstSpeech < 0) recorder.firstSpeech = at;
      recorder.lastSpeechEnd = Math.min(recorder.length, at + samples.length);
      // Re-arm the silence timer from this frame: `silenceMs` after the last speech, the recording ends.
      clearTimeout(recorder.silenceTimer);
      recorder.silenceTimer = setTimeout(() => recorder.finish('silence'), recorder.silenceMs);
    }
    if (recorder.length >= recorder.maxSamples) recorder.finish('max-length');
  }

  private append(recorder: Recorder, samples: Int16Array): void {
    const room = recorder.maxSamples - recorder.length;
    if (room <= 0 || samples.length === 0) return;
    const chunk = samples.length > room ? samples.subarray(0, room) : samples;
    recorder.chunks.push(chunk);
    recorder.length += chunk.length;
  }

  /** Sends relayed audio from another leg, rewritten into this session's stream. */
  private forward(payload: Uint8Array, codec: G711Codec, packet: RtpPacket): void {
    if (this.closing || this.jobs.size > 0) {
      this.stats.relayDropped += 1;
      this.relayContinuity = null;
      return;
    }
    const continuity = this.relayContinuity;
    const output = transcodeG711(codec, this.codecValue, payload);
    if (continuity && continuity.ssrc === packet.ssrc) {
      const delta = timestampDelta(continuity.inTimestamp, packet.timestamp);
      if (delta > -8000 && delta <= 8000) {
        // Same stream: keep its timing (a reordered packet keeps its earlier timestamp for the far end's jitter
        // buffer).
        const timestamp = (continuity.outTimestamp + delta) >>> 0;
        if (delta > 0)
          this.relayContinuity = { ssrc: packet.ssrc, inTimestamp: packet.timestamp, outTimestamp: timestamp };
        this.send(this.payloadType, output, timestamp, packet.marker);
        return;
      }
    }
    const timestamp = this.talkspurtTimestamp();
    this.relayContinuity = { ssrc: packet.ssrc, inTimestamp: packet.timestamp, outTimestamp: timestamp };
    this.send(this.payloadType, output, timestamp, true);
  }
}
