/**
 * The command line end to end: each test runs the real `callwarden` program against a real SQLite file in a fresh
 * data directory, as a user or a script would.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: () => unknown;
}

function cli(data: string, args: string[], options: { uid?: number; gid?: number } = {}): Run {
  const result = spawnSync(process.execPath, ['--import', 'tsx', main, ...args, '--data', data], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', CALLWARDEN_DATA: '' },
    ...options,
  });
  return {
    code: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    json: () => JSON.parse(result.stdout),
  };
}

function freshData(): string {
  return join(mkdtempSync(join(tmpdir(), 'cw-cli-')), 'data');
}

function ok(run: Run): Run {
  assert.equal(run.code, 0, `expected success, got ${run.code}: ${run.stderr}`);
  return run;
}

function fails(run: Run, message: RegExp): void {
  assert.notEqual(run.code, 0, `expected failure, got success: ${run.stdout}`);
  assert.match(run.stderr, message);
}

/** A resident with a daughter as trusted contact, as most tests need. */
function withResident(): string {
  const data = freshData();
  ok(cli(data, ['resident', 'add', '--number', '01279 555001', '--name', 'Margaret', '--postcode', 'CM23 2AB']));
  ok(cli(data, ['contact', 'add', '--resident', '01279555001', '--number', '07911 123456', '--name', 'Sarah']));
  return data;
}

function screen(data: string, from: string, extra: string[] = []) {
  return ok(cli(data, ['screen', '--from', from, '--to', '+44 1279 555001', '--json', ...extra])).json() as {
    action: string;
    risk: number;
    reasons: { code: string; text: string }[];
  };
}

describe('callwarden screen', () => {
  test('creates the data directory and database on first use and rings a trusted contact', () => {
    const data = withResident();
    const decision = screen(data, 'sip:+447911123456@trunk.example');
    assert.equal(decision.action, 'ring');
    assert.deepEqual(
      decision.reasons.map((r) => r.code),
      ['trusted-contact'],
    );
    assert.ok(decision.risk >= 0 && decision.risk <= 1);
    const shown = ok(cli(data, ['number', 'show', '07911 123456', '--json'])).json() as {
      trustedContactOf: number;
      why: string[];
    };
    assert.equal(shown.trustedContactOf, 1);
    assert.ok(shown.why.some((line) => /trusted contact of one resident/.test(line)));
  });

  test('blocks spoofed numbers: DNO, emergency and own number, and screens unknown and withheld callers', () => {
    const data = withResident();
    const csv = join(data, '..', 'dno.csv');
    writeFileSync(csv, 'number,owner\n0345 734 5345,Barclays fraud team\n');
    ok(cli(data, ['dno', 'import', csv]));
    assert.equal(screen(data, '03457345345').reasons[0]?.code, 'do-not-originate');
    assert.equal(screen(data, '03457345345').action, 'block');
    assert.equal(screen(data, '999').reasons[0]?.code, 'emergency-number');
    assert.equal(screen(data, '01279 555001').reasons[0]?.code, 'own-number');
    assert.equal(screen(data, '07922 000111').action, 'screen');
    const withheld = screen(data, 'anonymous', ['--withheld']);
    assert.equal(withheld.action, 'screen');
    assert.equal(withheld.reasons[0]?.code, 'withheld');
  });

  test('blocks a number on the block list and records every decision in the call log', () => {
    const data = withResident();
    ok(cli(data, ['block', 'add', '--number', '+44 7922 000222', '--reason', 'courier fraud caller']));
    const decision = screen(data, '07922000222');
    assert.equal(decision.action, 'block');
    assert.match(decision.reasons[0]?.text ?? '', /courier fraud caller/);
    const calls = ok(cli(data, ['calls', 'list', '--json'])).json() as { action: string; presented: string }[];
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.action, 'block');
  });

  test('blocks a number reported by several residents but not one reported many times by one person', () => {
    const data = withResident();
    for (let i = 0; i < 5; i += 1) {
      ok(
        cli(data, [
          'report',
          'add',
          '--number',
          '07922 000333',
          '--resident',
          '01279555001',
          '--type',
          'courier-fraud',
        ]),
      );
    }
    assert.equal(screen(data, '07922000333').action, 'screen');
    ok(cli(data, ['resident', 'add', '--number', '01279 555002', '--name', 'Arthur', '--postcode', 'CM23']));
    ok(cli(data, ['report', 'add', '--number', '07922 000333', '--resident', '01279555002', '--loss', '2500']));
    const decision = screen(data, '07922000333');
    assert.equal(decision.action, 'block');
    assert.equal(decision.reasons[0]?.code, 'reported-scam');
    const shown = ok(cli(data, ['number', 'show', '07922000333', '--json'])).json() as {
      reputation: { distinctReporters: number; verdict: string };
      reports: unknown[];
      why: string[];
    };
    assert.equal(shown.reputation.distinctReporters, 2);
    assert.equal(shown.reports.length, 6);
    assert.ok(shown.why.some((line) => /reported/.test(line)));
  });

  test('applies quiet hours at the time given with --at', () => {
    const data = withResident();
    ok(cli(data, ['resident', 'set', '01279555001', '--quiet-hours', '21:00-08:00']));
    assert.equal(screen(data, '07922000444', ['--at', '2026-11-25T23:30:00Z']).action, 'voicemail');
    assert.equal(screen(data, '07922000444', ['--at', '2026-11-25T12:30:00Z']).action, 'screen');
  });
});

