import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  test('has safe defaults for the telephony options', () => {
    const config = loadConfig({}, {});
    assert.equal(config.reportShortCode, '*57');
    assert.equal(config.reportWindowMinutes, 30);
    assert.deepEqual(config.rtpPorts, { min: 20000, max: 20999 });
    assert.equal(config.trunkUser, null);
    assert.equal(config.asrEngine, 'auto');
  });

  test('reads the options from the environment, and the command line wins', () => {
    const env = { CALLWARDEN_REPORT_SHORT_CODE: '#99', CALLWARDEN_RTP_PORTS: '30000-39999' };
    assert.equal(loadConfig({}, env).reportShortCode, '#99');
    assert.deepEqual(loadConfig({}, env).rtpPorts, { min: 30000, max: 39999 });
    assert.equal(loadConfig({ reportShortCode: '*58' }, env).reportShortCode, '*58');
  });

  test('names the option and what is expected when a value is wrong', () => {
    assert.throws(() => loadConfig({ reportShortCode: '57' }, {}), /reportShortCode: a short code such as \*57/);
    assert.throws(() => loadConfig({ rtpPorts: '20000' }, {}), /rtpPorts: MIN-MAX/);
    assert.throws(() => loadConfig({ rtpPorts: '1000-1002' }, {}), /rtpPorts: a range of at least 4 ports/);
    assert.throws(() => loadConfig({ asrEngine: 'whisper' as never }, {}), ConfigError);
  });

  test('refuses a trunk user without a password, and the other way round', () => {
    assert.throws(() => loadConfig({ trunkUser: 'callwarden' }, {}), /trunkUser and trunkPassword go together/);
    assert.throws(() => loadConfig({}, { CALLWARDEN_TRUNK_PASSWORD: 'secret' }), /go together/);
    const both = loadConfig({ trunkUser: 'callwarden', trunkPassword: 'secret' }, {});
    assert.deepEqual([both.trunkUser, both.trunkPassword], ['callwarden', 'secret']);
  });
});
