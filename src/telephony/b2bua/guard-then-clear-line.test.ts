/**
 * The clear line after a call the live guard ended, end to end: a courier-fraud call to Grace is heard (scripted
 * speech over the real audio path, as in guarded-calls.test.ts) and ended by the guard; Grace's next call, to 101,
 * is answered by CallWarden with the line-clear announcement (recorded by the test on her leg) before the trunk is
 * INVITEd on a fresh dialog.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { aVoice, bestFrameCorrelation, RtpPeer } from '../../../test/sipp/rtp-peer.js';
import { fixtureScript, type ScriptedSpeech, scriptedSpeech } from '../../../test/sipp/scripted-speech.js';
import { aSipService, callOut, type SipService, shortPrompts, startTwoLegs } from '../../../test/sipp/service-kit.js';
import { ensureSipp, freeUdpPort } from '../../../test/sipp/sipp.js';
import type { App } from '../../app/create-app.js';
import { eventually } from '../../notifications/test-receivers.js';
import type { Prompts } from '../media/prompts.js';

const haveSipp = ensureSipp();

describe('the clear line after a call the guard ended', {
  skip: haveSipp ? false : 'sipp (sip-tester) is not installed',
}, () => {
  let service: SipService;
  let app: App;
  let prompts: Prompts;
  let speech: ScriptedSpeech;
  let phonePort: number;
  let trunkPort: number;
  const readPort = (path: string) => service.readPort(path);

  before(async () => {
    [phonePort, trunkPort] = [await freeUdpPort(), await freeUdpPort()];
    prompts = await shortPrompts(8000);
    speech = scriptedSpeech({ endSilenceMs: 300 });
    service = await aSipService({
      prefix: 'cw-guard-clear-',
      config: { trunk: `127.0.0.1:${trunkPort}` },
      telephony: { prompts },
      speech,
    });
    app = service.app;
    await app.ops.addResident({
      number: '01279 555021',
      name: 'Grace Hill',
      phone: `sip:phone@127.0.0.1:${phonePort}`,
      settings: { unknownCallers: 'ring', guard: { enabled: true } },
    });
    await service.start();
  });

  after(async () => {
    await app?.stop();
  });

  const latestCall = () => service.latestCall();

  test('after the guard ends a courier-fraud call, the resident’s call to 101 is preceded by the line-clear announcement on a fresh leg', async () => {
    // 1. The fraud call, ended by the guard.
    speech.script = fixtureScript('fx-police-courier');
    const { caller, phone, callerSipp, phoneSipp, callerFile, phoneFile, hangUp } = await startTwoLegs(service, {
      from: '442079460011',
      to: '441279555021',
      phonePort,
      callerScenario: 'uac-caller-with-rtp-is-hung-up.xml',
      phoneScenario: 'uas-phone-with-rtp-is-hung-up.xml',
      holdMs: 10_000,
    });
    let fraudCallId = '';
    try {
      phone.connectTo(await readPort(phoneFile));
      caller.connectTo(await readPort(callerFile));
      fraudCallId = (await latestCall()).callId;
      await eventually(() => app.guard.find(fraudCallId)?.guarded === true, 5000);
      for (const [who, seed] of [
        [phone, 1],
        [caller, 2],
        [phone, 3],
        [caller, 4],
        [phone, 5],
        [caller, 6],
      ] as const) {
        if (app.sip?.activeCalls === 0) break;
        await who.say(aVoice(seed));
      }
      const [callerResult, phoneResult] = await Promise.all([callerSipp.result, phoneSipp.result]);
      assert.equal(callerResult.code, 0, `the caller's leg got BYE: ${callerResult.stdout.slice(-1500)}`);
      assert.equal(phoneResult.code, 0, `the resident's leg got BYE: ${phoneResult.stdout.slice(-1500)}`);
    } finally {
      await hangUp();
    }
    assert.match((await latestCall()).outcome ?? '', /; ended by the call guard$/);
    await eventually(() => app.sip?.activeCalls === 0 && app.sip.activeMediaSessions === 0, 5000);

    // 2. Grace calls 101 from her phone.
    const resident = await RtpPeer.open();
    const {
      trunk,
      phone: outgoing,
      dialogFile,
      portfile: portFile,
    } = await callOut(service, { trunkPort, port: phonePort, from: '441279555021', to: '101', rtp: resident });
    try {
      resident.connectTo(await readPort(portFile));
      await eventually(() => existsSync(dialogFile), 8000);
      const heardBeforeTrunk = resident.samples;
      const prompt = prompts['line-clear'];
      assert.ok(
        heardBeforeTrunk >= prompt.length - 480,
        `the announcement played before the trunk was INVITEd (${heardBeforeTrunk} samples)`,
      );
      const [outgoingResult, trunkResult] = await Promise.all([outgoing.result, trunk.result]);
      assert.equal(outgoingResult.code, 0, `resident's phone: ${outgoingResult.stdout.slice(-1500)}`);
      assert.equal(trunkResult.code, 0, `trunk: ${trunkResult.stdout.slice(-1500)}`);
      const correlation = bestFrameCorrelation(resident.all(), prompt);
      assert.ok(correlation > 0.95, `the resident heard line-clear (correlation ${correlation.toFixed(3)})`);
      const [trunkCallId, ruri, from] = readFileSync(dialogFile, 'utf8').trim().split(' ');
      const record = await latestCall();
      assert.equal(record.outcome, 'outgoing to 101: clear-line announced, fresh leg; answered; resident hung up');
      assert.notEqual(trunkCallId, record.callId, 'the trunk sees a new dialog');
      assert.notEqual(trunkCallId, fraudCallId);
      assert.equal(ruri, `sip:101@127.0.0.1:${trunkPort}`);
      assert.equal(from, 'sip:+441279555021@127.0.0.1');
      await eventually(() => app.sip?.activeCalls === 0 && app.sip.activeMediaSessions === 0, 5000);
    } finally {
      outgoing.stop();
      trunk.stop();
      await resident.close();
    }
  });
});
