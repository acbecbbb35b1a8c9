/**
 * Builders for the SIP end-to-end tests: the real CallWarden service (SQLite in a new temporary data folder, SIP and
 * HTTP on free loopback ports) set up for sipp peers, shortened prompts, files for sipp to write ports and dialogs to,
 * the call log as the tests read it, and a call between a sipp caller and a sipp phone with the test's RTP on both
 * legs.
 *
 * @example
 * const service = await aSipService({ prefix: 'cw-restart-', telephony: { prompts: await shortPrompts(2400) } });
 * await service.app.ops.addResident({ number: '01279 555011', name: 'Rita' });
 * await service.start();
 * await runSipp({ scenario: 'uac-expect-404.xml', target: service.sip, port: await freeUdpPort(), mediaPort: 0 });
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { type App, createApp, type TelephonyOptions } from '../../src/app/create-app.js';
import { type ConfigInput, loadConfig } from '../../src/config/config.js';
import type { SpeechPipeline } from '../../src/guard/call-audio.js';
import type { CallRecord } from '../../src/store/store.js';
import { loadPrompts, type PromptName, type Prompts, promptNames } from '../../src/telephony/media/prompts.js';
import { RtpPeer } from './rtp-peer.js';
import { freeUdpPort, runSipp, type SippProcess, type SippResult, startSipp } from './sipp.js';
import { sleep, waitFor } from './waiting.js';

export { sleep, waitFor } from './waiting.js';

/** The real prompts cut to their first `samples` samples (8 kHz), or as many as `samples(name)` says. */
export async function shortPrompts(samples: number | ((name: PromptName) => number)): Promise<Prompts> {
  const real = await loadPrompts();
  const length = typeof samples === 'number' ? () => samples : samples;
  return Object.fromEntries(
    promptNames.map((name): [PromptName, Int16Array] => [name, real[name].slice(0, length(name))]),
  ) as Prompts;
}

export interface SipService {
  app: App;
  dataDir: string;
  /** host:port of CallWarden's SIP, for sipp's target (once started). */
  readonly sip: string;
  /** Loads the screening index (residents added since are known) and starts the service. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A new file in the data folder for sipp to write to: `<name>-<n>.txt`. */
  file(name?: string): string;
  /** The port sipp wrote to `path` (the one CallWarden put in its SDP). */
  readPort(path: string): Promise<number>;
  /** The newest call record (written out first). */
  latestCall(): Promise<CallRecord>;
  /** The newest call's outcome once it matches `pattern` (asserted; it is given up to 5 s). */
  outcome(pattern: RegExp): Promise<string>;
  /** Resolves once no call and no RTP socket is left. */
  allClear(): Promise<void>;
}

/**
 * CallWarden with SIP on a free loopback port, in a new data folder named from `prefix` (or `dataDir`, to start again
 * on the data of a service that stopped), not started yet: add residents, then `start()`.
 */
export async function aSipService(options: {
  prefix?: string;
  dataDir?: string;
  config?: Partial<ConfigInput>;
  telephony?: TelephonyOptions;
  speech?: SpeechPipeline;
}): Promise<SipService> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), options.prefix ?? 'cw-sip-'));
  const app = await createApp({
    config: loadConfig({ dataDir, http: '127.0.0.1:0', sip: '127.0.0.1:0', ...options.config }, {}),
    log: pino({ level: 'silent' }),
    ...(options.telephony ? { telephony: options.telephony } : {}),
    ...(options.speech ? { speech: options.speech } : {}),
  });
  let files = 0;
  const latestCall = async () => {
    await app.callLog.flush();
    const [call] = await app.store.listCalls({ limit: 1 });
    assert.ok(call, 'a call record exists');
    return call;
  };
  return {
    app,
    dataDir,
    get sip() {
      return `127.0.0.1:${app.sip?.local.port}`;
    },
    async start() {
      await app.index.catchUp();
      await app.start();
    },
    stop: () => app.stop(),
    file(name = 'port') {
      files += 1;
      return join(dataDir, `${name}-${files}.txt`);
    },
    async readPort(path) {
      await waitFor(`sipp to write ${path}`, () => existsSync(path) && /\d/.test(readFileSync(path, 'utf8')));
      return Number(readFileSync(path, 'utf8').trim());
    },
    latestCall,
    async outcome(pattern) {
      let text = '';
      for (let i = 0; i < 100 && !pattern.test(text); i += 1) {
        text = (await latestCall()).outcome ?? '';
        await sleep(50);
      }
      assert.match(text, pattern);
      return text;
    },
    allClear: () =>
      waitFor('the call to clear', () => app.sip?.activeCalls === 0 && app.sip.activeMediaSessions === 0, 5000),
  };
}

