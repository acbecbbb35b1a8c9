import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adaNumber, aHarness, json } from './http-test-kit.js';

describe('residents', () => {
  test('adds a resident from a number in national form and returns it with default settings and ISO dates', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('admin', 'POST', '/api/residents', {
        number: '020 7946 0100',
        name: '  Cyril Jones ',
        postcode: 'cm23 4xx',
        phone: 'sip:cyril@192.0.2.10:5060',
        settings: { international: 'block' },
      });
      assert.equal(response.statusCode, 201);
      const created = json(response);
      assert.equal(created.number, '+442079460100');
      assert.equal(created.name, 'Cyril Jones');
      assert.equal(created.postcode, 'CM23');
      assert.equal(created.phoneUri, 'sip:cyril@192.0.2.10:5060');
      assert.equal(created.settings.international, 'block');
      assert.equal(created.settings.unknownCallers, 'screen');
      assert.ok(!Number.isNaN(Date.parse(created.createdAt)));
      const fetched = await h.call('admin', 'GET', `/api/residents/${created.id}`);
      assert.deepEqual(json(fetched), created);
    } finally {
      await h.close();
    }
  });

  test('lists residents with limit and offset', async () => {
    const h = await aHarness();
    try {
      const all = json(await h.call('analyst', 'GET', '/api/residents'));
      assert.deepEqual(
        all.map((r: { name: string }) => r.name),
        ['Ada Lovelace', 'Bob Example'],
      );
      const second = json(await h.call('analyst', 'GET', '/api/residents?limit=1&offset=1'));
      assert.deepEqual(
        second.map((r: { name: string }) => r.name),
        ['Bob Example'],
      );
    } finally {
      await h.close();
    }
  });

  test('renames a resident and clears their postcode with PATCH', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('admin', 'PATCH', `/api/residents/${h.ada.id}`, { name: 'Ada K.', postcode: null });
      assert.equal(response.statusCode, 200);
      assert.equal(json(response).name, 'Ada K.');
      assert.equal(json(response).postcode, null);
      assert.equal(json(response).number, adaNumber);
    } finally {
      await h.close();
    }
  });

  test('changes only the settings named in PATCH /settings and keeps the others', async () => {
    const h = await aHarness();
    try {
      await h.call('admin', 'PATCH', `/api/residents/${h.ada.id}/settings`, { international: 'block' });
      const response = await h.call('admin', 'PATCH', `/api/residents/${h.ada.id}/settings`, {
        quietHours: { start: '21:00', end: '08:00' },
      });
      assert.equal(response.statusCode, 200);
      const { settings } = json(response);
      assert.equal(settings.international, 'block');
      assert.deepEqual(settings.quietHours, { start: '21:00', end: '08:00' });
      assert.equal(settings.withheld, 'screen');
    } finally {
      await h.close();
    }
  });

  test('removes a resident with DELETE, after which it is 404', async () => {
    const h = await aHarness();
    try {
      const removed = await h.call('admin', 'DELETE', `/api/residents/${h.bob.id}`);
      assert.equal(removed.statusCode, 204);
      assert.equal(removed.body, '');
      const again = await h.call('admin', 'DELETE', `/api/residents/${h.bob.id}`);
      assert.equal(again.statusCode, 404);
      assert.match(json(again).message, /no resident with id/);
      assert.equal((await h.call('admin', 'GET', `/api/residents/${h.bob.id}`)).statusCode, 404);
    } finally {
      await h.close();
    }
  });
});

