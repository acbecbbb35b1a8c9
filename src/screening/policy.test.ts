import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type E164, isWithheldPresentation, parseNumber } from '../numbers/phone-number.js';
import { computeReputation } from '../reputation/reputation.js';
import { defaultResidentSettings, type Resident, type ResidentSettings } from '../residents/resident.js';
import { type Attestation, decideScreening, type IncomingCall, type ScreeningFacts } from './policy.js';

function aResident(settings: Partial<ResidentSettings> = {}): Resident {
  return {
    id: 1,
    number: '+441279555001' as E164,
    country: 'GB',
    name: 'Margaret',
    postcode: 'CM23',
    phoneUri: null,
    settings: { ...defaultResidentSettings, ...settings },
    createdAt: new Date('2026-01-01T00:00:00Z'),
  };
}

function aCall(
  from: string,
  options: { at?: string; withheld?: boolean; attestation?: Attestation } = {},
): IncomingCall {
  const withheld = options.withheld === true || isWithheldPresentation(from);
  const parsed = withheld ? null : parseNumber(from);
  return {
    presented: from,
    caller: parsed?.ok ? parsed.number : null,
    callerError: parsed && !parsed.ok ? parsed.error : null,
    withheld,
    at: new Date(options.at ?? '2026-11-25T14:00:00Z'),
    attestation: options.attestation ?? null,
  };
}

function facts(overrides: Partial<ScreeningFacts> = {}): ScreeningFacts {
  return { resident: aResident(), contact: null, block: null, dno: null, reputation: null, ...overrides };
}

const codes = (decision: { reasons: { code: string }[] }) => decision.reasons.map((r) => r.code);

