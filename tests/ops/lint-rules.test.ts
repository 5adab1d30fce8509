// The import rule in biome.json, tried on probe files: the engine must not depend on an adapter,
// the conversation layer, the store, a chat SDK or a database driver (design.md, convention 1).
// The probes live in a temporary copy of the layout, never in src/, so a failing run leaves
// nothing behind for `npm run lint` to trip over.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

const BIOME = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'biome');

const FORBIDDEN = [
  '../adapters/slack/app.js',
  '../../adapters/discord/render.js',
  '../conversation/handle.js',
  '../store/index.js',
  '../store.js',
  '@slack/bolt',
  '@slack/web-api',
  'discord.js',
  '@discordjs/rest',
  'pg',
  'better-sqlite3',
  'libsql',
  '@libsql/client',
  'node:sqlite',
];
const ALLOWED = ['./normalize.js', '../logger.js', 'zod', 'fuse.js', 'yaml', 'node:fs/promises'];

interface Diagnostic {
  category: string;
  location: { path: string };
}

let root: string;
const files = new Map<string, string>();

/** One probe file per import, in every form an import can take. */
function probe(folder: string, specifier: string, form: 'import' | 'type' | 'dynamic' | 'reexport'): string {
  const name = `probe-${files.size}.ts`;
  const source = {
    import: `import { thing } from '${specifier}';\nexport const used = thing;\n`,
    type: `import type { Thing } from '${specifier}';\nexport type Used = Thing;\n`,
    dynamic: `export async function load(): Promise<unknown> {\n  return import('${specifier}');\n}\n`,
    reexport: `export { thing } from '${specifier}';\n`,
  }[form];
  const relative = path.join(folder, name);
  writeFileSync(path.join(root, relative), source);
  files.set(relative, `${form} ${specifier}`);
  return relative;
}

function restricted(relative: string[]): Set<string> {
  const result = spawnSync(BIOME, ['lint', '--vcs-enabled=false', '--reporter=json', '--max-diagnostics=none', ...relative], { cwd: root, encoding: 'utf8' });
  const report = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
  return new Set(report.diagnostics.filter((diagnostic) => diagnostic.category === 'lint/style/noRestrictedImports').map((diagnostic) => diagnostic.location.path));
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'footnote-lint-'));
  copyFileSync(path.join(PROJECT_ROOT, 'biome.json'), path.join(root, 'biome.json'));
  for (const folder of ['src/engine', 'src/engine/deeper', 'src/adapters/slack', 'src']) mkdirSync(path.join(root, folder), { recursive: true });
});

afterAll(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

describe('GIVEN biome.json', () => {
  it('WHEN a file under src/engine imports an adapter, the conversation layer, the store, a chat SDK or a database driver THEN lint reports each one', () => {
    const probes = [
      ...FORBIDDEN.map((specifier) => probe('src/engine', specifier, 'import')),
      probe('src/engine', '@slack/bolt', 'type'),
      probe('src/engine', 'discord.js', 'dynamic'),
      probe('src/engine', '../adapters/adapter.js', 'reexport'),
      probe('src/engine/deeper', '../../adapters/slack/app.js', 'import'),
    ];
    const flagged = restricted(probes);
    expect(probes.filter((file) => !flagged.has(file)).map((file) => files.get(file))).toEqual([]);
  });

  it('WHEN a file under src/engine imports its own modules, shared code or its libraries THEN lint lets it', () => {
    const probes = ALLOWED.map((specifier) => probe('src/engine', specifier, 'import'));
    const flagged = restricted(probes);
    expect(probes.filter((file) => flagged.has(file)).map((file) => files.get(file))).toEqual([]);
  });

  it('WHEN an adapter or the composition root imports a chat SDK or an adapter THEN the rule does not apply', () => {
    const probes = [probe('src/adapters/slack', '@slack/bolt', 'import'), probe('src', './adapters/slack/app.js', 'import'), probe('src', 'discord.js', 'import')];
    expect(restricted(probes).size).toBe(0);
  });
});
