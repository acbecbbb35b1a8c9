/**
 * The live call guard inside real SIP calls, end to end: the CallWarden service (real SQLite store, real detector,
 * real notification dispatcher) between a sipp caller (the network) and a sipp phone (the resident), with the test
 * owning both legs' RTP (`RtpPeer`: it plays what each party says and records everything CallWarden sends to it), a
 * local webhook receiver and a real SMTP server. Speech → text is the scripted test pipeline (real VAD on the audio
 * CallWarden hands it, the words from the fixture transcript: see test/sipp/scripted-speech.ts), so these tests prove
 * the audio path, the guard's actions on the call and their effects — not speech recognition.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { aVoice, bestFrameCorrelation } from '../../../test/sipp/rtp-peer.js';
import {
  fixtureScript,
  fixtureTurns,
  type ScriptedSpeech,
  scriptedSpeech,
} from '../../../test/sipp/scripted-speech.js';
import { aSipService, type SipService, shortPrompts, startTwoLegs } from '../../../test/sipp/service-kit.js';
import { ensureSipp, freeUdpPort } from '../../../test/sipp/sipp.js';
import type { App } from '../../app/create-app.js';
import { type ActionLevel, actionRank } from '../../detection/stages.js';
import { verifySignature } from '../../notifications/signing.js';
import {
  anHttpReceiver,
  anSmtpReceiver,
  eventually,
  type HttpReceiver,
  type SmtpReceiver,
} from '../../notifications/test-receivers.js';
import type { Prompts } from '../media/prompts.js';

const haveSipp = ensureSipp();
const secret = 'guarded-calls-webhook-secret';

describe('the live call guard in SIP calls', { skip: haveSipp ? false : 'sipp (sip-tester) is not installed' }, () => {
  let service: SipService;
  let app: App;
  let prompts: Prompts;
  let speech: ScriptedSpeech;
  let webhook: HttpReceiver;
  let smtp: SmtpReceiver;
  let phonePort: number;

  before(async () => {
    phonePort = await freeUdpPort();
    // Shortened so the suite stays quick; the warning is long enough (1.5 s) for both parties to talk during it.
    prompts = await shortPrompts((name) => (name === 'warning-scam' ? 12_000 : 8000));
    webhook = await anHttpReceiver();
    smtp = await anSmtpReceiver();
    speech = scriptedSpeech({ endSilenceMs: 300 });
    service = await aSipService({
      prefix: 'cw-guarded-',
      config: {
        webhookSecret: secret,
        webhookUrl: `${webhook.url}/operator`,
        smtp: `${smtp.host}:${smtp.port}`,
        smtpFrom: 'CallWarden <alerts@callwarden.test>',
      },
      telephony: {
        prompts,
        timings: { nameMaxMs: 3000, nameSilenceMs: 500, nameNoInputMs: 2000, keyTimeoutMs: 3000 },
      },
      speech,
    });
    app = service.app;
    const grace = await app.ops.addResident({
      number: '01279 555021',
      name: 'Grace Hill',
      phone: `sip:phone@127.0.0.1:${phonePort}`,
      settings: {
        unknownCallers: 'ring',
        guard: { enabled: true, alertEmails: ['carer@example.org'] },
      },
    });
    await app.ops.addContact({ resident: grace, number: '07911 123456', name: 'Daughter' });
    // Hazel has the guard on and unknown callers screened (the default).
    await app.ops.addResident({
      number: '01279 555022',
      name: 'Hazel',
      phone: `sip:phone@127.0.0.1:${phonePort}`,
      settings: { guard: { enabled: true } },
    });
    await service.start();
  });

  after(async () => {
    await app?.stop();
    await webhook?.close();
    await smtp?.close();
  });

  const latestCall = () => service.latestCall();

  /** A ring-through call from `from` to Grace: sipp on both sides, the test's RTP on both legs. */
  async function connectCall(options: {
    from: string;
    to?: string;
    callerScenario: string;
    phoneScenario: string;
    holdMs?: number;
    guarded?: boolean;
  }) {
    const legs = await startTwoLegs(service, {
      from: options.from,
      to: options.to ?? '441279555021',
      phonePort,
      callerScenario: options.callerScenario,
      phoneScenario: options.phoneScenario,
      holdMs: options.holdMs ?? 10_000,
    });
    try {
      legs.phone.connectTo(await service.readPort(legs.phoneFile));
      legs.caller.connectTo(await service.readPort(legs.callerFile));
      const callId = (await latestCall()).callId;
      if (options.guarded !== false) await eventually(() => app.guard.find(callId)?.guarded === true, 5000);
      return { ...legs, callId };
    } catch (error) {
      // Nothing of a call that did not connect may linger into the next test (the phone's SIP port above all).
      await legs.hangUp();
      throw error;
    }
  }

  const level = (callId: string) => {
    const found = app.guard.find(callId);
    return found?.guarded ? found.guard.level : 'closed';
  };

  /** Waits for the guard to reach `wanted` (or beyond); on timeout says where it is and what it heard. */
  async function untilLevel(callId: string, wanted: ActionLevel, ms = 8000): Promise<void> {
    const reached = () => {
      const now = level(callId);
      return now !== 'closed' && actionRank[now] >= actionRank[wanted];
    };
    try {
      await eventually(reached, ms);
    } catch {
      const heard = (speech.heard.get(callId) ?? []).map((u) => `${u.speaker}: ${u.text}`);
      assert.fail(`the guard is at '${level(callId)}', not '${wanted}'; heard ${JSON.stringify(heard)}`);
    }
  }

  test('a courier-fraud call: only the resident hears the warning, the carer is alerted by webhook and email, and the guard ends the call on both legs with a block and a report', async () => {
    speech.script = fixtureScript('fx-police-courier');
    const { caller, phone, callerSipp, phoneSipp, callId, hangUp } = await connectCall({
      from: '442079460011',
      callerScenario: 'uac-caller-with-rtp-is-hung-up.xml',
      phoneScenario: 'uas-phone-with-rtp-is-hung-up.xml',
    });
    try {
      const voice = {
        hello: aVoice(1),
        police: aVoice(2),
        isThatMe: aVoice(3),
        arrested: aVoice(4),
        whatToDo: aVoice(5),
        pinAndCourier: aVoice(6),
      };
      await phone.say(voice.hello);
      await caller.say(voice.police);
      await untilLevel(callId, 'warn');
      // Both talk while the warning plays to the resident: the resident's words still reach the caller, the
      // caller's do not reach the resident (the relay pauses into a leg that is playing a prompt).
      await Promise.all([phone.say(voice.isThatMe), caller.say(voice.arrested)]);
      await untilLevel(callId, 'alert');
      await phone.say(voice.whatToDo);
      await caller.say(voice.pinAndCourier);

      const [callerResult, phoneResult] = await Promise.all([callerSipp.result, phoneSipp.result]);
      assert.equal(callerResult.code, 0, `the caller's leg got BYE: ${callerResult.stdout.slice(-1500)}`);
      assert.equal(phoneResult.code, 0, `the resident's leg got BYE: ${phoneResult.stdout.slice(-1500)}`);
      await eventually(() => app.sip?.activeCalls === 0 && app.sip.activeMediaSessions === 0, 5000);

      const residentHeard = phone.all();
      const callerHeard = caller.all();
      const warning = bestFrameCorrelation(residentHeard, prompts['warning-scam']);
      const ending = bestFrameCorrelation(residentHeard, prompts['ending-call']);
      assert.ok(warning > 0.95, `the resident heard the whole warning (correlation ${warning.toFixed(3)})`);
      assert.ok(ending > 0.95, `the resident heard the ending announcement (correlation ${ending.toFixed(3)})`);
      for (const [name, prompt] of [
        ['warning', prompts['warning-scam']],
        ['ending announcement', prompts['ending-call']],
      ] as const) {
        const leaked = bestFrameCorrelation(callerHeard, prompt);
        assert.ok(leaked < 0.3, `the caller did not hear the ${name} (correlation ${leaked.toFixed(3)})`);
      }
      assert.ok(bestFrameCorrelation(callerHeard, voice.isThatMe) > 0.9, 'the resident was heard during the warning');
      assert.ok(bestFrameCorrelation(residentHeard, voice.police) > 0.9, 'the caller was heard before the warning');
      const overheard = bestFrameCorrelation(residentHeard, voice.arrested);
      assert.ok(overheard < 0.5, `the caller was not heard over the warning (${overheard.toFixed(3)})`);

      // Both legs' audio reached the guard, as turns of the right speaker, and the listener was closed.
      const utterances = speech.heard.get(callId) ?? [];
      const speakers = utterances.map((u) => u.speaker);
      assert.deepEqual(
        [...speakers.slice(0, 2), ...speakers.slice(2, 4).sort(), ...speakers.slice(4)],
        ['callee', 'caller', 'callee', 'caller', 'callee', 'caller'],
      );
      assert.ok(speech.closed.has(callId));
      assert.deepEqual(app.guard.find(callId), { guarded: false, why: 'ended' });

      const record = await latestCall();
      assert.equal(record.callId, callId);
      assert.match(
        record.outcome ?? '',
        /^answered; call guard: listening; call guard: warned the resident \([a-z-]+\).*; ended by the call guard$/,
      );
      const number = record.number ?? assert.fail('the caller has a number');
      const reports = await app.store.reportsForNumber(number);
      const report = reports.find((r) => r.callId === callId);
      assert.ok(report, 'a report linked to the call');
      assert.equal(report.reporter, `resident:${record.residentId}`);
      assert.equal(report.type, 'courier-fraud');
      assert.ok(await app.store.findBlock(number, record.residentId), 'the number is blocked for Grace');

      await eventually(async () => (await app.store.listNotifications({ callId, status: 'sent' })).length === 4, 8000);
      const posts = webhook.received.filter((post) => JSON.parse(post.body).callId === callId);
      assert.deepEqual(posts.map((post) => JSON.parse(post.body).event).sort(), ['call.alert', 'call.ended']);
      for (const post of posts) {
        assert.ok(verifySignature(secret, post.body, post.headers['x-callwarden-signature'] as string));
      }
      const link = `/#/calls/${encodeURIComponent(callId)}\r\n`;
      const mails = smtp.received.filter((mail) => mail.data.replace(/=\r\n/g, '').includes(link));
      assert.equal(mails.length, 2);
      assert.deepEqual(mails[0]?.to, ['carer@example.org']);
      assert.match(mails.map((mail) => mail.data).join('\n'), /Who called: 442079460011 \(\+442079460011\)\r\n/);

      const metrics = await app.metrics.registry.getSingleMetricAsString('callwarden_guard_verdict_seconds');
      const count = Number(/callwarden_guard_verdict_seconds_count (\d+)/.exec(metrics)?.[1]);
      assert.ok(count >= 6, `verdict latency observed per turn (${count})`);
    } finally {
      await hangUp();
    }
  });

  test('a legitimate call is heard but triggers nothing: no warning, no notification, no report, and it ends when the caller hangs up', async () => {
    speech.script = fixtureScript('fx-real-bank');
    const { caller, phone, callerSipp, phoneSipp, callId, hangUp } = await connectCall({
      from: '442079460022',
      callerScenario: 'uac-caller-with-rtp-hangs-up.xml',
      phoneScenario: 'uas-phone-with-rtp-is-hung-up.xml',
    });
    try {
      const turns = fixtureTurns('fx-real-bank');
      for (const [index, turn] of turns.entries()) {
        await (turn.speaker === 'caller' ? caller : phone).say(aVoice(20 + index), 400);
      }
      await eventually(() => (speech.heard.get(callId)?.length ?? 0) >= turns.length, 3000);
      assert.equal(level(callId), 'none');
      const [callerResult, phoneResult] = await Promise.all([callerSipp.result, phoneSipp.result]);
      assert.equal(callerResult.code, 0, callerResult.stdout.slice(-1500));
      assert.equal(phoneResult.code, 0, phoneResult.stdout.slice(-1500));
      await eventually(() => app.sip?.activeCalls === 0 && app.sip.activeMediaSessions === 0, 5000);
      assert.deepEqual(
        speech.heard.get(callId)?.map((u) => u.text),
        turns.map((t) => t.text),
      );
      assert.ok(bestFrameCorrelation(phone.all(), prompts['warning-scam']) < 0.3, 'no warning was played');
      assert.deepEqual(app.guard.find(callId), { guarded: false, why: 'ended' });
      const record = await latestCall();
      assert.equal(record.outcome, 'answered; call guard: listening; caller hung up');
      assert.deepEqual(await app.store.listNotifications({ callId }), []);
      assert.equal((await app.store.reportsForNumber(record.number ?? assert.fail('a number'))).length, 0);
      assert.equal(await app.store.getGuardEvidence(callId), null);
    } finally {
      await hangUp();
    }
  });

  test('a trusted contact is not guarded: nothing listens to the call', async () => {
    const { caller, callerSipp, phoneSipp, callId, hangUp } = await connectCall({
      from: '447911123456',
      callerScenario: 'uac-caller-with-rtp-hangs-up.xml',
      phoneScenario: 'uas-phone-with-rtp-is-hung-up.xml',
      holdMs: 1000,
      guarded: false,
    });
    try {
      await eventually(() => app.guard.find(callId) !== undefined, 3000);
      assert.deepEqual(app.guard.find(callId), { guarded: false, why: 'the caller is a trusted contact' });
      await caller.say(aVoice(40), 300);
      assert.equal((await callerSipp.result).code, 0);
      assert.equal((await phoneSipp.result).code, 0);
      assert.equal(speech.heard.has(callId), false, 'no audio was handed to the speech pipeline');
      assert.equal((await latestCall()).outcome, 'answered; caller hung up');
    } finally {
      await hangUp();
    }
  });

  test('a screened caller the resident accepts with 1 is guarded from the moment they are connected', async () => {
    speech.script = fixtureScript('fx-police-courier');
    const { caller, phone, callerSipp, phoneSipp, callerFile, phoneFile, hangUp } = await startTwoLegs(service, {
      from: '442079460044',
      to: '441279555022',
      phonePort,
      callerScenario: 'uac-caller-with-rtp-hangs-up.xml',
      phoneScenario: 'uas-phone-with-rtp-is-hung-up.xml',
      holdMs: 7000,
    });
    try {
      caller.connectTo(await service.readPort(callerFile));
      const callId = (await latestCall()).callId;
      // "Please say your name after the tone" (shortened), then the name.
      await eventually(() => caller.samples >= prompts['screen-ask-name'].length + prompts.tone.length - 320, 5000);
      await caller.say(aVoice(50), 700);
      phone.connectTo(await service.readPort(phoneFile));
      await eventually(() => phone.samples >= 1600, 5000);
      assert.equal(app.guard.find(callId), undefined, 'not guarded while the resident decides');
      await phone.session.sendDtmf('1');
      await eventually(() => app.guard.find(callId)?.guarded === true, 5000);
      await caller.say(aVoice(51));
      await untilLevel(callId, 'warn');
      assert.equal((await callerSipp.result).code, 0);
      assert.equal((await phoneSipp.result).code, 0);
      await eventually(() => app.guard.find(callId)?.guarded === false, 3000);
      assert.ok(bestFrameCorrelation(phone.all(), prompts['warning-scam']) > 0.95, 'the resident was warned');
      assert.match(
        (await latestCall()).outcome ?? '',
        /screening: the resident accepted \(1\); call guard: listening; call guard: warned the resident.*; caller hung up$/,
      );
    } finally {
      await hangUp();
    }
  });

  test('a broken speech pipeline never drops the call: it goes on, unheard, until the caller hangs up', async () => {
    speech.failing = true;
    try {
      const { caller, phone, callerSipp, phoneSipp, callId, hangUp } = await connectCall({
        from: '442079460055',
        callerScenario: 'uac-caller-with-rtp-hangs-up.xml',
        phoneScenario: 'uas-phone-with-rtp-is-hung-up.xml',
        holdMs: 1500,
      });
      try {
        await caller.say(aVoice(60), 300);
        assert.ok(bestFrameCorrelation(phone.all(), aVoice(60)) > 0.9, 'the resident still hears the caller');
        assert.equal((await callerSipp.result).code, 0);
        assert.equal((await phoneSipp.result).code, 0);
        await eventually(() => app.guard.find(callId)?.guarded === false, 3000);
        assert.match(
          (await latestCall()).outcome ?? '',
          /^answered; call guard: could not listen \(the call goes on\); caller hung up$/,
        );
      } finally {
        await hangUp();
      }
    } finally {
      speech.failing = false;
    }
  });
});
