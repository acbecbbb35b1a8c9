import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { afterEach, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from './g711.js';
import { loadPrompts, type Prompts } from './prompts.js';
import { anRtpPacket, type RtpPacket, serializeRtp } from './rtp-packet.js';
import { type RecordingStop, RtpSession, type RtpSessionOptions } from './rtp-session.js';

const loopback = '127.0.0.1';
let prompts: Prompts;
const open: RtpSession[] = [];

before(async () => {
  prompts = await loadPrompts();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((session) => session.close()));
});

/** Two sessions on loopback; `sender` knows where `receiver` is (as from SDP), the receiver learns the sender. */
async function aPairOfLegs(options: { sender?: RtpSessionOptions; receiver?: RtpSessionOptions } = {}) {
  const receiver = await RtpSession.open({ bindAddress: loopback, ...options.receiver });
  const sender = await RtpSession.open({
    bindAddress: loopback,
    remote: { address: loopback, port: receiver.port },
    ...options.sender,
  });
  open.push(sender, receiver);
  return { sender, receiver };
}

function aTone(ms: number, amplitude = 8000, hz = 440): Int16Array {
  return Int16Array.from({ length: ms * 8 }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / 8000)));
}

/** Offset at which `part` appears in `whole`, or -1. */
function indexOfSamples(whole: Int16Array, part: Int16Array, searchTo: number): number {
  for (let offset = 0; offset <= searchTo && offset + part.length <= whole.length; offset += 1) {
    let same = true;
    for (let i = 0; i < part.length && same; i += 1) same = whole[offset + i] === part[i];
    if (same) return offset;
  }
  return -1;
}

test('a prompt played by one session is recorded sample for sample by the other, at 20 ms pacing', async () => {
  const { sender, receiver } = await aPairOfLegs();
  const prompt = prompts['line-clear'];
  const arrivals: { at: number; packet: RtpPacket }[] = [];
  receiver.on('audio', (_samples, packet) => arrivals.push({ at: performance.now(), packet }));
  const learned = once(receiver, 'remote');
  let stop: RecordingStop | undefined;
  const recording = receiver.record({ maxMs: 10_000, silenceMs: 1000, onStop: (reason) => (stop = reason) });
  const played = await sender.play(prompt);
  const recorded = await recording;

  assert.deepEqual(played, { completed: true, framesSent: Math.ceil(prompt.length / 160) });
  assert.deepEqual((await learned)[0], { address: loopback, port: sender.port });
  assert.equal(stop, 'silence');

  // The prompt was decoded from µ-law, so µ-law transmission reproduces it exactly; only silence is trimmed.
  const sent = new Int16Array(Math.ceil(prompt.length / 160) * 160);
  sent.set(prompt);
  assert.ok(recorded.length >= prompt.length - 1600, `recorded ${recorded.length} of ${prompt.length} samples`);
  assert.notEqual(indexOfSamples(sent, recorded, 1600), -1, 'the recording is a contiguous stretch of the prompt');

  assert.equal(arrivals.length, played.framesSent);
  const meanGap = (arrivals.at(-1)!.at - arrivals[0]!.at) / (arrivals.length - 1);
  assert.ok(arrivals.length >= 50 && Math.abs(meanGap - 20) <= 2, `mean inter-arrival ${meanGap.toFixed(2)} ms`);
  for (const [i, { packet }] of arrivals.entries()) {
    const first = arrivals[0]!.packet;
    assert.equal(packet.ssrc, first.ssrc);
    assert.equal(packet.sequence, (first.sequence + i) & 0xffff);
    assert.equal(packet.timestamp, (first.timestamp + i * 160) >>> 0);
    assert.equal(packet.marker, i === 0);
    assert.equal(packet.payloadType, 0);
  }
});

test('a later play starts a new talkspurt: marker set, timestamp advanced by the time that passed', async () => {
  const { sender, receiver } = await aPairOfLegs();
  const packets: RtpPacket[] = [];
  receiver.on('audio', (_samples, packet) => packets.push(packet));
  await sender.play(aTone(60));
  await sleep(200);
  await sender.play(aTone(60));
  await sleep(40);
  assert.deepEqual(
    packets.map((packet) => packet.marker),
    [true, false, false, true, false, false],
  );
  const jump = (packets[3]!.timestamp - packets[2]!.timestamp) >>> 0;
  // Node's timers may fire a fraction of a millisecond before the clock the session reads says 200 ms have passed.
  assert.ok(jump >= 8 * 195 && jump < 8 * 400, `timestamp advanced ${jump}`);
  assert.equal(packets[3]!.sequence, (packets[2]!.sequence + 1) & 0xffff);
});

test('digits sent as RFC 4733 events are detected exactly once each, repeated keys included', async () => {
  const { sender, receiver } = await aPairOfLegs();
  const digits: string[] = [];
  receiver.on('dtmf', ({ digit }) => digits.push(digit));
  await sender.sendDtmf('19#*00', { durationMs: 60, gapMs: 40 });
  await sleep(60);
  assert.deepEqual(digits, ['1', '9', '#', '*', '0', '0']);
  // Each press: 3 updates (60 ms) and 3 end packets.
  assert.equal(sender.stats.packetsSent, 6 * 6);
});

