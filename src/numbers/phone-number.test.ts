import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isWithheldPresentation, parseNumber } from './phone-number.js';

function key(raw: string, region?: string): string {
  const result = parseNumber(raw, region);
  assert.ok(result.ok, `expected '${raw}' to parse: ${result.ok ? '' : result.error}`);
  return result.number.key;
}

describe('normalising caller IDs', () => {
  test('reads every common written form of a UK number as the same E.164 number', () => {
    for (const form of [
      '01279 555001',
      '+44 1279 555001',
      '00441279555001',
      '(01279) 555-001',
      'tel:+441279555001',
      'tel:+44-1279-555001;phone-context=example',
      'sip:+441279555001@trunk.example.net;user=phone',
      '"Bishops Stortford" <sip:01279555001@192.0.2.1:5060>',
      'sips:%2B441279555001@example.net',
    ]) {
      assert.equal(key(form), '+441279555001', form);
    }
  });

  test('classifies a second number of an already-seen block exactly as a full parse would', () => {
    const first = parseNumber('+44 1279 555101');
    const second = parseNumber('+441279555102');
    const national = parseNumber('01279 555103');
    assert.ok(first.ok && second.ok && national.ok);
    assert.equal(second.number.e164, '+441279555102');
    assert.equal(second.number.kind, first.number.kind);
    assert.equal(second.number.valid, true);
    assert.equal(second.number.national, '01279 555102');
    assert.equal(national.number.e164, '+441279555103');
    assert.equal(national.number.national, '01279 555103');
  });

  test('uses the configured region for national numbers', () => {
    assert.equal(key('(212) 555-0123', 'US'), '+12125550123');
  });

  test('classifies mobile, fixed-line, premium-rate, toll-free and non-geographic numbers', () => {
    const kind = (raw: string) => {
      const result = parseNumber(raw);
      assert.ok(result.ok);
      return result.number.kind;
    };
    assert.equal(kind('07911 123456'), 'mobile');
    assert.equal(kind('01279 555001'), 'fixed-line');
    assert.equal(kind('09098 790000'), 'premium-rate');
    assert.equal(kind('0800 123 4567'), 'toll-free');
    assert.equal(kind('0345 734 5345'), 'non-geographic');
  });

  test('recognises emergency and public-service short codes that never make calls', () => {
    for (const digits of ['999', '112', '101', '111', '159', '105']) {
      const result = parseNumber(digits);
      assert.ok(result.ok);
      assert.equal(result.number.kind, 'short-code');
      assert.ok(result.number.special, `${digits} should be a special service`);
      assert.equal(result.number.key, `GB:${digits}`);
    }
    const sip = parseNumber('sip:999@gateway.example');
    assert.ok(sip.ok && sip.number.special?.digits === '999');
  });

  test('marks a well-formed but impossible number as invalid rather than rejecting it', () => {
    const result = parseNumber('+44 1279 5');
    assert.ok(result.ok);
    assert.equal(result.number.valid, false);
  });

  test('rejects text that is not a phone number with a message that names the problem', () => {
    for (const bad of ['call me maybe', '', '   ', '+44+1279', '0127955500155500155500155500155500155501234']) {
      const result = parseNumber(bad);
      assert.equal(result.ok, false, bad);
      if (!result.ok) assert.ok(result.error.length > 5);
    }
    const region = parseNumber('01279 555001', 'XX');
    assert.ok(!region.ok && /region/.test(region.error));
  });

  test('treats anonymous, withheld and empty caller IDs as withheld', () => {
    assert.ok(isWithheldPresentation('anonymous'));
    assert.ok(isWithheldPresentation('"Anonymous" <sip:anonymous@anonymous.invalid>'));
    assert.ok(isWithheldPresentation('sip:unavailable@example.net'));
    assert.ok(!isWithheldPresentation('sip:+441279555001@example.net'));
  });
});
