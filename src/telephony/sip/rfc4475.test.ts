import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  getCallId,
  getContacts,
  getCSeq,
  getFrom,
  getHeader,
  getHeaderList,
  getHeaderValues,
  getMaxForwards,
  getTo,
  getVias,
  type ParseErrorCode,
  parseMessage,
  type SipMessage,
  type SipRequest,
  serializeMessage,
} from './message.js';

// RFC 4475 torture messages live in the shared data folder beside the repository (byte-exact, see its README).
const corpus = join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/sip/rfc4475');
const available = existsSync(corpus);

type Verdict = 'accept' | ParseErrorCode;

// The README's verdict for each message, as the class of outcome our parser must give.
const expected: Record<string, Verdict> = {
  // §3.1.1 valid
  'wsinv.dat': 'accept',
  'intmeth.dat': 'accept',
  'esc01.dat': 'accept',
  'escnull.dat': 'accept',
  'esc02.dat': 'accept',
  'lwsdisp.dat': 'accept',
  'longreq.dat': 'accept',
  'dblreq.dat': 'accept',
  'semiuri.dat': 'accept',
  'transports.dat': 'accept',
  'mpart01.dat': 'accept',
  'unreason.dat': 'accept',
  'noreason.dat': 'accept',
  // §3.1.2 invalid
  'badinv01.dat': 400,
  'clerr.dat': 400,
  'ncl.dat': 400,
  'scalar02.dat': 400,
  'scalarlg.dat': 'drop',
  'quotbal.dat': 400,
  'ltgtruri.dat': 400,
  'lwsruri.dat': 400,
  'lwsstart.dat': 400,
  'trws.dat': 400,
  'escruri.dat': 400,
  'baddate.dat': 400,
  'regbadct.dat': 400,
  'badaspec.dat': 400,
  'baddn.dat': 400,
  'badvers.dat': 505,
  'mismatch01.dat': 400,
  'mismatch02.dat': 400,
  'bigcode.dat': 'drop',
  // §3.2 transaction layer: parser must not break
  'badbranch.dat': 'accept',
  // §3.3 application layer
  'insuf.dat': 400,
  'unkscm.dat': 'accept',
  'novelsc.dat': 'accept',
  'unksm2.dat': 'accept',
  'bext01.dat': 'accept',
  'invut.dat': 'accept',
  'regaut01.dat': 'accept',
  'multi01.dat': 400,
  'mcl01.dat': 400,
  'bcast.dat': 'accept',
  'zeromf.dat': 'accept',
  'cparam01.dat': 'accept',
  'cparam02.dat': 'accept',
  'regescrt.dat': 'accept',
  'sdp01.dat': 'accept',
  // §3.4 backward compatibility
  'inv2543.dat': 'accept',
};

function load(name: string): Buffer {
  return readFileSync(join(corpus, name));
}

function accepted(name: string): SipMessage {
  const result = parseMessage(load(name));
  assert.ok(result.ok, `${name}: ${result.ok ? '' : result.error.reason}`);
  return result.message;
}

function acceptedRequest(name: string): SipRequest {
  const message = accepted(name);
  assert.equal(message.kind, 'request');
  return message as SipRequest;
}

function sipUser(message: SipMessage, which: 'uri' | 'to' | 'from'): string | null {
  const uri = which === 'uri' ? (message as SipRequest).uri : (which === 'to' ? getTo(message) : getFrom(message))?.uri;
  assert.equal(uri?.kind, 'sip');
  return uri?.kind === 'sip' ? uri.user : null;
}