describe('bad input on the command line', () => {
  test('names the problem and exits non-zero for malformed numbers, missing residents and missing options', () => {
    const data = withResident();
    fails(cli(data, ['resident', 'add', '--number', 'not a number', '--name', 'X']), /number/);
    fails(cli(data, ['resident', 'add', '--number', '01279 555003']), /--name/);
    fails(cli(data, ['resident', 'add', '--number', '01279 555001', '--name', 'Twin']), /already/);
    fails(cli(data, ['resident', 'add', '--number', '01279 555004', '--name', 'X', '--postcode', '12345']), /postcode/);
    fails(
      cli(data, ['contact', 'add', '--resident', '01279 999999', '--number', '07911 123457', '--name', 'X']),
      /no resident/,
    );
    fails(cli(data, ['contact', 'add', '--resident', '01279555001', '--number', '12ab', '--name', 'X']), /number/);
    fails(cli(data, ['block', 'add', '--number', '999', '--reason', 'x']), /short code/);
    fails(cli(data, ['block', 'add', '--number', '07922000555']), /--reason/);
    fails(cli(data, ['report', 'add', '--number', '07922000555', '--type', 'lottery']), /type must be one of/);
    fails(cli(data, ['report', 'add', '--number', '07922000555', '--loss', 'lots']), /loss/);
    fails(cli(data, ['screen', '--from', '07922000555', '--to', '01279 888888']), /no resident/);
    fails(cli(data, ['screen', '--from', '07922000555', '--to', '01279555001', '--at', 'yesterday']), /--at/);
    fails(cli(data, ['resident', 'set', '01279555001', '--quiet-hours', 'late']), /quiet-hours/);
    fails(cli(data, ['resident', 'set', '01279555001', '--international', 'maybe']), /international/);
    fails(cli(data, ['reports', 'export', '--format', 'xml']), /--format/);
    fails(cli(data, ['dno', 'import', join(data, 'missing.csv')]), /cannot read/);
    // Nothing already stored was lost along the way.
    const shown = ok(cli(data, ['resident', 'show', '01279555001', '--json'])).json() as {
      name: string;
      contacts: unknown[];
    };
    assert.equal(shown.name, 'Margaret');
    assert.equal(shown.contacts.length, 1);
  });

  test('imports the good lines of a DNO file with broken lines and reports each bad line by number', () => {
    const data = withResident();
    const csv = join(data, '..', 'dno.csv');
    writeFileSync(
      csv,
      [
        'number,owner,notes',
        '0345 734 5345,Barclays,fraud line',
        'banana,Nobody,',
        '"0800 123 4567,Unclosed quote',
        '0800 111 222 3,HMRC,',
        '+44 20 7946 0000,Met Police,switchboard',
        '',
      ].join('\n'),
    );
    const run = cli(data, ['dno', 'import', csv, '--json']);
    assert.equal(run.code, 2, 'a file with bad lines exits non-zero');
    const result = run.json() as { imported: number; rejected: { line: number; error: string }[] };
    assert.ok(result.imported >= 2, `imported ${result.imported}`);
    assert.ok(result.rejected.some((r) => r.line === 3));
    assert.match(run.stderr, /dno\.csv:3: skipped/);
    const list = ok(cli(data, ['dno', 'list', '--json'])).json() as { number: string; owner: string }[];
    assert.ok(list.some((e) => e.number === '+443457345345' && e.owner === 'Barclays'));
    fails(cli(data, ['dno', 'import', join(data, '..', 'no-header.csv')]), /cannot read/);
    writeFileSync(join(data, '..', 'no-number.csv'), 'phone,owner\n03457345345,x\n');
    fails(cli(data, ['dno', 'import', join(data, '..', 'no-number.csv')]), /'number' column/);
  });

  test('refuses a corrupt database file with a clear message and leaves its bytes alone', () => {
    const data = freshData();
    ok(cli(data, ['resident', 'add', '--number', '01279 555001', '--name', 'Margaret']));
    const file = join(data, 'callwarden.db');
    const garbage = Buffer.from('this is not a database, it is a shopping list: eggs, milk, tea\n'.repeat(100));
    writeFileSync(file, garbage);
    for (const args of [
      ['resident', 'list'],
      ['screen', '--from', '07922000555', '--to', '01279555001'],
    ]) {
      fails(cli(data, args), /callwarden\.db.*(corrupt|not a CallWarden database)/i);
    }
    assert.deepEqual(readFileSync(file), garbage);
  });
});

