import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSdp, createAudioOffer, negotiateAnswer, parseSdp, readAnswer, type SessionDescription } from './sdp.js';

/** A typical offer from a SIP trunk: PCMA preferred, PCMU, G.729 and telephone-event on a dynamic type. */
function anOffer(overrides: { media?: string; direction?: string; connection?: string; extra?: string } = {}): string {
  return [
    'v=0',
    'o=carrier 1234 5678 IN IP4 198.51.100.7',
    's=call',
    `c=IN IP4 ${overrides.connection ?? '198.51.100.7'}`,
    't=0 0',
    overrides.media ?? 'm=audio 40000 RTP/AVP 8 0 18 96',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:18 G729/8000',
    'a=fmtp:18 annexb=no',
    'a=rtpmap:96 telephone-event/8000',
    'a=fmtp:96 0-15',
    'a=ptime:20',
    ...(overrides.extra ? [overrides.extra] : []),
    `a=${overrides.direction ?? 'sendrecv'}`,
    '',
  ].join('\r\n');
}

function parsed(text: string): SessionDescription {
  const result = parseSdp(text);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.sdp;
}

const local = { codecs: ['PCMU', 'PCMA'], address: '203.0.113.5', port: 20002, sessionId: '42' } as const;

test('parses connection, port, payload types with rtpmap and fmtp, ptime and direction', () => {
  const sdp = parsed(anOffer({ extra: 'a=maxptime:40' }));
  assert.deepEqual(sdp.connection, { addressType: 'IP4', address: '198.51.100.7' });
  assert.equal(sdp.origin.sessionId, '1234');
  const audio = sdp.media[0]!;
  assert.equal(audio.port, 40000);
  assert.deepEqual(audio.formats, ['8', '0', '18', '96']);
  assert.deepEqual(audio.rtpmaps.get(96), { encoding: 'telephone-event', clockRate: 8000, channels: null });
  assert.equal(audio.fmtps.get(96), '0-15');
  assert.equal(audio.ptime, 20);
  assert.equal(audio.direction, 'sendrecv');
  assert.deepEqual(audio.attributes, [{ name: 'maxptime', value: '40' }]);
});

test('accepts bare LF line endings and rejects what is not SDP', () => {
  assert.equal(parseSdp(anOffer().replaceAll('\r\n', '\n')).ok, true);
  assert.deepEqual(parseSdp('INVITE sip:x SIP/2.0'), { ok: false, reason: 'SDP must start with v=0' });
  assert.equal(parseSdp('v=0\r\ns=-\r\n').ok, false);
  assert.equal(parseSdp(anOffer({ media: 'm=audio port RTP/AVP 0' })).ok, false);
  assert.equal(parseSdp(anOffer({ connection: '' }).replace('c=IN IP4 \r\n', 'c=IN\r\n')).ok, false);
});

test('answers with the first offered codec we support, keeping telephone-event on the offered payload type', () => {
  const result = negotiateAnswer(parsed(anOffer()), local);
  assert.ok(result.answer);
  assert.deepEqual(result.audio, {
    codec: 'PCMA',
    payloadType: 8,
    telephoneEventPayloadType: 96,
    remote: { address: '198.51.100.7', port: 40000 },
    direction: 'sendrecv',
    mediaIndex: 0,
  });
  assert.equal(
    buildSdp(result.answer),
    [
      'v=0',
      'o=- 42 1 IN IP4 203.0.113.5',
      's=CallWarden',
      'c=IN IP4 203.0.113.5',
      't=0 0',
      'm=audio 20002 RTP/AVP 8 96',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:96 telephone-event/8000',
      'a=fmtp:96 0-15',
      'a=ptime:20',
      'a=sendrecv',
      '',
    ].join('\r\n'),
  );
});

test('finds static payload types without rtpmap and answers without telephone-event when none is offered', () => {
  const offer =
    'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18 0\r\n';
  const result = negotiateAnswer(parsed(offer), local);
  assert.ok(result.answer);
  assert.equal(result.audio.codec, 'PCMU');
  assert.equal(result.audio.telephoneEventPayloadType, null);
  assert.deepEqual(result.answer.media[0]?.formats, ['0']);
});

test('rejects an offer with no common codec, with a reason for the 488', () => {
  const offer = parsed(anOffer({ media: 'm=audio 40000 RTP/AVP 18 96' }));
  const result = negotiateAnswer(offer, local);
  assert.equal(result.answer, null);
  assert.match(result.answer === null ? result.reason : '', /no codec we support/);
  assert.equal(negotiateAnswer(parsed(anOffer()), { ...local, codecs: ['PCMU'] }).answer?.media[0]?.formats[0], '0');
});

test('rejects secure RTP and disabled streams, and declines extra streams with port 0', () => {
  assert.equal(negotiateAnswer(parsed(anOffer({ media: 'm=audio 40000 RTP/SAVP 0' })), local).answer, null);
  assert.equal(negotiateAnswer(parsed(anOffer({ media: 'm=audio 0 RTP/AVP 0' })), local).answer, null);
  const withVideo = `${anOffer()}m=video 40002 RTP/AVP 99\r\na=rtpmap:99 H264/90000\r\nm=audio 40004 RTP/AVP 0\r\n`;
  const result = negotiateAnswer(parsed(withVideo), local);
  assert.ok(result.answer);
  assert.deepEqual(
    result.answer.media.map((media) => [media.media, media.port]),
    [
      ['audio', 20002],
      ['video', 0],
      ['audio', 0],
    ],
  );
  assert.match(buildSdp(result.answer), /m=video 0 RTP\/AVP 99\r\n/);
});

test('mirrors the offered direction and recognises hold', () => {
  const cases = [
    ['sendonly', 'recvonly'],
    ['recvonly', 'sendonly'],
    ['inactive', 'inactive'],
  ] as const;
  for (const [offered, answered] of cases) {
    const result = negotiateAnswer(parsed(anOffer({ direction: offered })), local);
    assert.equal(result.answer?.media[0]?.direction, answered);
  }
  const held = negotiateAnswer(parsed(anOffer({ connection: '0.0.0.0' })), local);
  assert.equal(held.answer ? held.audio.remote : 'rejected', null);
});

test('builds an offer that parses back, and reads the callee answer to it', () => {
  const offer = createAudioOffer({ ...local, port: 20004 });
  const text = buildSdp(offer);
  assert.match(text, /m=audio 20004 RTP\/AVP 0 8 101\r\n/);
  assert.match(text, /a=fmtp:101 0-16\r\n/);
  const reparsed = parsed(text);
  assert.deepEqual(reparsed.media[0]?.formats, ['0', '8', '101']);
  const answer = negotiateAnswer(reparsed, { codecs: ['PCMA'], address: '192.0.2.20', port: 5004 });
  assert.ok(answer.answer);
  const agreed = readAnswer(offer, parsed(buildSdp(answer.answer)));
  assert.ok(agreed.audio);
  assert.equal(agreed.audio.codec, 'PCMA');
  assert.equal(agreed.audio.telephoneEventPayloadType, 101);
  assert.deepEqual(agreed.audio.remote, { address: '192.0.2.20', port: 5004 });
  const declined = parsed(buildSdp({ ...answer.answer, media: [{ ...answer.answer.media[0]!, port: 0 }] }));
  assert.equal(readAnswer(offer, declined).audio, null);
});
