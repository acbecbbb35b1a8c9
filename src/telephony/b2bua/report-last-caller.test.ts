/**
 * "Report the last caller" end to end: the resident's phone (sipp, from the host:port of the phone URI stored for
 * them) dials `*57`; CallWarden answers it itself, files a report against the resident's last incoming caller (or
 * says there is nothing to report), plays the confirmation (RTP recorded by the test) and hangs up. A UDP socket
 * stands in for the trunk and must never hear from CallWarden.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import { bestFrameCorrelation, RtpPeer } from '../../../test/sipp/rtp-peer.js';
import { aSipService, ringThrough, type SipService, shortPrompts, sleep } from '../../../test/sipp/service-kit.js';
import { ensureSipp, freeUdpPort, startSipp } from '../../../test/sipp/sipp.js';
import type { App } from '../../app/create-app.js';
import type { Resident } from '../../residents/resident.js';
import type { Prompts } from '../media/prompts.js';

const haveSipp = ensureSipp();

describe('reporting the last caller with *57', {
  skip: haveSipp ? false : 'sipp (sip-tester) is not installed',
}, () => {
  let service: SipService;
  let app: App;
  let sip: string;
  let prompts: Prompts;
  let trunk: Socket;
  const trunkHeard: Buffer[] = [];
  let olivePort: number;
  let olive: Resident;

  before(async () => {
    olivePort = await freeUdpPort();
    trunk = createSocket('udp4');
    trunk.on('message', (message) => trunkHeard.push(message));
    await new Promise<void>((resolve) => trunk.bind(0, '127.0.0.1', resolve));
    prompts = await shortPrompts(4000);
    service = await aSipService({
      prefix: 'cw-short-code-',
      config: { trunk: `127.0.0.1:${trunk.address().port}` },
      telephony: { prompts },
    });
    app = service.app;
    olive = await app.ops.addResident({
      number: '01279 555031',
      name: 'Olive',
      phone: `sip:olive@127.0.0.1:${olivePort}`,
      settings: { unknownCallers: 'ring' },
    });
    await service.start();
    sip = service.sip;
  });

  after(async () => {
    await app?.stop();
    await new Promise<void>((resolve) => trunk.close(() => resolve()));
  });

  async function calls() {
    await app.callLog.flush();
    return app.store.listCalls({ limit: 20 });
  }

  /** Olive's phone dials `*57`: answered by CallWarden, which hangs up after its prompt. What did Olive hear? */
  async function dialShortCode(): Promise<{ heard: Int16Array; callId: string; outcome: string }> {
    const phone = await RtpPeer.open();
    try {
      const portfile = service.file();
      const dialling = startSipp({
        scenario: 'uac-caller-with-rtp-is-hung-up.xml',
        target: sip,
        port: olivePort,
        mediaPort: 0,
        keys: { from: '441279555031', to: '*57', rtpport: String(phone.port), portfile, codecs: '0 101' },
      });
      phone.connectTo(await service.readPort(portfile));
      const result = await dialling.result;
      assert.equal(result.code, 0, `answered, then hung up by CallWarden: ${result.stdout.slice(-1500)}`);
      await service.allClear();
      let record = (await calls())[0];
      for (let i = 0; i < 50 && !/hung up after the confirmation/.test(record?.outcome ?? ''); i += 1) {
        await sleep(50);
        record = (await calls())[0];
      }
      assert.ok(record, 'the short-code call is in the call log');
      assert.equal(record.presented, '*57');
      return { heard: phone.all(), callId: record.callId, outcome: record.outcome ?? '' };
    } finally {
      await phone.close();
    }
  }

  test('with no recent call, *57 is answered with "nothing to report", hung up, and never reaches the trunk', async () => {
    const { heard, outcome } = await dialShortCode();
    assert.equal(
      outcome,
      'short code *57: no recent incoming call to report; CallWarden hung up after the confirmation',
    );
    const said = bestFrameCorrelation(heard, prompts['nothing-to-report']);
    assert.ok(said > 0.95, `Olive heard that there is nothing to report (correlation ${said.toFixed(3)})`);
    assert.equal((await app.store.listReports({})).length, 0);
    assert.equal(trunkHeard.length, 0, 'nothing was sent to the trunk');
  });

  test('right after a call, *57 files a report against that caller linked to the call, confirms it and hangs up; only once', async () => {
    const { phone, caller: incoming } = await ringThrough(service, {
      port: olivePort,
      from: '442079460033',
      to: '441279555031',
    });
    assert.equal(incoming.code, 0, incoming.stdout.slice(-1500));
    assert.equal((await phone.result).code, 0);
    const [call] = await calls();
    assert.ok(call && call.number === '+442079460033', 'the incoming call is logged');

    const { heard, outcome } = await dialShortCode();
    assert.equal(
      outcome,
      `short code *57: reported the last caller (call ${call.callId}); CallWarden hung up after the confirmation`,
    );
    const said = bestFrameCorrelation(heard, prompts['report-filed']);
    assert.ok(said > 0.95, `Olive heard the confirmation (correlation ${said.toFixed(3)})`);
    const reports = await app.store.reportsForNumber(call.number);
    assert.equal(reports.length, 1);
    assert.equal(reports[0]?.callId, call.callId);
    assert.equal(reports[0]?.type, 'other');
    assert.equal(reports[0]?.reporter, `resident:${olive.id}`);
    assert.match(reports[0]?.text ?? '', /short code \*57/);

    const again = await dialShortCode();
    assert.match(again.outcome, /^short code \*57: no recent incoming call to report/);
    assert.equal((await app.store.reportsForNumber(call.number)).length, 1, 'the same call is reported once');
    assert.equal(trunkHeard.length, 0, 'nothing was sent to the trunk');
  });
});
