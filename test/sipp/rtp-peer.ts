/**
 * The test's own end of a call leg's RTP, beside a sipp peer that does the signalling: it records every sample it
 * receives (what CallWarden sent to that party) and plays what the party says. Also: test "voices" (seeded noise
 * bursts — distinct, no pauses inside, easy to find again) and frame-aligned correlation to find a clip in a recording.
 *
 * @example
 * const phone = await RtpPeer.open();
 * phone.connectTo(ourPort);
 * await phone.say(aVoice(1));
 * bestFrameCorrelation(phone.all(), prompts['warning-scam']); // ≈ 1 when the phone heard the warning
 */
import { type PortRange, RtpSession } from '../../src/telephony/media/rtp-session.js';
import { waitFor } from './waiting.js';

export class RtpPeer {
  readonly heard: Int16Array[] = [];
  private constructor(readonly session: RtpSession) {
    session.on('audio', (samples) => this.heard.push(samples));
  }

  static async open(
    codec: 'PCMU' | 'PCMA' = 'PCMU',
    portRange: PortRange = { min: 32000, max: 32998 },
  ): Promise<RtpPeer> {
    return new RtpPeer(await RtpSession.open({ bindAddress: '127.0.0.1', portRange, codec }));
  }

  get port(): number {
    return this.session.port;
  }

  /** Sends to CallWarden's RTP port for this leg (from its SDP). */
  connectTo(port: number, codec: 'PCMU' | 'PCMA' = 'PCMU'): void {
    this.session.configure({
      codec,
      payloadType: codec === 'PCMU' ? 0 : 8,
      telephoneEventPayloadType: 101,
      remote: { address: '127.0.0.1', port },
    });
  }

  /** Speaks `clip`, then stays quiet (silent frames, so a VAD hears the utterance end) for `pauseMs`. */
  async say(clip: Int16Array, pauseMs = 600): Promise<void> {
    await this.session.play(clip);
    await this.session.play(new Int16Array(Math.round(pauseMs * 8)));
  }

  get samples(): number {
    return this.heard.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  /** Everything heard so far, in arrival order. */
  all(): Int16Array {
    const out = new Int16Array(this.samples);
    let at = 0;
    for (const chunk of this.heard) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  /** Resolves once audio stopped arriving for `quietMs` after at least `minSamples` were heard. */
  async untilQuiet(minSamples: number, quietMs = 150): Promise<void> {
    await waitFor(`${minSamples} samples (heard ${this.samples} so far)`, () => this.samples >= minSamples);
    let last = this.samples;
    let since = Date.now();
    await waitFor('the far end to stop sending', () => {
      if (this.samples !== last) {
        last = this.samples;
        since = Date.now();
      }
      return Date.now() - since >= quietMs;
    });
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

/** A test voice: 0.8 s of seeded noise at about −12 dBFS, different for each seed. */
export function aVoice(seed: number, ms = 800): Int16Array {
  let state = (seed * 2654435761) >>> 0 || 1;
  const out = new Int16Array(Math.round(ms * 8));
  for (let i = 0; i < out.length; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = Math.round(((state / 0xffffffff) * 2 - 1) * 14_000);
  }
  return out;
}

/** Highest normalised cross-correlation of `needle` inside `haystack`, at every `step`-th alignment. */
export function bestCorrelation(haystack: Int16Array, needle: Int16Array, step = 1): number {
  let needleEnergy = 0;
  for (const x of needle) needleEnergy += x * x;
  let best = 0;
  for (let lag = 0; lag + needle.length <= haystack.length; lag += step) {
    let dot = 0;
    let energy = 0;
    for (let i = 0; i < needle.length; i += 1) {
      const h = haystack[lag + i] ?? 0;
      dot += h * (needle[i] ?? 0);
      energy += h * h;
    }
    if (energy > 0) best = Math.max(best, dot / Math.sqrt(energy * needleEnergy));
  }
  return best;
}

/**
 * Highest normalised correlation of `needle` inside `haystack`, at alignments on 20 ms frame boundaries: RTP carries
 * audio in 160-sample frames and relaying keeps them whole, so a clip CallWarden sent starts on one.
 */
export function bestFrameCorrelation(haystack: Int16Array, needle: Int16Array): number {
  return bestCorrelation(haystack, needle, 160);
}
