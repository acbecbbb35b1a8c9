/**
 * SDP (RFC 4566) for the audio calls CallWarden terminates, and offer/answer (RFC 3264) for G.711 plus RFC 4733
 * telephone-events. Parsing is tolerant (unknown lines and attributes are kept, in order) and never throws;
 * building writes CRLF line endings in the order RFC 4566 §5 requires.
 *
 * @example
 * const offer = parseSdp(invite.body);
 * if (!offer.ok) return reply(400);
 * const result = negotiateAnswer(offer.sdp, { codecs: ['PCMU', 'PCMA'], address: '203.0.113.5', port: 20002 });
 * if (result.answer === null) return reply(488, result.reason);
 * reply(200, buildSdp(result.answer));
 */
import { type G711Codec, g711Codecs, g711PayloadType } from './g711.js';

export const directions = ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const;
export type Direction = (typeof directions)[number];

export interface Connection {
  readonly addressType: 'IP4' | 'IP6';
  readonly address: string;
}

export interface Origin {
  readonly username: string;
  readonly sessionId: string;
  readonly sessionVersion: string;
  readonly addressType: 'IP4' | 'IP6';
  readonly address: string;
}

export interface RtpMap {
  readonly encoding: string;
  readonly clockRate: number;
  readonly channels: number | null;
}

/** An attribute we do not interpret, kept so it can be echoed or inspected (`a=name:value`, or `a=name`). */
export interface Attribute {
  readonly name: string;
  readonly value: string | null;
}

export interface MediaDescription {
  /** `audio`, `video`, `application`, … */
  readonly media: string;
  /** 0 means the stream is rejected or disabled. */
  readonly port: number;
  /** `RTP/AVP`, `RTP/SAVP`, … */
  readonly protocol: string;
  /** Payload types (or other format tokens) in the offerer's order of preference. */
  readonly formats: readonly string[];
  /** Media-level `c=`; falls back to the session's. */
  readonly connection: Connection | null;
  /** `a=rtpmap`, by payload type. */
  readonly rtpmaps: ReadonlyMap<number, RtpMap>;
  /** `a=fmtp` parameters, by payload type. */
  readonly fmtps: ReadonlyMap<number, string>;
  readonly ptime: number | null;
  /** Media-level direction attribute, or null when absent (the session's applies, else sendrecv). */
  readonly direction: Direction | null;
  readonly attributes: readonly Attribute[];
}

export interface SessionDescription {
  readonly origin: Origin;
  readonly sessionName: string;
  readonly connection: Connection | null;
  /** Session-level direction attribute, or null. */
  readonly direction: Direction | null;
  readonly attributes: readonly Attribute[];
  readonly media: readonly MediaDescription[];
}

export type SdpParseResult = { ok: true; sdp: SessionDescription } | { ok: false; reason: string };

interface MutableMedia {
  media: string;
  port: number;
  protocol: string;
  formats: string[];
  connection: Connection | null;
  rtpmaps: Map<number, RtpMap>;
  fmtps: Map<number, string>;
  ptime: number | null;
  direction: Direction | null;
  attributes: Attribute[];
}

function parseConnection(value: string): Connection | null {
  // c=IN IP4 203.0.113.5 (a multicast TTL or count suffix "/127" is dropped: we only do unicast)
  const [netType, addressType, address] = value.trim().split(/\s+/);
  if (netType !== 'IN' || (addressType !== 'IP4' && addressType !== 'IP6') || !address) return null;
  return { addressType, address: address.split('/')[0] ?? address };
}