describe('RFC 4475 torture messages', { skip: available ? false : `RFC 4475 corpus not found at ${corpus}` }, () => {
  test('the corpus holds exactly the 49 messages the README lists', () => {
    const files = readdirSync(corpus).filter((name) => name.endsWith('.dat'));
    assert.deepEqual(files.sort(), Object.keys(expected).sort());
  });

  for (const [name, verdict] of Object.entries(expected)) {
    test(`${name}: ${verdict === 'accept' ? 'is accepted' : `is rejected with ${verdict}`}`, () => {
      const result = parseMessage(load(name));
      if (verdict === 'accept') assert.ok(result.ok, result.ok ? '' : `rejected: ${result.error.reason}`);
      else {
        assert.ok(!result.ok, `${name} was accepted`);
        assert.equal(result.error.code, verdict, result.error.reason);
      }
    });
  }

  test('accepted messages survive parse → serialize → parse unchanged (inv2543 gains a Content-Length)', () => {
    for (const [name, verdict] of Object.entries(expected)) {
      if (verdict !== 'accept') continue;
      const first = accepted(name);
      const again = parseMessage(serializeMessage(first));
      assert.ok(again.ok, `${name} did not re-parse: ${again.ok ? '' : again.error.reason}`);
      const headers =
        name === 'inv2543.dat'
          ? again.message.headers.filter((h) => h.name !== 'Content-Length')
          : again.message.headers;
      assert.deepEqual({ ...again.message, headers }, first, name);
    }
  });

  test('wsinv: folded and spaced headers unfold, compact names map to full names, leading zeros read', () => {
    const message = acceptedRequest('wsinv.dat');
    assert.equal(getHeader(message, 'NewFangledHeader'), 'newfangled value continued newfangled value');
    assert.equal(getMaxForwards(message), 68);
    assert.deepEqual(getCSeq(message), { seq: 9, method: 'INVITE' });
    assert.equal(getHeader(message, 'Subject'), '');
    assert.equal(getTo(message)?.params.get('tag'), '1918181833n');
    assert.equal(getFrom(message)?.displayName, 'J Rosenberg \\"');
    assert.equal(getFrom(message)?.params.get('tag'), '98asjd8');
    const vias = getVias(message) ?? [];
    assert.deepEqual(
      vias.map((via) => [via.transport, via.host, via.branch]),
      [
        ['UDP', '192.0.2.2', '390skdjuw'],
        ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
        ['UDP', '192.168.255.111', 'z9hG4bK30239'],
      ],
    );
    const contacts = getContacts(message);
    assert.ok(contacts && !contacts.star);
    assert.equal(contacts.contacts[0]?.displayName, 'Quoted string ""');
    assert.deepEqual(
      [...(contacts.contacts[0]?.params ?? [])],
      [
        ['newparam', 'newvalue'],
        ['secondparam', null],
        ['q', '0.33'],
      ],
    );
    assert.equal(message.body.length, 150);
    assert.ok(!message.headers.some((header) => ['v', 's', 'm'].includes(header.name)));
  });

  test('intmeth: unusual method, userinfo with ?;, and a display name with escaped NUL/BEL/DEL', () => {
    const message = acceptedRequest('intmeth.dat');
    assert.equal(message.method, "!interesting-Method0123456789_*+`.%indeed'~");
    assert.equal(sipUser(message, 'uri'), "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    assert.equal(message.uri.kind === 'sip' && message.uri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    assert.equal(getTo(message)?.displayName, 'BEL:\u0007 NUL:\u0000 DEL:\u007f');
    assert.equal(getFrom(message)?.displayName, "token1~` token2'+_ token3*%!.-");
    assert.equal(getFrom(message)?.params.get("fromparam''~+*_!.-%"), 'работающий');
    assert.equal(getCallId(message), 'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    assert.equal(getHeader(message, "extensionHeader-!.%*+_`'~"), '\uFEFF大停電');
  });

  test('esc01 and escnull: escaped user parts decode, %00 included, and escaped URI params', () => {
    const esc01 = acceptedRequest('esc01.dat');
    assert.equal(sipUser(esc01, 'uri'), 'sips:user@example.com');
    assert.equal(sipUser(esc01, 'to'), 'user');
    assert.equal(sipUser(esc01, 'from'), 'I have spaces');
    const contacts = getContacts(esc01);
    const uri = contacts && !contacts.star ? contacts.contacts[0]?.uri : undefined;
    assert.ok(uri?.kind === 'sip');
    assert.equal(uri.user, 'caller');
    assert.deepEqual(
      [...uri.params],
      [
        ['lr', null],
        ['name', 'value%41'],
      ],
    );
    assert.equal(getHeader(esc01, 'Content-Type'), 'application/sdp');

    const escnull = acceptedRequest('escnull.dat');
    assert.equal(sipUser(escnull, 'to'), 'null-\u0000-null');
    const bindings = getContacts(escnull);
    assert.ok(bindings && !bindings.star);
    assert.deepEqual(
      bindings.contacts.map((contact) => (contact.uri.kind === 'sip' ? contact.uri.user : null)),
      ['\u0000', '\u0000\u0000'],
    );
  });

  test('esc02: %-escaped method is not REGISTER, and C%6Fntact is not Contact', () => {
    const message = acceptedRequest('esc02.dat');
    assert.equal(message.method, 'RE%47IST%45R');
    assert.equal(getTo(message)?.displayName, '%Z%45');
    assert.equal(getHeaderValues(message, 'Contact').length, 2);
    assert.equal(getHeader(message, 'C%6Fntact'), '<sip:alias2@host2.example.com>');
  });

  test('lwsdisp, semiuri: display name without LWS before <, and ; plus escaped @ in the user part', () => {
    assert.equal(getFrom(acceptedRequest('lwsdisp.dat'))?.displayName, 'caller');
    const semiuri = acceptedRequest('semiuri.dat');
    assert.equal(sipUser(semiuri, 'uri'), 'user;par=u@example.net');
    assert.equal(semiuri.uri.kind === 'sip' && semiuri.uri.host, 'example.com');
    assert.deepEqual(getHeaderList(semiuri, 'Accept'), [
      'application/sdp',
      'application/pkcs7-mime',
      'multipart/mixed',
      'multipart/signed',
      'message/sip',
      'message/sipfrag',
    ]);
  });

  test('longreq: long values and 34 Via headers written in every case and spacing', () => {
    const message = acceptedRequest('longreq.dat');
    const vias = getVias(message) ?? [];
    assert.equal(vias.length, 34);
    assert.equal(vias[0]?.host, 'sip33.example.com');
    assert.equal(vias[33]?.received, '192.0.2.5');
    assert.ok(message.headers.filter((header) => header.name === 'Via').length === 34);
    assert.equal(getFrom(message)?.params.get('tag')?.length, 155);
    assert.equal(getTo(message)?.displayName?.startsWith('I have a user name of extreme'), true);
  });

  test('dblreq: trailing octets after Content-Length 0 are ignored, never part of the body', () => {
    const message = acceptedRequest('dblreq.dat');
    assert.equal(message.method, 'REGISTER');
    assert.equal(message.body.length, 0);
    assert.equal(getCallId(message), 'dblreq.0ha0isndaksdj99sdfafnl3lk233412');
  });

  test('transports, mpart01: unknown transport tokens, binary body with NULs framed by Content-Length', () => {
    const vias = getVias(acceptedRequest('transports.dat')) ?? [];
    assert.deepEqual(
      vias.map((via) => via.transport),
      ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP'],
    );
    const mpart = acceptedRequest('mpart01.dat');
    assert.equal(mpart.body.length, 553);
    assert.ok(mpart.body.includes(0));
    assert.equal(getVias(mpart)?.[0]?.rport, true);
  });

  test('unreason, noreason: non-ASCII and empty reason phrases', () => {
    const unreason = accepted('unreason.dat');
    assert.ok(unreason.kind === 'response');
    assert.equal(unreason.status, 200);
    assert.equal(unreason.reason, '= 2**3 * 5**2 но сто девяносто девять - простое');
    const noreason = accepted('noreason.dat');
    assert.ok(noreason.kind === 'response');
    assert.deepEqual([noreason.status, noreason.reason], [100, '']);
  });

  test('unknown schemes are kept opaque (unkscm, novelsc, unksm2)', () => {
    const unkscm = acceptedRequest('unkscm.dat');
    assert.deepEqual([unkscm.uri.kind, unkscm.uri.scheme], ['other', 'nobodyknowsthisscheme']);
    assert.equal(acceptedRequest('novelsc.dat').uri.scheme, 'soap.beep');
    const unksm2 = acceptedRequest('unksm2.dat');
    assert.equal(getTo(unksm2)?.uri.raw, 'isbn:2983792873');
    assert.equal(getFrom(unksm2)?.uri.scheme, 'http');
  });

  test('cparam01/cparam02/regescrt: where a Contact parameter belongs, and escaped URI headers', () => {
    const cparam01 = getContacts(acceptedRequest('cparam01.dat'));
    assert.ok(cparam01 && !cparam01.star && cparam01.contacts[0]?.uri.kind === 'sip');
    assert.equal(cparam01.contacts[0].params.has('unknownparam'), true);
    assert.equal(cparam01.contacts[0].uri.params.size, 0);
    const cparam02 = getContacts(acceptedRequest('cparam02.dat'));
    assert.ok(cparam02 && !cparam02.star && cparam02.contacts[0]?.uri.kind === 'sip');
    assert.equal(cparam02.contacts[0].uri.params.has('unknownparam'), true);
    assert.equal(cparam02.contacts[0].params.size, 0);
    const regescrt = getContacts(acceptedRequest('regescrt.dat'));
    assert.ok(regescrt && !regescrt.star && regescrt.contacts[0]?.uri.kind === 'sip');
    assert.equal(regescrt.contacts[0].uri.headers.get('Route'), '<sip:sip.example.com>');
  });

  test('inv2543: no Content-Length on UDP means the body runs to the end of the datagram', () => {
    const message = acceptedRequest('inv2543.dat');
    assert.equal(message.body.length, 105);
    assert.equal(getMaxForwards(message), null);
    assert.equal(getVias(message)?.[0]?.branch, null);
  });

  test('baddn is still rejected for its display names when its missing empty line is added', () => {
    const result = parseMessage(Buffer.concat([load('baddn.dat'), Buffer.from('\r\n')]));
    assert.ok(!result.ok);
    assert.equal(result.error.code, 400);
    assert.match(result.error.reason, /From|To/);
  });

  test('rejections carry the headers read, so a 400 can still be addressed', () => {
    const result = parseMessage(load('mismatch01.dat'));
    assert.ok(!result.ok);
    assert.equal(result.error.headers?.find((header) => header.name === 'Call-ID')?.value, 'mismatch01.dj0234sxdfl3');
  });
});