/**
 * A sipp phone answering on `port` (`scenario`, with the test's RTP `rtp`: CallWarden's SDP port is written to
 * `portfile`), given 300 ms to be listening before the test goes on.
 */
export async function answerAsPhone(
  service: SipService,
  options: { port: number; scenario: string; rtp: { port: number }; timeoutS?: number },
): Promise<{ sipp: SippProcess; portfile: string }> {
  const portfile = service.file();
  const sipp = startSipp({
    scenario: options.scenario,
    port: options.port,
    mediaPort: 0,
    keys: { rtpport: String(options.rtp.port), portfile },
    timeoutS: options.timeoutS ?? 30,
  });
  await sleep(300);
  return { sipp, portfile };
}

/**
 * A plain ring-through call (no RTP of the test's): a sipp phone answers on `port` (`uas-phone-answers.xml`), a sipp
 * caller calls `to` and hangs up; resolves once the caller is done, with the phone still to be awaited.
 */
export async function ringThrough(
  service: SipService,
  options: { port: number; to: string; from?: string },
): Promise<{ phone: SippProcess; caller: SippResult }> {
  const phone = startSipp({ scenario: 'uas-phone-answers.xml', port: options.port, mediaPort: 0 });
  await sleep(300);
  const caller = await runSipp({
    scenario: 'uac-ring-through-caller-hangs-up.xml',
    target: service.sip,
    port: await freeUdpPort(),
    mediaPort: 0,
    keys: { ...(options.from ? { from: options.from } : {}), to: options.to },
  });
  return { phone, caller };
}

/** Both legs of a call from a sipp caller through CallWarden to a sipp phone, with the test's RTP on each. */
export interface TwoLegs {
  caller: RtpPeer;
  phone: RtpPeer;
  callerSipp: SippProcess;
  phoneSipp: SippProcess;
  /** Where each sipp writes the RTP port CallWarden offered it. */
  callerFile: string;
  phoneFile: string;
  /** Stops both sipps and closes both RTP ends (for `finally`). */
  hangUp(): Promise<void>;
}

/**
 * Starts the phone's sipp (answering on `phonePort`), then the caller's, calling `to` from `from` with RTP (PCMU and
 * telephone events): the test connects each leg's RTP once the port file is written.
 */
export async function startTwoLegs(
  service: SipService,
  options: {
    from: string;
    to: string;
    phonePort: number;
    callerScenario: string;
    phoneScenario: string;
    holdMs: number;
  },
): Promise<TwoLegs> {
  const caller = await RtpPeer.open();
  const phone = await RtpPeer.open();
  const { sipp: phoneSipp, portfile: phoneFile } = await answerAsPhone(service, {
    port: options.phonePort,
    scenario: options.phoneScenario,
    rtp: phone,
  });
  const callerFile = service.file();
  const callerSipp = startSipp({
    scenario: options.callerScenario,
    target: service.sip,
    port: await freeUdpPort(),
    mediaPort: 0,
    holdMs: options.holdMs,
    timeoutS: 30,
    keys: { from: options.from, to: options.to, rtpport: String(caller.port), portfile: callerFile, codecs: '0 101' },
  });
  return {
    caller,
    phone,
    callerSipp,
    phoneSipp,
    callerFile,
    phoneFile,
    async hangUp() {
      callerSipp.stop();
      phoneSipp.stop();
      await Promise.all([caller.close(), phone.close()]);
    },
  };
}

/**
 * A resident's phone (sipp on `port`) calls `to` through CallWarden, then hangs up after `holdMs`; a sipp trunk on
 * `trunkPort` answers and writes the dialog it was INVITEd on (Call-ID, Request-URI, From) to `dialogFile`. With
 * `rtp`, the phone's RTP is the test's: CallWarden's SDP port is written to `portfile`.
 */
export async function callOut(
  service: SipService,
  options: { trunkPort: number; port: number; from: string; to: string; holdMs?: number; rtp?: { port: number } },
): Promise<{ trunk: SippProcess; phone: SippProcess; dialogFile: string; portfile: string }> {
  const dialogFile = service.file('dialog');
  const portfile = service.file('port');
  const trunk = startSipp({
    scenario: 'uas-trunk-answers-writes-dialog.xml',
    port: options.trunkPort,
    mediaPort: 0,
    keys: { dialogfile: dialogFile },
  });
  await sleep(300);
  const phone = startSipp({
    scenario: options.rtp ? 'uac-caller-with-rtp-hangs-up.xml' : 'uac-ring-through-caller-hangs-up.xml',
    target: service.sip,
    port: options.port,
    mediaPort: 0,
    holdMs: options.holdMs ?? 1500,
    keys: {
      from: options.from,
      to: options.to,
      ...(options.rtp ? { rtpport: String(options.rtp.port), portfile, codecs: '0 101' } : {}),
    },
  });
  return { trunk, phone, dialogFile, portfile };
}
