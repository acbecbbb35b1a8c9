import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RtpSession } from './rtp-session.js';

const range = { min: 31_100, max: 31_105 }; // three even ports: 31100, 31102, 31104

test('a range holds as many sessions as it has even ports, and says so when it is full', async () => {
  const sessions = await Promise.all([1, 2, 3].map(() => RtpSession.open({ portRange: range })));
  try {
    assert.deepEqual(sessions.map((session) => session.port).sort(), [31_100, 31_102, 31_104]);
    await assert.rejects(RtpSession.open({ portRange: range }), /no free even UDP port in 31100–31105/);
  } finally {
    await Promise.all(sessions.map((session) => session.close()));
  }
});

test('a port freed by an ended call is reused only after the ports that were free before it', async () => {
  const first = await RtpSession.open({ portRange: range });
  const freed = first.port;
  await first.close();
  const next = [await RtpSession.open({ portRange: range }), await RtpSession.open({ portRange: range })];
  try {
    assert.ok(!next.some((session) => session.port === freed), 'the two other ports come first');
    const third = await RtpSession.open({ portRange: range });
    assert.equal(third.port, freed);
    await third.close();
  } finally {
    await Promise.all(next.map((session) => session.close()));
  }
});