describe('the screening policy', () => {
  test('rings a trusted contact straight through', () => {
    const decision = decideScreening(aCall('07911 123456'), facts({ contact: { name: 'Daughter Sarah' } }));
    assert.equal(decision.action, 'ring');
    assert.deepEqual(codes(decision), ['trusted-contact']);
    assert.match(decision.reasons[0]?.text ?? '', /Daughter Sarah/);
    assert.ok(decision.risk < 0.1);
  });

  test('screens a trusted contact whose caller ID the network says is forged', () => {
    const decision = decideScreening(
      aCall('07911 123456', { attestation: 'failed' }),
      facts({ contact: { name: 'Daughter Sarah' } }),
    );
    assert.equal(decision.action, 'screen');
    assert.deepEqual(codes(decision), ['spoofed-caller-id']);
  });

  test('blocks a caller ID on the Do-Not-Originate list even when it is saved as a contact, naming the owner', () => {
    const decision = decideScreening(
      aCall('0345 734 5345'),
      facts({ dno: { owner: 'Barclays fraud line' }, contact: { name: 'My bank' } }),
    );
    assert.equal(decision.action, 'block');
    assert.deepEqual(codes(decision), ['do-not-originate']);
    assert.match(decision.reasons[0]?.text ?? '', /Barclays fraud line/);
  });

  for (const digits of ['999', '112', '101', '111', '159', '105']) {
    test(`blocks a caller ID that claims to be ${digits}`, () => {
      const decision = decideScreening(aCall(digits), facts());
      assert.equal(decision.action, 'block');
      assert.deepEqual(codes(decision), ['emergency-number']);
      assert.ok(decision.risk > 0.9);
    });
  }

  test("blocks a call that shows the resident's own number", () => {
    const decision = decideScreening(aCall('+44 1279 555001'), facts());
    assert.equal(decision.action, 'block');
    assert.deepEqual(codes(decision), ['own-number']);
  });

  test('blocks a number on the block list with the reason given', () => {
    const decision = decideScreening(
      aCall('07911 123456'),
      facts({ block: { reason: 'courier fraud in Harlow', source: 'analyst' } }),
    );
    assert.equal(decision.action, 'block');
    assert.deepEqual(codes(decision), ['blocked-number']);
    assert.match(decision.reasons[0]?.text ?? '', /courier fraud in Harlow/);
  });

  test('blocks a number reported as a scam by several different people', () => {
    const at = new Date('2026-11-25T10:00:00Z');
    const reputation = computeReputation(
      ['resident:1', 'resident:2', 'resident:3'].map((reporter) => ({
        reporter,
        reporterKind: 'verified-resident' as const,
        at,
        status: 'open' as const,
      })),
      at,
    );
    const decision = decideScreening(aCall('07911 123456'), facts({ reputation }));
    assert.equal(decision.action, 'block');
    assert.deepEqual(codes(decision), ['reported-scam']);
    assert.match(decision.reasons[0]?.text ?? '', /3 different people/);
  });

  test('only screens a number that one person reported many times', () => {
    const at = new Date('2026-11-25T10:00:00Z');
    const reports = Array.from({ length: 100 }, () => ({
      reporter: 'resident:9',
      reporterKind: 'verified-resident' as const,
      at,
      status: 'open' as const,
    }));
    const decision = decideScreening(aCall('07911 123456'), facts({ reputation: computeReputation(reports, at) }));
    assert.equal(decision.action, 'screen');
    assert.ok(codes(decision).includes('reported-suspicious'));
  });

  test('blocks numbers that do not exist and caller IDs that are not numbers', () => {
    assert.equal(decideScreening(aCall('+44 1279 5'), facts()).action, 'block');
    const garbage = decideScreening(aCall('sip:not-a-number@example.net'), facts());
    assert.equal(garbage.action, 'block');
    assert.deepEqual(codes(garbage), ['invalid-number']);
  });

  test('screens withheld and unknown callers by default', () => {
    const withheld = decideScreening(aCall('anonymous'), facts());
    assert.equal(withheld.action, 'screen');
    assert.deepEqual(codes(withheld), ['withheld']);
    const unknown = decideScreening(aCall('07911 123456'), facts());
    assert.equal(unknown.action, 'screen');
    assert.deepEqual(codes(unknown), ['unknown-caller']);
  });

  test('follows the resident setting for withheld numbers', () => {
    const decision = decideScreening(aCall('anonymous'), facts({ resident: aResident({ withheld: 'block' }) }));
    assert.equal(decision.action, 'block');
  });

  test('screens or blocks international callers as the resident chose', () => {
    const call = aCall('+1 212 555 0123');
    assert.equal(decideScreening(call, facts()).action, 'screen');
    assert.ok(codes(decideScreening(call, facts())).includes('international'));
    assert.equal(decideScreening(call, facts({ resident: aResident({ international: 'block' }) })).action, 'block');
  });

  test('blocks premium-rate caller IDs by default', () => {
    const decision = decideScreening(aCall('09098 790000'), facts());
    assert.equal(decision.action, 'block');
    assert.ok(codes(decision).includes('premium-rate'));
  });

  test("sends callers who are not contacts to voicemail during quiet hours in the resident's time zone", () => {
    const resident = aResident({ quietHours: { start: '21:00', end: '08:00' } });
    // 22:30 in London in November is 22:30 UTC.
    const night = decideScreening(aCall('07911 123456', { at: '2026-11-25T22:30:00Z' }), facts({ resident }));
    assert.equal(night.action, 'voicemail');
    assert.ok(codes(night).includes('quiet-hours'));
    const day = decideScreening(aCall('07911 123456', { at: '2026-11-25T14:00:00Z' }), facts({ resident }));
    assert.equal(day.action, 'screen');
    const contact = decideScreening(
      aCall('07911 123456', { at: '2026-11-25T22:30:00Z' }),
      facts({ resident, contact: { name: 'Son' } }),
    );
    assert.equal(contact.action, 'ring');
    // 07:30 BST in July is 06:30 UTC: still quiet.
    const summerMorning = decideScreening(aCall('07911 123456', { at: '2026-07-01T06:30:00Z' }), facts({ resident }));
    assert.equal(summerMorning.action, 'voicemail');
  });

  test('keeps the most restrictive action when several settings apply, with every reason', () => {
    const resident = aResident({ quietHours: { start: '21:00', end: '08:00' }, international: 'block' });
    const decision = decideScreening(aCall('+1 212 555 0123', { at: '2026-11-25T23:00:00Z' }), facts({ resident }));
    assert.equal(decision.action, 'block');
    assert.deepEqual(codes(decision).sort(), ['international', 'quiet-hours', 'unknown-caller']);
  });

  test('explains every decision in words without jargon', () => {
    for (const decision of [
      decideScreening(aCall('999'), facts()),
      decideScreening(aCall('anonymous'), facts()),
      decideScreening(aCall('07911 123456'), facts()),
    ]) {
      for (const reason of decision.reasons) {
        assert.ok(reason.text.length > 20);
        assert.doesNotMatch(reason.text, /E\.164|DNO|SIP|undefined|null/);
      }
    }
  });
});
