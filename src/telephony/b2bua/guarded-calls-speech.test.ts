/**
 * The live call guard on real speech recognition, end to end: sipp is the network caller and streams synthesised
 * speech (test/audio/*.ulaw, espeak-ng; `<exec rtp_stream>`) into CallWarden; CallWarden hands the audio to the real
 * speech pipeline (Silero VAD + pocketsphinx, `src/speech/`), the guard hears the words and acts on the call. The
 * resident's phone is sipp with the test's RTP (`RtpPeer`), which records what CallWarden sent to the resident.
 * Skipped where sipp or pocketsphinx is not installed. What CallWarden sends to the caller is checked in
 * guarded-calls.test.ts (there the test owns the caller's RTP; here sipp does).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { pocketsphinxMissing } from '../../../test/audio/speech-kit.js';
import { bestFrameCorrelation, RtpPeer } from '../../../test/sipp/rtp-peer.js';
import { answerAsPhone, aSipService, type SipService } from '../../../test/sipp/service-kit.js';
import { ensureSipp, freeUdpPort, startSipp } from '../../../test/sipp/sipp.js';
import type { App } from '../../app/create-app.js';
import type { HeardUtterance, SpeechPipeline } from '../../guard/call-audio.js';
import { eventually } from '../../notifications/test-receivers.js';
import { createSpeechPipeline } from '../../speech/create-speech-pipeline.js';
import { loadPrompts, type Prompts } from '../media/prompts.js';

const haveSipp = ensureSipp();
const noSpeech = haveSipp ? pocketsphinxMissing() : false;
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The real pipeline, with what it delivered kept per call (for assertions and for a readable failure). */
function recording(pipeline: SpeechPipeline): SpeechPipeline & { heard: Map<string, HeardUtterance[]> } {
  const heard = new Map<string, HeardUtterance[]>();
  return {
    description: pipeline.description,
    heard,
    listen(callId, onUtterance) {
      const kept: HeardUtterance[] = [];
      heard.set(callId, kept);
      return pipeline.listen(callId, (utterance) => {
        kept.push(utterance);
        onUtterance(utterance);
      });
    },
    close: () => pipeline.close(),
  };
}

