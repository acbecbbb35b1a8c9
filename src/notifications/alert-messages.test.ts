import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { campaignWarningNotifications, campaignWarningWords } from './alert-messages.js';

const resident = { id: 7, name: 'Margaret', number: '+441279555001', timeZone: 'Europe/London' };

describe('campaign warning messages', () => {
  test('say where, when and what the callers pretend, and what the real organisation never does', () => {
    const evening = campaignWarningWords({
      district: 'SG23',
      script: 'police-impersonation',
      lastCall: new Date('2026-11-25T19:30:00Z'),
      numbers: [],
      timeZone: 'Europe/London',
    });
    assert.equal(
      evening.headline,
      'Scam calls are being made to homes in SG23 tonight: callers pretending to be police officers.',
    );
    assert.match(evening.advice, /^Real police never ask for your PIN/);
    const morning = campaignWarningWords({
      district: 'CM23',
      script: 'unknown',
      lastCall: new Date('2026-07-01T09:00:00Z'),
      numbers: [],
      timeZone: 'Europe/London',
    });
    assert.match(morning.headline, /homes in CM23 today: callers ringing many homes/);
  });

  test('queue one message per recipient, keyed per campaign and resident so a repeat is the same message', () => {
    const facts = {
      campaignId: 3,
      district: 'SG23',
      script: 'courier-fraud' as const,
      lastCall: new Date('2026-11-25T19:30:00Z'),
      numbers: ['+442079460555'],
      resident,
    };
    const items = campaignWarningNotifications(facts, {
      dashboardUrl: 'https://dash.example/',
      webhookUrls: ['https://op.example/hook', 'https://op.example/hook'],
      emails: ['sarah@example.org'],
    });
    assert.deepEqual(
      items.map((item) => [item.channel, item.key]),
      [
        ['webhook', 'campaign:3:resident:7:webhook:https://op.example/hook'],
        ['email', 'campaign:3:resident:7:email:sarah@example.org'],
      ],
    );
    const email = items[1]?.payload as { subject: string; text: string };
    assert.match(email.subject, /scam calls in SG23/);
    assert.match(email.text, /send a courier to collect cash or bank cards/);
    assert.match(email.text, /- \+442079460555/);
    assert.match(email.text, /https:\/\/dash\.example\/#\/calls/);
  });
});