function parseRtpMap(value: string): { payloadType: number; map: RtpMap } | null {
  const match = /^(\d{1,3})\s+([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(value.trim());
  if (!match) return null;
  return {
    payloadType: Number(match[1]),
    map: { encoding: match[2] ?? '', clockRate: Number(match[3]), channels: match[4] ? Number(match[4]) : null },
  };
}

function isDirection(name: string): name is Direction {
  return (directions as readonly string[]).includes(name);
}

/**
 * Parses an SDP body. Requires `v=0`, `o=` and at least the structure of each `m=` line; everything else is optional.
 *
 * @example
 * const text = ['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 4000 RTP/AVP 0'];
 * const parsed = parseSdp(text.join('\r\n'));
 * parsed.ok && parsed.sdp.media[0]?.port; // 4000
 */
export function parseSdp(text: string): SdpParseResult {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines[0]?.trim() !== 'v=0') return { ok: false, reason: 'SDP must start with v=0' };
  let origin: Origin | null = null;
  let sessionName = '-';
  let connection: Connection | null = null;
  let direction: Direction | null = null;
  const attributes: Attribute[] = [];
  const media: MutableMedia[] = [];
  for (const [index, line] of lines.entries()) {
    const match = /^([a-z])=(.*)$/.exec(line);
    if (!match)
      return { ok: false, reason: `line ${index + 1} is not type=value: ${JSON.stringify(line.slice(0, 40))}` };
    const type = match[1];
    const value = match[2] ?? '';
    const current = media.at(-1);
    switch (type) {
      case 'o': {
        const [username, sessionId, sessionVersion, netType, addressType, address] = value.trim().split(/\s+/);
        if (!address || netType !== 'IN' || (addressType !== 'IP4' && addressType !== 'IP6')) {
          return { ok: false, reason: `malformed o= line: ${value}` };
        }
        origin = {
          username: username ?? '-',
          sessionId: sessionId ?? '0',
          sessionVersion: sessionVersion ?? '0',
          addressType,
          address,
        };
        break;
      }
      case 's':
        sessionName = value;
        break;
      case 'c': {
        const parsed = parseConnection(value);
        if (!parsed) return { ok: false, reason: `malformed c= line: ${value}` };
        if (current) current.connection = parsed;
        else connection = parsed;
        break;
      }
      case 'm': {
        const [kind, portText, protocol, ...formats] = value.trim().split(/\s+/);
        const port = Number((portText ?? '').split('/')[0]);
        if (!kind || !protocol || !Number.isInteger(port) || port < 0 || port > 65535) {
          return { ok: false, reason: `malformed m= line: ${value}` };
        }
        media.push({
          media: kind,
          port,
          protocol,
          formats,
          connection: null,
          rtpmaps: new Map(),
          fmtps: new Map(),
          ptime: null,
          direction: null,
          attributes: [],
        });
        break;
      }
      case 'a': {
        const colon = value.indexOf(':');
        const name = colon >= 0 ? value.slice(0, colon) : value;
        const attributeValue = colon >= 0 ? value.slice(colon + 1) : null;
        if (isDirection(name)) {
          if (current) current.direction = name;
          else direction = name;
        } else if (current && name === 'rtpmap' && attributeValue !== null) {
          const parsed = parseRtpMap(attributeValue);
          if (parsed) current.rtpmaps.set(parsed.payloadType, parsed.map);
        } else if (current && name === 'fmtp' && attributeValue !== null) {
          const fmtp = /^(\d{1,3})\s+(.*)$/.exec(attributeValue.trim());
          if (fmtp) current.fmtps.set(Number(fmtp[1]), (fmtp[2] ?? '').trim());
        } else if (current && name === 'ptime' && attributeValue !== null) {
          const ptime = Number(attributeValue.trim());
          if (Number.isFinite(ptime) && ptime > 0) current.ptime = ptime;
        } else {
          (current ? current.attributes : attributes).push({ name, value: attributeValue });
        }
        break;
      }
      default:
        // v, t, b, k, i, u, e, p, r, z: nothing an audio endpoint needs.
        break;
    }
  }
  if (!origin) return { ok: false, reason: 'SDP has no o= line' };
  return { ok: true, sdp: { origin, sessionName, connection, direction, attributes, media } };
}

/**
 * Writes an SDP body (CRLF line endings, terminated by CRLF).
 *
 * @example
 * sipResponse.body = buildSdp(answer);
 */
export function buildSdp(sdp: SessionDescription): string {
  const lines: string[] = ['v=0'];
  const { origin } = sdp;
  lines.push(
    `o=${origin.username} ${origin.sessionId} ${origin.sessionVersion} IN ${origin.addressType} ${origin.address}`,
  );
  lines.push(`s=${sdp.sessionName || '-'}`);
  if (sdp.connection) lines.push(`c=IN ${sdp.connection.addressType} ${sdp.connection.address}`);
  lines.push('t=0 0');
  for (const attribute of sdp.attributes) lines.push(attributeLine(attribute));
  if (sdp.direction) lines.push(`a=${sdp.direction}`);
  for (const media of sdp.media) {
    lines.push(`m=${media.media} ${media.port} ${media.protocol} ${media.formats.join(' ')}`);
    if (media.connection) lines.push(`c=IN ${media.connection.addressType} ${media.connection.address}`);
    for (const format of media.formats) {
      const payloadType = Number(format);
      const rtpmap = media.rtpmaps.get(payloadType);
      if (rtpmap) {
        const channels = rtpmap.channels === null ? '' : `/${rtpmap.channels}`;
        lines.push(`a=rtpmap:${payloadType} ${rtpmap.encoding}/${rtpmap.clockRate}${channels}`);
      }
      const fmtp = media.fmtps.get(payloadType);
      if (fmtp !== undefined) lines.push(`a=fmtp:${payloadType} ${fmtp}`);
    }
    if (media.ptime !== null) lines.push(`a=ptime:${media.ptime}`);
    for (const attribute of media.attributes) lines.push(attributeLine(attribute));
    if (media.direction) lines.push(`a=${media.direction}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

function attributeLine(attribute: Attribute): string {
  return attribute.value === null ? `a=${attribute.name}` : `a=${attribute.name}:${attribute.value}`;
}

/** What this end can do, and where it receives. */
export interface LocalMedia {
  /** Codecs we accept; the offerer's order decides among them. */
  readonly codecs: readonly G711Codec[];
  /** Address put in the answer's `c=` and `o=` lines (what the peer must send to). */
  readonly address: string;
  /** Our RTP port (even; RTCP is not bound). */
  readonly port: number;
  /** Accept RFC 4733 telephone-events when offered (default true). */
  readonly telephoneEvents?: boolean;
  /** `o=` session id and version (RFC 4566 §5.2: increase the version on each new description). Default: now, 1. */
  readonly sessionId?: string;
  readonly sessionVersion?: string;
}

/** What a successful negotiation agreed, for configuring the RtpSession. */
export interface NegotiatedAudio {
  readonly codec: G711Codec;
  /** The payload type the codec has in this session (0/8 unless the offer used a dynamic number). */
  readonly payloadType: number;
  /** The telephone-event payload type both ends use, or null when the offer had none. */
  readonly telephoneEventPayloadType: number | null;
  /** Where to send RTP until symmetric RTP learns the real source; null when the peer put the call on hold. */
  readonly remote: { readonly address: string; readonly port: number } | null;
  /** Our direction (the answer's), e.g. recvonly when the offer was sendonly. */
  readonly direction: Direction;
  /** Index of the accepted m= line in the offer. */
  readonly mediaIndex: number;
}

export type NegotiationResult =
  | { readonly answer: SessionDescription; readonly audio: NegotiatedAudio }
  | { readonly answer: null; readonly reason: string };

const answerDirection = {
  sendrecv: 'sendrecv',
  sendonly: 'recvonly',
  recvonly: 'sendonly',
  inactive: 'inactive',
} as const satisfies Record<Direction, Direction>;

/** The G.711 law a payload type carries in this media description, or null. Static types need no rtpmap. */
function codecOf(media: MediaDescription, payloadType: number): G711Codec | null {
  const rtpmap = media.rtpmaps.get(payloadType);
  if (rtpmap) {
    const name = rtpmap.encoding.toUpperCase();
    const codec = g711Codecs.find((candidate) => candidate === name);
    return codec !== undefined && rtpmap.clockRate === 8000 && (rtpmap.channels ?? 1) === 1 ? codec : null;
  }
  return g711Codecs.find((candidate) => g711PayloadType[candidate] === payloadType) ?? null;
}

function telephoneEventTypeOf(media: MediaDescription): number | null {
  for (const format of media.formats) {
    const rtpmap = media.rtpmaps.get(Number(format));
    if (rtpmap && rtpmap.encoding.toLowerCase() === 'telephone-event' && rtpmap.clockRate === 8000)
      return Number(format);
  }
  return null;
}

function rejected(media: MediaDescription): MediaDescription {
  // RFC 3264 §6: a declined stream is answered with port 0 and at least one format from the offer.
  return {
    ...media,
    port: 0,
    connection: null,
    rtpmaps: new Map(),
    fmtps: new Map(),
    attributes: [],
    formats: media.formats.slice(0, 1),
  };
}

/**
 * Answers an offer (RFC 3264): accepts the first audio stream over RTP/AVP that has a codec we support, choosing the
 * offer's most preferred such codec and keeping telephone-event (with the offer's payload type) when offered; every
 * other stream is declined with port 0. Returns `answer: null` and a reason when nothing can be accepted — the SIP
 * layer answers 488 Not Acceptable Here.
 *
 * @example
 * const result = negotiateAnswer(offer, { codecs: ['PCMU', 'PCMA'], address: '203.0.113.5', port: 20002 });
 * if (result.answer === null) return respond(488, result.reason);
 * session.configure(result.audio);
 */
export function negotiateAnswer(offer: SessionDescription, local: LocalMedia): NegotiationResult {
  let accepted: NegotiatedAudio | null = null;
  const reasons: string[] = [];
  const media = offer.media.map((offered, mediaIndex): MediaDescription => {
    if (accepted) return rejected(offered);
    if (offered.media !== 'audio') return rejected(offered);
    if (offered.port === 0) {
      reasons.push(`audio stream ${mediaIndex} is disabled (port 0)`);
      return rejected(offered);
    }
    if (offered.protocol.toUpperCase() !== 'RTP/AVP') {
      reasons.push(`audio stream ${mediaIndex} uses ${offered.protocol}, only RTP/AVP is supported`);
      return rejected(offered);
    }
    let chosen: { codec: G711Codec; payloadType: number } | null = null;
    for (const format of offered.formats) {
      const payloadType = Number(format);
      const codec = Number.isInteger(payloadType) ? codecOf(offered, payloadType) : null;
      if (codec && local.codecs.includes(codec)) {
        chosen = { codec, payloadType };
        break;
      }
    }
    if (!chosen) {
      reasons.push(`audio stream ${mediaIndex} offers no codec we support (${local.codecs.join(', ')})`);
      return rejected(offered);
    }
    const eventType = local.telephoneEvents === false ? null : telephoneEventTypeOf(offered);
    const direction = answerDirection[offered.direction ?? offer.direction ?? 'sendrecv'];
    const connection = offered.connection ?? offer.connection;
    const onHold = !connection || connection.address === '0.0.0.0' || connection.address === '::';
    accepted = {
      codec: chosen.codec,
      payloadType: chosen.payloadType,
      telephoneEventPayloadType: eventType,
      remote: onHold ? null : { address: connection.address, port: offered.port },
      direction,
      mediaIndex,
    };
    const rtpmaps = new Map<number, RtpMap>([
      [chosen.payloadType, { encoding: chosen.codec, clockRate: 8000, channels: null }],
    ]);
    const fmtps = new Map<number, string>();
    const formats = [String(chosen.payloadType)];
    if (eventType !== null) {
      formats.push(String(eventType));
      rtpmaps.set(eventType, { encoding: 'telephone-event', clockRate: 8000, channels: null });
      fmtps.set(eventType, offered.fmtps.get(eventType) ?? '0-16');
    }
    return {
      media: 'audio',
      port: local.port,
      protocol: 'RTP/AVP',
      formats,
      connection: null,
      rtpmaps,
      fmtps,
      ptime: 20,
      direction,
      attributes: [],
    };
  });
  if (!accepted) return { answer: null, reason: reasons.join('; ') || 'the offer has no audio stream' };
  const addressType = local.address.includes(':') ? 'IP6' : 'IP4';
  return {
    answer: {
      origin: {
        username: '-',
        sessionId: local.sessionId ?? String(Date.now()),
        sessionVersion: local.sessionVersion ?? '1',
        addressType,
        address: local.address,
      },
      sessionName: 'CallWarden',
      connection: { addressType, address: local.address },
      direction: null,
      attributes: [],
      media,
    },
    audio: accepted,
  };
}

/**
 * An audio offer for a call CallWarden places (the B2BUA's outgoing leg): the given codecs in order of preference
 * with their static payload types, plus telephone-event/101 (events 0–16) unless disabled.
 *
 * @example
 * const offer = createAudioOffer({ codecs: ['PCMU', 'PCMA'], address: '203.0.113.5', port: 20004 });
 * invite.body = buildSdp(offer);
 */
export function createAudioOffer(
  local: LocalMedia & { readonly telephoneEventPayloadType?: number },
): SessionDescription {
  const addressType = local.address.includes(':') ? 'IP6' : 'IP4';
  const eventType = local.telephoneEventPayloadType ?? 101;
  const rtpmaps = new Map<number, RtpMap>();
  const fmtps = new Map<number, string>();
  const formats: string[] = [];
  for (const codec of local.codecs) {
    formats.push(String(g711PayloadType[codec]));
    rtpmaps.set(g711PayloadType[codec], { encoding: codec, clockRate: 8000, channels: null });
  }
  if (local.telephoneEvents !== false) {
    formats.push(String(eventType));
    rtpmaps.set(eventType, { encoding: 'telephone-event', clockRate: 8000, channels: null });
    fmtps.set(eventType, '0-16');
  }
  return {
    origin: {
      username: '-',
      sessionId: local.sessionId ?? String(Date.now()),
      sessionVersion: local.sessionVersion ?? '1',
      addressType,
      address: local.address,
    },
    sessionName: 'CallWarden',
    connection: { addressType, address: local.address },
    direction: null,
    attributes: [],
    media: [
      {
        media: 'audio',
        port: local.port,
        protocol: 'RTP/AVP',
        formats,
        connection: null,
        rtpmaps,
        fmtps,
        ptime: 20,
        direction: 'sendrecv',
        attributes: [],
      },
    ],
  };
}

/**
 * Reads the answer to an offer we made: the first answered codec (which must be one we offered), telephone-event if
 * kept, and where to send. Null and a reason when the answer accepts no usable audio stream.
 *
 * @example
 * const agreed = readAnswer(offer, parsedAnswer);
 * if (agreed.audio === null) return hangUp(agreed.reason);
 */
export function readAnswer(
  offer: SessionDescription,
  answer: SessionDescription,
): { readonly audio: NegotiatedAudio } | { readonly audio: null; readonly reason: string } {
  for (const [mediaIndex, answered] of answer.media.entries()) {
    const offered = offer.media[mediaIndex];
    if (!offered || answered.media !== 'audio' || answered.port === 0) continue;
    const offeredCodecs = new Set(offered.formats.map((format) => codecOf(offered, Number(format))));
    for (const format of answered.formats) {
      const payloadType = Number(format);
      const codec = codecOf(answered, payloadType);
      if (!codec || !offeredCodecs.has(codec)) continue;
      const connection = answered.connection ?? answer.connection;
      const onHold = !connection || connection.address === '0.0.0.0' || connection.address === '::';
      const ourDirection = offered.direction ?? offer.direction ?? 'sendrecv';
      const theirs = answered.direction ?? answer.direction ?? 'sendrecv';
      return {
        audio: {
          codec,
          payloadType,
          telephoneEventPayloadType: telephoneEventTypeOf(answered),
          remote: onHold ? null : { address: connection.address, port: answered.port },
          direction:
            theirs === 'inactive' ? 'inactive' : ourDirection === 'sendrecv' ? answerDirection[theirs] : ourDirection,
          mediaIndex,
        },
      };
    }
  }
  return { audio: null, reason: 'the answer accepts no audio stream with a codec we offered' };
}