test('a recording stops after trailing silence, trimmed to the speech, and reports it', async () => {
  const { sender, receiver } = await aPairOfLegs();
  const audio = new Int16Array(8 * 1200);
  audio.set(aTone(400), 8 * 300); // 300 ms silence, 400 ms tone, 500 ms silence
  let stop: RecordingStop | undefined;
  const started = performance.now();
  const recording = receiver.record({ maxMs: 5000, silenceMs: 300, silenceThreshold: 500, onStop: (r) => (stop = r) });
  void sender.play(audio);
  const recorded = await recording;
  const elapsed = performance.now() - started;
  assert.equal(stop, 'silence');
  assert.ok(elapsed < 1500, `stopped after ${elapsed.toFixed(0)} ms`);
  // 200 ms kept either side of the 400 ms of tone.
  assert.ok(Math.abs(recorded.length - 8 * 800) <= 160, `${recorded.length} samples`);
});

test('a recording stops at its maximum length, or when nothing is said at all', async () => {
  const { sender, receiver } = await aPairOfLegs();
  let stop: RecordingStop | undefined;
  const playing = sender.play(aTone(2000));
  const long = await receiver.record({ maxMs: 500, silenceMs: 300, onStop: (r) => (stop = r) });
  assert.equal(stop, 'max-length');
  assert.ok(long.length <= 4000 && long.length >= 3000, `${long.length} samples`);
  sender.stopPlaying();
  assert.equal((await playing).completed, false);

  const quiet = await receiver.record({ maxMs: 2000, noInputMs: 200, onStop: (r) => (stop = r) });
  assert.equal(stop, 'no-input');
  assert.ok(quiet.length < 8 * 400);
});

test('relays audio from a PCMU leg to a PCMA leg, transcoding it', async () => {
  const caller = await aPairOfLegs();
  const callee = await aPairOfLegs({ sender: { codec: 'PCMA' }, receiver: { codec: 'PCMA' } });
  // caller.sender → caller.receiver (the warden's caller leg) → callee.sender (warden's callee leg) → callee.receiver
  const unlink = caller.receiver.relayTo(callee.sender);
  const tone = aTone(600, 12000, 1000);
  const recording = callee.receiver.record({ maxMs: 3000, silenceMs: 300 });
  await caller.sender.play(tone);
  const recorded = await recording;
  unlink();
  const expected = decodeALaw(encodeALaw(decodeMuLaw(encodeMuLaw(tone))));
  assert.equal(recorded.length, expected.length);
  assert.deepEqual(recorded, expected);
  assert.equal(callee.receiver.stats.unknownPayload, 0);
});

test('ignores and counts packets from another address once the remote is learned', async () => {
  const { sender, receiver } = await aPairOfLegs();
  const digits: string[] = [];
  receiver.on('dtmf', ({ digit }) => digits.push(digit));
  await sender.play(aTone(40));
  const intruder = createSocket('udp4');
  const packet = serializeRtp(
    anRtpPacket({ payloadType: 101, sequence: 1, timestamp: 1, ssrc: 7, payload: new Uint8Array([5, 0x80, 0, 160]) }),
  );
  intruder.send(packet, receiver.port, loopback);
  intruder.send(new Uint8Array([1, 2, 3]), receiver.port, loopback);
  await sleep(50);
  intruder.close();
  assert.deepEqual(digits, []);
  assert.equal(receiver.stats.foreign, 1);
  assert.equal(receiver.stats.malformed, 1);
  assert.deepEqual(receiver.remote, { address: loopback, port: sender.port });
});

test('binds even ports inside the configured range and says when the range is full', async () => {
  const range = { min: 29901, max: 29904 };
  const first = await RtpSession.open({ bindAddress: loopback, portRange: range });
  open.push(first);
  assert.ok(first.port === 29902 || first.port === 29904);
  // Another process may hold the other port: the range is full either after one or after two sessions.
  const second = await RtpSession.open({ bindAddress: loopback, portRange: range }).catch((error: Error) => error);
  if (second instanceof RtpSession) {
    open.push(second);
    assert.equal(second.port, first.port === 29902 ? 29904 : 29902);
  }
  await assert.rejects(
    RtpSession.open({ bindAddress: loopback, portRange: range }),
    /no free even UDP port in 29901–29904/,
  );
});

test('close() frees the socket and every timer, ending a play and a recording in progress', async () => {
  const count = () => {
    const resources = process.getActiveResourcesInfo();
    return {
      sockets: resources.filter((r) => r === 'UDPWrap').length,
      timers: resources.filter((r) => r === 'Timeout').length,
    };
  };
  await sleep(10);
  const baseline = count();
  const receiver = await RtpSession.open({ bindAddress: loopback });
  const sender = await RtpSession.open({ bindAddress: loopback, remote: { address: loopback, port: receiver.port } });
  const relay = await RtpSession.open({ bindAddress: loopback });
  receiver.relayTo(relay);
  const playing = sender.play(aTone(5000));
  const queued = sender.play(aTone(100));
  const recording = receiver.record({ maxMs: 5000, silenceMs: 1000 });
  await sleep(100);
  assert.ok(count().sockets >= baseline.sockets + 3);
  assert.ok(count().timers > baseline.timers);

  await Promise.all([sender.close(), receiver.close(), relay.close()]);
  assert.equal((await playing).completed, false);
  assert.deepEqual(await queued, { completed: false, framesSent: 0 });
  assert.ok((await recording).length > 0);
  assert.deepEqual(count(), baseline);
  assert.equal(sender.closed, true);
  await sender.close(); // idempotent
});
