/**
 * Call handling end to end, with audio: the real CallWarden service between sipp peers for signalling, while the test
 * plays and records the RTP itself (each sipp scenario advertises `m=audio [rtpport]`, a port the test's own
 * RtpSession listens on, and writes the port CallWarden put in its SDP to `[portfile]`). Prompts are shortened to
 * 0.3 s and the recording/key limits to about a second so the suite stays quick; the flows are the production ones.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bestCorrelation, RtpPeer } from '../../../test/sipp/rtp-peer.js';
import { aSipService, type SipService, shortPrompts, sleep, waitFor } from '../../../test/sipp/service-kit.js';
import { ensureSipp, freeUdpPort, runSipp, type SippProcess, startSipp } from '../../../test/sipp/sipp.js';
import type { App } from '../../app/create-app.js';
import { loadPrompts, type Prompts } from '../media/prompts.js';
import { readWav } from '../media/wav.js';
import type { CallTimings } from './call-flows.js';
import { voicemailFileName } from './voicemail-box.js';

const haveSipp = ensureSipp();

const timings: Partial<CallTimings> = {
  voicemailMaxMs: 8000,
  voicemailSilenceMs: 700,
  voicemailNoInputMs: 2000,
  nameMaxMs: 3000,
  nameSilenceMs: 500,
  nameNoInputMs: 1200,
  keyTimeoutMs: 1000,
};

/** The test's end of one leg's RTP (in a port range of its own): records everything it hears. */
const aPeer = (codec: 'PCMU' | 'PCMA' = 'PCMU') => RtpPeer.open(codec, { min: 31000, max: 31998 });

const frames = (samples: Int16Array) => Math.ceil(samples.length / 160) * 160;