describe('a database the user may not write', () => {
  // File permissions do not bind root, so when the tests run as root the CLI runs as the unprivileged user 'nobody'.
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? { uid: 65534, gid: 65534 } : {};

  test('reads a read-only database file, refuses writes with a clear message and keeps what was stored', () => {
    const data = withResident();
    chmodSync(join(data, '..'), 0o755);
    chmodSync(data, 0o777);
    chmodSync(join(data, 'callwarden.db'), 0o444);
    try {
      const listed = ok(cli(data, ['resident', 'list', '--json'], user)).json() as unknown[];
      assert.equal(listed.length, 1);
      const write = cli(data, ['block', 'add', '--number', '07922000888', '--reason', 'test'], user);
      fails(write, /read-only|readonly|cannot be written/i);
      assert.doesNotMatch(write.stderr, /at .*\.ts:\d+/, 'no stack trace for an expected failure');
    } finally {
      chmodSync(join(data, 'callwarden.db'), 0o644);
    }
    const shown = ok(cli(data, ['resident', 'show', '01279555001', '--json'])).json() as { contacts: unknown[] };
    assert.equal(shown.contacts.length, 1);
    assert.equal((ok(cli(data, ['block', 'list', '--json'])).json() as unknown[]).length, 0);
  });

  test('explains that a database folder that cannot be written stops the database from opening', () => {
    const data = withResident();
    chmodSync(join(data, '..'), 0o755);
    chmodSync(data, 0o555);
    chmodSync(join(data, 'callwarden.db'), 0o444);
    try {
      fails(cli(data, ['block', 'add', '--number', '07922000888', '--reason', 'test'], user), /cannot be written/);
    } finally {
      chmodSync(data, 0o755);
      chmodSync(join(data, 'callwarden.db'), 0o644);
    }
    assert.equal(
      (ok(cli(data, ['contact', 'list', '--resident', '01279555001', '--json'])).json() as unknown[]).length,
      1,
    );
  });
});

describe('reports export', () => {
  test('exports one CSV row per report with a header, filtered by area, type and period', () => {
    const data = withResident();
    ok(cli(data, ['resident', 'add', '--number', '01992 555001', '--name', 'Arthur', '--postcode', 'EN11']));
    ok(
      cli(data, [
        'report',
        'add',
        '--number',
        '07922000666',
        '--resident',
        '01279555001',
        '--type',
        'courier-fraud',
        '--loss',
        '110000',
        '--text',
        'Caller said he was DC Hughes, "Met Police", sent a courier',
      ]),
    );
    ok(cli(data, ['report', 'add', '--number', '07922000777', '--resident', '01992555001', '--type', 'vouchers']));
    const all = ok(cli(data, ['reports', 'export']))
      .stdout.trim()
      .split('\r\n');
    assert.equal(all.length, 3);
    assert.match(all[0] ?? '', /^report_id,date_time,caller_number/);
    const cm23 = ok(cli(data, ['reports', 'export', '--area', 'cm23']))
      .stdout.trim()
      .split('\r\n');
    assert.equal(cm23.length, 2);
    assert.match(
      cm23[1] ?? '',
      /\+447922000666,07922000666,courier-fraud,110000\.00,CM23,"Caller said he was DC Hughes, ""Met Police""/,
    );
    const json = ok(cli(data, ['reports', 'export', '--format', 'json', '--type', 'vouchers'])).json() as {
      area: string;
    }[];
    assert.equal(json.length, 1);
    assert.equal(json[0]?.area, 'EN11');
    const future = ok(cli(data, ['reports', 'export', '--since', '2999-01-01']))
      .stdout.trim()
      .split('\r\n');
    assert.equal(future.length, 1);
  });
});
