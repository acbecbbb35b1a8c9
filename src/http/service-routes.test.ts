import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aHarness, json } from './http-test-kit.js';

describe('public service routes', () => {
  test('answers GET /health with 200 {status: ok} when ready, without a token', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('nobody', 'GET', '/health');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(json(response), { status: 'ok' });
    } finally {
      await h.close();
    }
  });

  test('answers GET /health with 503 while the service is not ready', async () => {
    const h = await aHarness({ ready: () => false });
    try {
      const response = await h.call('nobody', 'GET', '/health');
      assert.equal(response.statusCode, 503);
      assert.deepEqual(json(response), { status: 'unavailable' });
    } finally {
      await h.close();
    }
  });

  test('serves /metrics as Prometheus text with the registry content type, including request durations', async () => {
    const h = await aHarness();
    try {
      await h.call('admin', 'GET', '/api/residents');
      const response = await h.call('nobody', 'GET', '/metrics');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], h.registry.contentType);
      assert.match(response.body, /^# HELP callwarden_http_request_duration_seconds /m);
      assert.match(response.body, /^# TYPE callwarden_http_request_duration_seconds histogram$/m);
      assert.match(
        response.body,
        /callwarden_http_request_duration_seconds_count\{method="GET",route="\/api\/residents",status="200"\} 1/,
      );
    } finally {
      await h.close();
    }
  });

  test('publishes an OpenAPI 3 document listing every route with bearer security', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('nobody', 'GET', '/openapi.json');
      assert.equal(response.statusCode, 200);
      const doc = json(response);
      assert.match(doc.openapi, /^3\./);
      assert.deepEqual(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer' });
      const expected: [string, string][] = [
        ['/health', 'get'],
        ['/metrics', 'get'],
        ['/api/residents', 'get'],
        ['/api/residents', 'post'],
        ['/api/residents/{id}', 'get'],
        ['/api/residents/{id}', 'patch'],
        ['/api/residents/{id}', 'delete'],
        ['/api/residents/{id}/settings', 'patch'],
        ['/api/residents/{id}/contacts', 'get'],
        ['/api/residents/{id}/contacts', 'post'],
        ['/api/residents/{id}/contacts/{number}', 'delete'],
        ['/api/residents/{id}/blocks', 'get'],
        ['/api/residents/{id}/blocks', 'post'],
        ['/api/residents/{id}/blocks/{number}', 'delete'],
        ['/api/blocks', 'get'],
        ['/api/blocks', 'post'],
        ['/api/blocks/{number}', 'delete'],
        ['/api/dno', 'get'],
        ['/api/dno/import', 'post'],
        ['/api/screen', 'post'],
        ['/api/calls', 'get'],
        ['/api/calls/{callId}', 'get'],
        ['/api/reports', 'get'],
        ['/api/reports', 'post'],
        ['/api/reports/{id}/status', 'post'],
        ['/api/numbers/{number}', 'get'],
      ];
      for (const [path, method] of expected) assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`);
      const create = doc.paths['/api/residents'].post;
      assert.deepEqual(create.requestBody.content['application/json'].schema.required, ['number', 'name']);
      assert.ok(doc.paths['/api/dno/import'].post.requestBody.content['text/csv']);
      assert.ok(doc.paths['/api/reports'].get.responses['200'].content['text/csv']);
      assert.deepEqual(doc.paths['/health'].get.security, []);
    } finally {
      await h.close();
    }
  });

  test('answers an unknown route with 404 in the error format', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('admin', 'GET', '/api/nothing-here');
      assert.equal(response.statusCode, 404);
      assert.equal(json(response).error, 'not-found');
      assert.match(json(response).message, /GET \/api\/nothing-here/);
    } finally {
      await h.close();
    }
  });
});