describe('call handling with CallWarden media', {
  skip: haveSipp ? false : 'sipp (sip-tester) is not installed',
}, () => {
  let app: App;
  let sip: string;
  let phonePort: number;
  /** The phone that ignores BYE has a line of its own: CallWarden's BYE retransmissions must not reach other tests. */
  let deafPhonePort: number;
  let service: SipService;
  let dataDir: string;
  let prompts: Prompts;
  let speech: Int16Array;
  let otherSpeech: Int16Array;
  const residents = { screened: 0, voicemail: 0, announce: 0 };
  const portFile = () => service.file();
  const readPort = (file: string) => service.readPort(file);

  before(async () => {
    phonePort = await freeUdpPort();
    deafPhonePort = await freeUdpPort();
    prompts = await shortPrompts(2400);
    const real = await loadPrompts();
    speech = real['line-clear'].slice(0, 8000); // one second of speech: the caller's name or message
    otherSpeech = real['warning-scam'].slice(0, 4000);
    service = await aSipService({ prefix: 'cw-media-', telephony: { prompts, timings } });
    ({ app, dataDir } = service);
    const phone = `sip:phone@127.0.0.1:${phonePort}`;
    const sam = await app.ops.addResident({ number: '01279 555005', name: 'Sam', phone });
    await app.ops.addContact({ resident: sam, number: '07911 123456', name: 'Sarah' });
    residents.screened = sam.id;
    residents.voicemail = (
      await app.ops.addResident({
        number: '01279 555006',
        name: 'Vera',
        phone,
        settings: { unknownCallers: 'voicemail' },
      })
    ).id;
    residents.announce = (
      await app.ops.addResident({
        number: '01279 555007',
        name: 'Alan',
        phone,
        settings: { blockResponse: 'announce' },
      })
    ).id;
    const ivy = await app.ops.addResident({
      number: '01279 555008',
      name: 'Ivy',
      phone: `sip:phone@127.0.0.1:${deafPhonePort}`,
    });
    await app.ops.addContact({ resident: ivy, number: '07911 123456', name: 'Sarah' });
    await app.ops.addBlock({ number: '07922 000222', reason: 'courier fraud caller', source: 'admin' });
    await service.start();
    sip = service.sip;
  });

  after(async () => {
    await app?.stop();
  });

  const lastCall = () => service.latestCall();

  /** Every call leaves nothing behind: no call state and no RTP socket. */
  const assertAllClear = () => service.allClear();

  const outcomeMatching = (pattern: RegExp) => service.outcome(pattern);

  const caller = async (scenario: string, options: { from: string; to: string; rtpport: number; portfile?: string }) =>
    startSipp({
      scenario,
      target: sip,
      port: await freeUdpPort(),
      mediaPort: 0,
      holdMs: 300,
      keys: {
        from: options.from,
        to: options.to,
        rtpport: String(options.rtpport),
        portfile: options.portfile ?? portFile(),
        codecs: '0 8 101',
      },
    });

  test('anchors ring-through media: a PCMA caller and a PCMU phone hear each other through CallWarden, and both sessions close on hang-up', async () => {
    const callerRtp = await aPeer('PCMA');
    const phoneRtp = await aPeer('PCMU');
    const callerFile = portFile();
    const phoneFile = portFile();
    try {
      const phone = startSipp({
        scenario: 'uas-phone-with-rtp-is-hung-up.xml',
        port: phonePort,
        mediaPort: 0,
        keys: { rtpport: String(phoneRtp.session.port), portfile: phoneFile },
      });
      await sleep(300);
      const call = startSipp({
        scenario: 'uac-caller-with-rtp-hangs-up.xml',
        target: sip,
        port: await freeUdpPort(),
        mediaPort: 0,
        holdMs: 2500,
        keys: { to: '441279555005', rtpport: String(callerRtp.session.port), portfile: callerFile, codecs: '8 101' },
      });
      const ourCallerPort = await readPort(callerFile);
      const ourPhonePort = await readPort(phoneFile);
      assert.notEqual(
        ourPhonePort,
        callerRtp.session.port,
        "the phone is offered CallWarden's media, not the caller's",
      );
      assert.notEqual(ourCallerPort, phoneRtp.session.port, "the caller is answered with CallWarden's media");
      callerRtp.session.configure({
        codec: 'PCMA',
        payloadType: 8,
        telephoneEventPayloadType: 101,
        remote: { address: '127.0.0.1', port: ourCallerPort },
      });
      phoneRtp.session.configure({
        codec: 'PCMU',
        payloadType: 0,
        telephoneEventPayloadType: 101,
        remote: { address: '127.0.0.1', port: ourPhonePort },
      });
      await callerRtp.session.play(speech.subarray(0, 4000));
      await phoneRtp.untilQuiet(3200, 100);
      assert.ok(bestCorrelation(phoneRtp.all(), speech.subarray(400, 3600)) > 0.95, 'the phone hears the caller');
      await phoneRtp.session.play(otherSpeech);
      await callerRtp.untilQuiet(3200, 100);
      assert.ok(bestCorrelation(callerRtp.all(), otherSpeech.subarray(400, 3600)) > 0.95, 'the caller hears the phone');
      const [callerResult, phoneResult] = await Promise.all([call.result, phone.result]);
      assert.equal(callerResult.code, 0, `caller: ${callerResult.stdout.slice(-1500)}`);
      assert.equal(phoneResult.code, 0, `phone: ${phoneResult.stdout.slice(-1500)}`);
      await assertAllClear();
      assert.equal((await lastCall()).outcome, 'answered; caller hung up');
    } finally {
      await Promise.all([callerRtp.close(), phoneRtp.close()]);
    }
  });

  test('tears down both legs and both media sessions at once even when the phone ignores BYE and keeps sending RTP', async () => {
    const callerRtp = await aPeer();
    const phoneRtp = await aPeer();
    const phoneFile = portFile();
    try {
      const phone = startSipp({
        scenario: 'uas-phone-with-rtp-ignores-bye.xml',
        port: deafPhonePort,
        mediaPort: 0,
        keys: { rtpport: String(phoneRtp.session.port), portfile: phoneFile },
      });
      await sleep(300);
      const call = startSipp({
        scenario: 'uac-caller-with-rtp-hangs-up.xml',
        target: sip,
        port: await freeUdpPort(),
        mediaPort: 0,
        holdMs: 600,
        keys: { to: '441279555008', rtpport: String(callerRtp.session.port), portfile: portFile(), codecs: '0 101' },
      });
      phoneRtp.session.configure({
        codec: 'PCMU',
        payloadType: 0,
        telephoneEventPayloadType: 101,
        remote: { address: '127.0.0.1', port: await readPort(phoneFile) },
      });
      const streaming = phoneRtp.session.play(new Int16Array(8000 * 3).fill(3000)); // 3 s, past the hang-up
      const [callerResult, phoneResult] = await Promise.all([call.result, phone.result]);
      assert.equal(callerResult.code, 0, `caller: ${callerResult.stdout.slice(-1500)}`);
      assert.equal(phoneResult.code, 0, `phone: ${phoneResult.stdout.slice(-1500)}`);
      await assertAllClear();
      assert.ok(phoneRtp.session.stats.packetsSent > 0);
      phoneRtp.session.stopPlaying();
      await streaming;
      assert.equal(app.sip?.activeMediaSessions, 0);
      assert.equal((await lastCall()).outcome, 'answered; caller hung up');
    } finally {
      await Promise.all([callerRtp.close(), phoneRtp.close()]);
    }
  });

  test('answers 488 Not Acceptable Here to a caller with no codec in common, and the phone never rings', async () => {
    const result = await runSipp({
      scenario: 'uac-expect-488.xml',
      target: sip,
      port: await freeUdpPort(),
      mediaPort: 16300,
      keys: { to: '441279555005' },
    });
    assert.equal(result.code, 0, result.stdout.slice(-800));
    assert.match((await lastCall()).outcome ?? '', /488/);
  });

  test('voicemail: greeting and tone, records the message until silence, saves it as WAV, hangs up and lists it over HTTP', async () => {
    const callerRtp = await aPeer();
    try {
      const call = await caller('uac-caller-with-rtp-is-hung-up.xml', {
        from: '442079460021',
        to: '441279555006',
        rtpport: callerRtp.session.port,
      });
      await callerRtp.untilQuiet(frames(prompts['voicemail-greeting']) + frames(prompts.tone), 60);
      await callerRtp.session.play(speech);
      const result = await call.result;
      assert.equal(result.code, 0, `caller: ${result.stdout.slice(-1500)}`);
      await assertAllClear();
      const outcome = await outcomeMatching(/voicemail: message recorded \(\d\.\d s\)/);
      assert.match(outcome, /hung up after the message/);
      const { callId, residentId } = await lastCall();
      assert.equal(residentId, residents.voicemail);
      const file = join(dataDir, 'voicemail', voicemailFileName(callId));
      const wav = readWav(readFileSync(file));
      assert.ok(wav.ok, 'a readable WAV');
      assert.ok(
        wav.wav.samples.length >= speech.length && wav.wav.samples.length < speech.length + 8000,
        `${wav.wav.samples.length} samples`,
      );
      assert.ok(bestCorrelation(wav.wav.samples, speech.subarray(800, 7200)) > 0.98, 'the message is what was said');

      const admin = (await app.store.createToken({ name: 'admin', role: 'admin', residentIds: [] })).secret;
      const carer = (
        await app.store.createToken({ name: "Sam's son", role: 'carer', residentIds: [residents.screened] })
      ).secret;
      const headers = (secret: string) => ({ authorization: `Bearer ${secret}` });
      const listed = await app.http.inject({
        url: `/api/residents/${residents.voicemail}/voicemails`,
        headers: headers(admin),
      });
      assert.equal(listed.statusCode, 200, listed.body);
      const [message] = JSON.parse(listed.body);
      assert.equal(message.callId, callId);
      assert.equal(message.caller.includes('442079460021'), true);
      assert.ok(message.durationMs > 900 && message.durationMs < 2000, `${message.durationMs} ms`);
      const audio = await app.http.inject({ url: message.audio, headers: headers(admin) });
      assert.equal(audio.statusCode, 200);
      assert.equal(audio.headers['content-type'], 'audio/wav');
      assert.deepEqual(audio.rawPayload, readFileSync(file));
      const refused = await app.http.inject({
        url: `/api/residents/${residents.voicemail}/voicemails`,
        headers: headers(carer),
      });
      assert.equal(refused.statusCode, 403);
      assert.equal((await app.http.inject({ url: message.audio, headers: headers(carer) })).statusCode, 403);
    } finally {
      await callerRtp.close();
    }
  });

  test('voicemail: a caller who hangs up while speaking ends the recording, and what they said is kept', async () => {
    const callerRtp = await aPeer();
    try {
      const call = startSipp({
        scenario: 'uac-caller-with-rtp-hangs-up.xml',
        target: sip,
        port: await freeUdpPort(),
        mediaPort: 0,
        holdMs: 1500,
        keys: {
          from: '442079460023',
          to: '441279555006',
          rtpport: String(callerRtp.session.port),
          portfile: portFile(),
          codecs: '0 101',
        },
      });
      await callerRtp.untilQuiet(frames(prompts['voicemail-greeting']) + frames(prompts.tone), 60);
      const speaking = callerRtp.session.play(new Int16Array(8000 * 3).map((_, i) => 6000 * Math.sin(i / 3)));
      const result = await call.result;
      callerRtp.session.stopPlaying();
      await speaking;
      assert.equal(result.code, 0, `caller: ${result.stdout.slice(-1500)}`);
      await assertAllClear();
      await outcomeMatching(/caller hung up; voicemail: message recorded \(\d\.\d s\)/);
      assert.ok(existsSync(join(dataDir, 'voicemail', voicemailFileName((await lastCall()).callId))));
    } finally {
      await callerRtp.close();
    }
  });

  test('voicemail: a caller who says nothing leaves no message and is hung up on', async () => {
    const callerRtp = await aPeer();
    try {
      const call = await caller('uac-caller-with-rtp-is-hung-up.xml', {
        from: '442079460022',
        to: '441279555006',
        rtpport: callerRtp.session.port,
      });
      const result = await call.result;
      assert.equal(result.code, 0, `caller: ${result.stdout.slice(-1500)}`);
      await assertAllClear();
      await outcomeMatching(/voicemail: no message left/);
      assert.equal(existsSync(join(dataDir, 'voicemail', voicemailFileName((await lastCall()).callId))), false);
    } finally {
      await callerRtp.close();
    }
  });

  test('blocks with an announcement when the resident chose announce: answer, blocked-announcement, BYE', async () => {
    const callerRtp = await aPeer();
    try {
      const call = await caller('uac-caller-with-rtp-is-hung-up.xml', {
        from: '447922000222',
        to: '441279555007',
        rtpport: callerRtp.session.port,
      });
      const result = await call.result;
      assert.equal(result.code, 0, `caller: ${result.stdout.slice(-1500)}`);
      await assertAllClear();
      assert.ok(callerRtp.samples >= prompts['blocked-announcement'].length - 320, 'the caller heard the announcement');
      const logged = await lastCall();
      assert.equal(logged.action, 'block');
      assert.equal(logged.outcome, 'blocked: announcement played');
    } finally {
      await callerRtp.close();
    }
  });

  /** A screened call up to the resident's choice: the caller says their name, the phone answers and hears it. */
  async function screenedCall(options: {
    from: string;
    phoneScenario: string;
    phoneHoldMs?: number;
    /** Wait for the whole "Call from: <name>, choices" sequence before acting. */
    listen?: boolean;
  }) {
    const callerRtp = await aPeer();
    const phoneRtp = await aPeer();
    const close = async () => {
      phone.stop();
      call?.stop();
      await Promise.all([callerRtp.close(), phoneRtp.close()]);
    };
    let call: SippProcess | undefined;
    const phone = startSipp({
      scenario: options.phoneScenario,
      port: phonePort,
      mediaPort: 0,
      holdMs: options.phoneHoldMs ?? 300,
      keys: { rtpport: String(phoneRtp.session.port), portfile: portFile() },
    });
    await sleep(300);
    call = await caller('uac-caller-with-rtp-is-hung-up.xml', {
      from: options.from,
      to: '441279555005',
      rtpport: callerRtp.session.port,
    });
    const callerSipp = call;
    await callerRtp.untilQuiet(frames(prompts['screen-ask-name']) + frames(prompts.tone), 60);
    await callerRtp.session.play(speech);
    if (options.listen) await phoneRtp.untilQuiet(frames(prompts['screen-call-from']) + speech.length, 200);
    else await waitFor('the phone to hear CallWarden', () => phoneRtp.samples > 0);
    const done = async () => {
      const [callerResult, phoneResult] = await Promise.all([callerSipp.result, phone.result]);
      assert.equal(callerResult.code, 0, `caller: ${callerResult.stdout.slice(-1500)}`);
      assert.equal(phoneResult.code, 0, `phone: ${phoneResult.stdout.slice(-1500)}`);
      await assertAllClear();
    };
    return { callerRtp, phoneRtp, done, close };
  }

  test('screening, key 1: the resident hears "call from" and the name, accepts, and the two are connected both ways', async () => {
    const screened = await screenedCall({
      from: '442079460031',
      phoneScenario: 'uas-phone-with-rtp-hangs-up.xml',
      phoneHoldMs: 4000,
      listen: true,
    });
    try {
      const { callerRtp, phoneRtp } = screened;
      assert.ok(
        bestCorrelation(phoneRtp.all(), speech.subarray(800, 7200)) > 0.98,
        "the resident hears the caller's name",
      );
      await phoneRtp.session.sendDtmf('1');
      await sleep(100);
      const before = { caller: callerRtp.samples, phone: phoneRtp.samples };
      await callerRtp.session.play(otherSpeech);
      await waitFor('the phone to hear the caller', () => phoneRtp.samples >= before.phone + 3200);
      await phoneRtp.session.play(otherSpeech);
      await waitFor('the caller to hear the phone', () => callerRtp.samples >= before.caller + 3200);
      assert.ok(bestCorrelation(callerRtp.all().subarray(before.caller), otherSpeech.subarray(400, 3600)) > 0.95);
      await screened.done();
      const outcome = await outcomeMatching(/resident hung up/);
      assert.match(outcome, /screening: caller gave a name .*screening: the resident accepted \(1\)/);
    } finally {
      await screened.close();
    }
  });

  test('screening, key 2: rejected; both legs get BYE', async () => {
    const screened = await screenedCall({ from: '442079460032', phoneScenario: 'uas-phone-with-rtp-is-hung-up.xml' });
    try {
      await screened.phoneRtp.session.sendDtmf('2');
      await screened.done();
      await outcomeMatching(/the resident rejected the call \(2\).*CallWarden hung up on the caller/);
    } finally {
      await screened.close();
    }
  });

  test('screening, key 3: rejected and a scam report is filed for the caller, linked to the call', async () => {
    const screened = await screenedCall({ from: '442079460033', phoneScenario: 'uas-phone-with-rtp-is-hung-up.xml' });
    try {
      await screened.phoneRtp.session.sendDtmf('3');
      await screened.done();
      await outcomeMatching(/reported a scam \(3\).*scam report filed/);
      const { callId } = await lastCall();
      const reports = await app.store.reportsForNumber('+442079460033' as never);
      assert.equal(reports.length, 1);
      assert.equal(reports[0]?.callId, callId);
      assert.equal(reports[0]?.reporterKind, 'verified-resident');
      assert.equal(reports[0]?.residentId, residents.screened);
    } finally {
      await screened.close();
    }
  });

  test('screening, key 9: connected and the caller becomes a trusted contact', async () => {
    const screened = await screenedCall({
      from: '442079460039',
      phoneScenario: 'uas-phone-with-rtp-hangs-up.xml',
      phoneHoldMs: 1500,
    });
    try {
      await screened.phoneRtp.session.sendDtmf('9');
      await screened.done();
      await outcomeMatching(/added to trusted contacts \(9\).*always allows this caller \(9\).*resident hung up/);
      const contacts = await app.store.listContacts(residents.screened);
      assert.ok(contacts.some((contact) => contact.number === '+442079460039'));
    } finally {
      await screened.close();
    }
  });

  test('screening: no key from the resident in time is a rejection', async () => {
    const screened = await screenedCall({ from: '442079460034', phoneScenario: 'uas-phone-with-rtp-is-hung-up.xml' });
    try {
      await screened.done();
      await outcomeMatching(/no key from the resident; rejected/);
    } finally {
      await screened.close();
    }
  });

  for (const [label, scenario, pattern] of [
    ['a caller who says nothing', 'uac-caller-with-rtp-is-hung-up.xml', /the caller said nothing; not put through/],
    ['a caller who hangs up while asked for a name', 'uac-caller-with-rtp-hangs-up.xml', /caller hung up/],
  ] as const) {
    test(`screening: ${label} never reaches the resident`, async () => {
      const phone = createSocket('udp4');
      let phoneSaw = 0;
      phone.on('message', () => {
        phoneSaw += 1;
      });
      await new Promise<void>((resolve) => phone.bind(phonePort, '127.0.0.1', resolve));
      const callerRtp = await aPeer();
      try {
        const result = await (
          await caller(scenario, {
            from: '442079460035',
            to: '441279555005',
            rtpport: callerRtp.session.port,
          })
        ).result;
        assert.equal(result.code, 0, `caller: ${result.stdout.slice(-1500)}`);
        await assertAllClear();
        await outcomeMatching(pattern);
        assert.equal(phoneSaw, 0);
      } finally {
        await callerRtp.close();
        await new Promise<void>((resolve) => phone.close(() => resolve()));
      }
    });
  }
});