describe('the live call guard on recognised speech (sipp streams synthesised callers)', {
  skip: !haveSipp ? 'sipp (sip-tester) is not installed' : noSpeech,
}, () => {
  let service: SipService;
  let app: App;
  let sip: string;
  let prompts: Prompts;
  let speech: ReturnType<typeof recording>;
  let phonePort: number;

  before(async () => {
    phonePort = await freeUdpPort();
    prompts = await loadPrompts();
    const pipeline = await createSpeechPipeline(
      { asrEngine: 'pocketsphinx', asrModel: null, kwsModel: null, asrWorkers: 2 },
      pino({ level: 'silent' }),
    );
    assert.ok(pipeline, 'pocketsphinx is installed, so there is a pipeline');
    speech = recording(pipeline);
    service = await aSipService({ prefix: 'cw-guarded-speech-', telephony: { prompts }, speech });
    app = service.app;
    await app.ops.addResident({
      number: '01279 555041',
      name: 'Iris',
      phone: `sip:phone@127.0.0.1:${phonePort}`,
      settings: { unknownCallers: 'ring', guard: { enabled: true, alertEmails: ['carer@example.org'] } },
    });
    await service.start();
    sip = service.sip;
  });

  after(async () => {
    await app?.stop();
    await speech?.close();
  });

  const latestCall = () => service.latestCall();

  /** sipp calls Iris and streams `scenario`'s audio; sipp answers as her phone, the test records her RTP. */
  async function streamedCall(options: { scenario: string; from: string; holdMs?: number }) {
    const phone = await RtpPeer.open();
    const { sipp: phoneSipp, portfile: phoneFile } = await answerAsPhone(service, {
      port: phonePort,
      scenario: 'uas-phone-with-rtp-is-hung-up.xml',
      rtp: phone,
      timeoutS: 90,
    });
    const callerSipp = startSipp({
      scenario: options.scenario,
      target: sip,
      port: await freeUdpPort(),
      mediaPort: (await freeUdpPort()) & ~1,
      holdMs: options.holdMs ?? 1000,
      timeoutS: 90,
      keys: { from: options.from, to: '441279555041' },
      cwd: repositoryRoot,
    });
    try {
      phone.connectTo(await service.readPort(phoneFile));
      const callId = (await latestCall()).callId;
      return { phone, phoneSipp, callerSipp, callId };
    } catch (error) {
      callerSipp.stop();
      phoneSipp.stop();
      await phone.close();
      throw error;
    }
  }

  /** What the pipeline delivered, with when each utterance ended (ms into the call) and how long recognition took. */
  const said = (callId: string) =>
    (speech.heard.get(callId) ?? []).map(
      (u) => `${u.speaker} @${Math.round(u.endMs)} (+${Math.round(u.recognitionMs)} ms): ${u.text}`,
    );

  test('a synthesised courier fraudster is recognised: the resident is warned, then the guard ends the call on both legs and reports the number', async () => {
    const { phone, phoneSipp, callerSipp, callId } = await streamedCall({
      scenario: 'uac-courier-fraud-caller-streams-audio-is-hung-up.xml',
      from: '442079460066',
    });
    try {
      const [callerResult, phoneResult] = await Promise.all([callerSipp.result, phoneSipp.result]);
      assert.equal(callerResult.code, 0, `the caller got BYE: ${callerResult.stdout.slice(-1500)}\n${said(callId)}`);
      assert.equal(phoneResult.code, 0, `the phone got BYE: ${phoneResult.stdout.slice(-1500)}`);
      await eventually(() => app.sip?.activeCalls === 0 && app.sip.activeMediaSessions === 0, 5000);
      const outcome = (await latestCall()).outcome ?? '';
      assert.match(outcome, /call guard: warned the resident.*; ended by the call guard$/, said(callId).join('\n'));
      const heard = phone.all();
      // The end cuts a warning still playing short (the announcement matters more): the warning's first 2 s, and
      // the whole announcement, must be there.
      for (const [name, prompt] of [
        ['the warning', prompts['warning-scam'].slice(0, 16_000)],
        ['the ending announcement', prompts['ending-call']],
      ] as const) {
        const correlation = bestFrameCorrelation(heard, prompt);
        assert.ok(correlation > 0.95, `the resident heard ${name} (correlation ${correlation.toFixed(3)})`);
      }
      const reports = await app.store.reportsForNumber((await latestCall()).number ?? assert.fail('a number'));
      assert.equal(reports.find((report) => report.callId === callId)?.reporter.startsWith('resident:'), true);
      const utterances = speech.heard.get(callId) ?? [];
      assert.ok(utterances.every((u) => u.speaker === 'caller' && u.engine === 'pocketsphinx'));
      const metric = await app.metrics.registry.getSingleMetricAsString('callwarden_guard_verdict_seconds');
      assert.match(metric, /callwarden_guard_verdict_seconds_count [1-9]/);
    } finally {
      callerSipp.stop();
      phoneSipp.stop();
      await phone.close();
    }
  });

  test('a synthesised legitimate caller (a dental practice) is recognised and triggers nothing', async () => {
    const { phone, phoneSipp, callerSipp, callId } = await streamedCall({
      scenario: 'uac-dentist-caller-streams-audio-hangs-up.xml',
      from: '442079460077',
      holdMs: 23_000,
    });
    try {
      const [callerResult, phoneResult] = await Promise.all([callerSipp.result, phoneSipp.result]);
      assert.equal(callerResult.code, 0, callerResult.stdout.slice(-1500));
      assert.equal(phoneResult.code, 0, phoneResult.stdout.slice(-1500));
      await eventually(() => app.guard.find(callId)?.guarded === false, 20_000);
      const texts = (speech.heard.get(callId) ?? []).map((u) => u.text).filter((text) => text !== '');
      assert.ok(texts.length >= 2, `the caller's words were recognised: ${JSON.stringify(texts)}`);
      assert.equal((await latestCall()).outcome, 'answered; call guard: listening; caller hung up');
      assert.ok(bestFrameCorrelation(phone.all(), prompts['warning-scam']) < 0.3, 'no warning was played');
      assert.deepEqual(await app.store.listNotifications({ callId }), []);
      assert.equal(await app.store.getGuardEvidence(callId), null);
    } finally {
      callerSipp.stop();
      phoneSipp.stop();
      await phone.close();
    }
  });
});
