/**
 * The clear line after a call the live guard ended, end to end: a courier-fraud call to Grace is heard (scripted
 * speech over the real audio path, as in guarded-calls.test.ts) and ended by the guard; Grace's next call, to 101,
 * is answered by CallWarden with the line-clear announcement (recorded by the test on her leg) before the trunk is
 * INVITEd on a fresh dialog.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { aVoice, bestFrameCorrelation, RtpPeer } from '../../../test/sipp/rtp-peer.js';
import { type ScriptedSpeech, scriptedSpeech } from '../../../test/sipp/scripted-speech.js';
import { ensureSipp, freeUdpPort, startSipp } from '../../../test/sipp/sipp.js';
import { type App, createApp } from '../../app/create-app.js';
import { loadConfig } from '../../config/config.js';
import type { Speaker } from '../../detection/stages.js';
import { eventually } from '../../notifications/test-receivers.js';
import { loadPrompts, type PromptName, type Prompts, promptNames } from '../media/prompts.js';

const haveSipp = ensureSipp();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fixture call's turns as a recogniser would give them: lower case, no punctuation. */
function scriptOf(id: string): Record<Speaker, string[]> {
  const calls = readFileSync(new URL('../../../test/fixtures/detector/calls.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; turns: { speaker: Speaker; text: string }[] });
  const turns = calls.find((call) => call.id === id)?.turns ?? assert.fail(`no fixture ${id}`);
  const words = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9' ]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return {
    caller: turns.filter((t) => t.speaker === 'caller').map((t) => words(t.text)),
    callee: turns.filter((t) => t.speaker === 'callee').map((t) => words(t.text)),
  };
}

describe('the clear line after a call the guard ended', {
  skip: haveSipp ? false : 'sipp (sip-tester) is not installed',
}, () => {
  let app: App;
  let sip: string;
  let dataDir: string;
  let prompts: Prompts;
  let speech: ScriptedSpeech;
  let phonePort: number;
  let trunkPort: number;
  let files = 0;
  const file = (name: string) => {
    files += 1;
    return join(dataDir, `${name}-${files}.txt`);
  };
  const readPort = async (path: string) => {
    await eventually(() => existsSync(path) && /\d/.test(readFileSync(path, 'utf8')), 8000);
    return Number(readFileSync(path, 'utf8').trim());
  };

  before(async () => {
    [phonePort, trunkPort] = [await freeUdpPort(), await freeUdpPort()];
    dataDir = mkdtempSync(join(tmpdir(), 'cw-guard-clear-'));
    const real = await loadPrompts();
    prompts = Object.fromEntries(
      promptNames.map((name): [PromptName, Int16Array] => [name, real[name].slice(0, 8000)]),
    ) as Prompts;
    speech = scriptedSpeech({ endSilenceMs: 300 });
    app = await createApp({
      config: loadConfig({ dataDir, http: '127.0.0.1:0', sip: '127.0.0.1:0', trunk: `127.0.0.1:${trunkPort}` }, {}),
      log: pino({ level: 'silent' }),
      telephony: { prompts },
      speech,
    });
    await app.ops.addResident({
      number: '01279 555021',
      name: 'Grace Hill',
      phone: `sip:phone@127.0.0.1:${phonePort}`,
      settings: { unknownCallers: 'ring', guard: { enabled: true } },
    });
    await app.index.catchUp();
    await app.start();
    sip = `127.0.0.1:${app.sip?.local.port}`;
  });

  after(async () => {
    await app?.stop();
  });

  async function latestCall() {
    await app.callLog.flush();
    const [call] = await app.store.listCalls({ limit: 1 });
    assert.ok(call, 'a call record exists');
    return call;
  }

  test('after the guard ends a courier-fraud call, the resident’s call to 101 is preceded by the line-clear announcement on a fresh leg', async () => {
    // 1. The fraud call, ended by the guard.
    speech.script = scriptOf('fx-police-courier');
    const caller = await RtpPeer.open();
    const phone = await RtpPeer.open();
    const [phoneFile, callerFile] = [file('port'), file('port')];
    const phoneSipp = startSipp({
      scenario: 'uas-phone-with-rtp-is-hung-up.xml',
      port: phonePort,
      mediaPort: 0,
      keys: { rtpport: String(phone.port), portfile: phoneFile },
      timeoutS: 30,
    });
    await sleep(300);
    const callerSipp = startSipp({
      scenario: 'uac-caller-with-rtp-is-hung-up.xml',
      target: sip,
      port: await freeUdpPort(),
      mediaPort: 0,
      holdMs: 10_000,
      timeoutS: 30,
      keys: {
        from: '442079460011',
        to: '441279555021',
        rtpport: String(caller.port),
        portfile: callerFile,
        codecs: '0 101',
      },
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
      callerSipp.stop();
      phoneSipp.stop();
      await Promise.all([caller.close(), phone.close()]);
    }
    assert.match((await latestCall()).outcome ?? '', /; ended by the call guard$/);
    await eventually(() => app.sip?.activeCalls === 0 && app.sip.activeMediaSessions === 0, 5000);

    // 2. Grace calls 101 from her phone.
    const resident = await RtpPeer.open();
    const dialogFile = file('dialog');
    const portFile = file('port');
    const trunk = startSipp({
      scenario: 'uas-trunk-answers-writes-dialog.xml',
      port: trunkPort,
      mediaPort: 0,
      keys: { dialogfile: dialogFile },
    });
    await sleep(300);
    const outgoing = startSipp({
      scenario: 'uac-caller-with-rtp-hangs-up.xml',
      target: sip,
      port: phonePort,
      mediaPort: 0,
      holdMs: 1500,
      keys: { from: '441279555021', to: '101', rtpport: String(resident.port), portfile: portFile, codecs: '0 101' },
    });
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
