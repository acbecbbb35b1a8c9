/**
 * Lint rule for the dependency direction: the pure decision core (numbers, screening, detection, reputation,
 * residents) must not import adapters (store, http, cli, telephony, app, config, observability) nor do I/O.
 * Run by `npm run lint`; exits non-zero and lists every offending import.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const src = join(root, 'src');
const core = ['numbers', 'screening', 'detection', 'reputation', 'residents', 'campaigns'];
const forbiddenNodeModules = /^(node:)?(fs|net|dgram|http|https|child_process|worker_threads|fs\/promises)$/;
const forbiddenPackages = /^(better-sqlite3|pg|kysely|fastify|pino|commander|prom-client)/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const problems: string[] = [];
for (const file of walk(src)) {
  const rel = relative(src, file);
  const domain = rel.split(sep)[0] ?? '';
  if (!core.includes(domain) || file.endsWith('.test.ts')) continue;
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
    const spec = match[1] ?? '';
    if (spec.startsWith('.')) {
      const target = relative(src, resolve(dirname(file), spec)).split(sep)[0] ?? '';
      if (!core.includes(target)) problems.push(`${rel}: core module imports adapter '${spec}'`);
    } else if (forbiddenNodeModules.test(spec) || forbiddenPackages.test(spec)) {
      problems.push(`${rel}: core module imports I/O package '${spec}'`);
    }
  }
}
if (problems.length > 0) {
  console.error(`Architecture check failed (core must not depend on adapters):\n${problems.join('\n')}`);
  process.exit(1);
}
console.error('architecture: core modules depend on nothing outside the core');