describe('residents: bad input', () => {
  const cases: { name: string; body: unknown; field: string; message: RegExp }[] = [
    { name: 'a missing number', body: { name: 'Cy' }, field: 'body.number', message: /number is required/ },
    { name: 'a missing name', body: { number: '02079460100' }, field: 'body.name', message: /name is required/ },
    {
      name: 'a number that is not text',
      body: { number: 2079460100, name: 'Cy' },
      field: 'body.number',
      message: /must be text/,
    },
    {
      name: 'an empty name',
      body: { number: '02079460100', name: '  ' },
      field: 'body.name',
      message: /must not be empty/,
    },
    {
      name: 'a malformed number',
      body: { number: 'call me', name: 'Cy' },
      field: 'number',
      message: /not a phone number/,
    },
    {
      name: 'an impossible number',
      body: { number: '07700 900123', name: 'Cy' },
      field: 'number',
      message: /not a valid phone number/,
    },
    { name: 'a short code', body: { number: '999', name: 'Cy' }, field: 'number', message: /short code/ },
    {
      name: 'a bad postcode',
      body: { number: '02079460100', name: 'Cy', postcode: 'nowhere' },
      field: 'postcode',
      message: /postcode district/,
    },
    {
      name: 'a bad SIP URI',
      body: { number: '02079460100', name: 'Cy', phone: 'http://x' },
      field: 'phone',
      message: /SIP URI/,
    },
    {
      name: 'an unknown setting value',
      body: { number: '02079460100', name: 'Cy', settings: { withheld: 'maybe' } },
      field: 'body.settings.withheld',
      message: /Invalid option/,
    },
    {
      name: 'an unknown field',
      body: { number: '02079460100', name: 'Cy', nmae: 'x' },
      field: 'body',
      message: /nmae/,
    },
  ];
  for (const { name, body, field, message } of cases) {
    test(`refuses a new resident with ${name} with 400 naming ${field}, and stores nothing`, async () => {
      const h = await aHarness();
      try {
        const response = await h.call('admin', 'POST', '/api/residents', body);
        assert.equal(response.statusCode, 400, response.body);
        const problem = json(response);
        assert.equal(problem.error, 'invalid');
        assert.match(problem.message, message);
        assert.ok(problem.message.includes(field.replace(/^body\./, '')), problem.message);
        assert.ok(
          problem.issues.some((issue: { path: string }) => issue.path === field),
          JSON.stringify(problem.issues),
        );
        assert.equal(json(await h.call('admin', 'GET', '/api/residents')).length, 2);
      } finally {
        await h.close();
      }
    });
  }

  test('refuses a second resident with the same number with 409 and keeps the first', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('admin', 'POST', '/api/residents', { number: '01279 555001', name: 'Impostor' });
      assert.equal(response.statusCode, 409);
      assert.equal(json(response).error, 'conflict');
      assert.equal(json(await h.call('admin', 'GET', `/api/residents/${h.ada.id}`)).name, 'Ada Lovelace');
    } finally {
      await h.close();
    }
  });

  test('refuses a broken JSON body with 400 saying it is not valid JSON', async () => {
    const h = await aHarness();
    try {
      const response = await h.send('admin', {
        method: 'POST',
        url: '/api/residents',
        payload: '{"number": "02079460100", "name": ',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.statusCode, 400);
      assert.equal(json(response).error, 'invalid');
      assert.match(json(response).message, /not valid JSON/);
    } finally {
      await h.close();
    }
  });

  test('refuses a non-numeric resident id with 400 naming params.id', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('admin', 'GET', '/api/residents/ada');
      assert.equal(response.statusCode, 400);
      assert.match(json(response).message, /^params\.id: the resident id must be a whole number/);
    } finally {
      await h.close();
    }
  });

  test('refuses invalid settings with 400 and leaves the stored settings unchanged', async () => {
    const h = await aHarness();
    try {
      await h.call('admin', 'PATCH', `/api/residents/${h.ada.id}/settings`, { international: 'block' });
      for (const body of [
        { quietHours: { start: '25:00', end: '08:00' } },
        { timeZone: 'Mars/Olympus' },
        { international: 'sometimes' },
        { loudness: 11 },
        ['international', 'ring'],
      ]) {
        const response = await h.call('admin', 'PATCH', `/api/residents/${h.ada.id}/settings`, body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.match(json(response).message, /^body/);
      }
      const stored = json(await h.call('admin', 'GET', `/api/residents/${h.ada.id}`)).settings;
      assert.equal(stored.international, 'block');
      assert.equal(stored.quietHours, null);
      assert.equal(stored.timeZone, 'Europe/London');
    } finally {
      await h.close();
    }
  });

  test('refuses an empty PATCH and a bad postcode on PATCH with 400, keeping the resident as it was', async () => {
    const h = await aHarness();
    try {
      const empty = await h.call('admin', 'PATCH', `/api/residents/${h.ada.id}`, {});
      assert.equal(empty.statusCode, 400);
      assert.match(json(empty).message, /at least one of name, postcode, phone/);
      const bad = await h.call('admin', 'PATCH', `/api/residents/${h.ada.id}`, { name: 'X', postcode: 'nowhere' });
      assert.equal(bad.statusCode, 400);
      assert.match(json(bad).message, /postcode/);
      const stored = json(await h.call('admin', 'GET', `/api/residents/${h.ada.id}`));
      assert.equal(stored.name, 'Ada Lovelace');
      assert.equal(stored.postcode, 'CM23');
    } finally {
      await h.close();
    }
  });

  test('refuses a body sent as text/plain with 415', async () => {
    const h = await aHarness();
    try {
      const response = await h.send('admin', {
        method: 'POST',
        url: '/api/residents',
        payload: 'number=02079460100',
        headers: { 'content-type': 'text/plain' },
      });
      assert.equal(response.statusCode, 415);
      assert.equal(json(response).error, 'unsupported-media-type');
      assert.match(json(response).message, /application\/json/);
    } finally {
      await h.close();
    }
  });

  test('refuses a JSON body over 1 MB with 413', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('admin', 'POST', '/api/residents', {
        number: '02079460100',
        name: 'x'.repeat(1024 * 1024 + 10),
      });
      assert.equal(response.statusCode, 413);
      assert.equal(json(response).error, 'too-large');
    } finally {
      await h.close();
    }
  });
});
