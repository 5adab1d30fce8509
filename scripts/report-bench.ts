// Fills a SQLite database with recorded questions (default 100,000 over 90 days, with 👍/👎 and
// clarify picks in realistic proportions) and times `footnote report` over it, as a curator runs
// it: a fresh process, text, --json, --html and --suggest. The floor is 2 s each; exits 1 above it.
//
//   npx tsx scripts/report-bench.ts [--questions 100000] [--keep FILE]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AnswerKind, Reason } from '../src/engine/types.js';
import { personHash } from '../src/store/recorder.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { StoredRow } from '../src/store/store.js';
import { normalizeForKey } from '../src/engine/normalize.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FLOOR_MS = 2_000;
const { values } = parseArgs({ options: { questions: { type: 'string', default: '100000' }, keep: { type: 'string' } } });
const total = Number(values.questions);
const folder = mkdtempSync(path.join(tmpdir(), 'footnote-report-bench-'));
const file = values.keep ?? path.join(folder, 'footnote.db');

/** What people ask, with what the bot replied: mostly answers, some clarifies and refusals. */
const ASKED: { question: string; kind: AnswerKind; reason: Reason; entry: string | null }[] = [
  { question: 'what did amazon invest?', kind: 'answer', reason: 'matched', entry: 'amazon-investment' },
  { question: 'how big is stargate', kind: 'answer', reason: 'matched', entry: 'stargate-scale' },
  { question: 'vesta?', kind: 'clarify', reason: 'ambiguous', entry: null },
  { question: 'what did the memo say', kind: 'clarify', reason: 'ambiguous', entry: null },
  { question: 'who runs amazon', kind: 'decline', reason: 'unknown-subject', entry: null },
  { question: 'whats the weather', kind: 'decline', reason: 'unknown-subject', entry: null },
  { question: 'is azure still exclusive?', kind: 'answer', reason: 'matched', entry: 'azure-exclusivity' },
];
const PICKS = ['amazon-partnership', 'amazon-investment', 'memo-summary'];

let seed = 42;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

const started = performance.now();
const store = openSqliteStore(file, { hashSalt: 'report-bench-salt-0001' });
const now = Date.now();
let batch: StoredRow[] = [];
for (let index = 0; index < total; index += 1) {
  const asked = ASKED[Math.floor(random() * ASKED.length)] ?? ASKED[0];
  if (asked === undefined) break;
  // A few wordings per question, so grouping by normalised key has work to do.
  const question = index % 3 === 0 ? asked.question.toUpperCase() : index % 3 === 1 ? `${asked.question}?` : asked.question;
  const at = now - Math.floor(random() * 90 * 86_400_000);
  const platform = index % 2 === 0 ? 'slack' : 'discord';
  const person = personHash(store.salt, platform, `U${index % 5_000}`);
  const reply = `r${index.toString(36)}`;
  batch.push({ table: 'question', at, platform, path: 'mention', person, reply, via: 'question', question, key: normalizeForKey(question), kind: asked.kind, reason: asked.reason, entry: asked.entry, confidence: 0.8, latencyMs: 0.4, stamp: 'sha256:bench' });
  if (asked.kind === 'answer' && random() < 0.1) batch.push({ table: 'feedback', at, platform, path: 'button', person, reply, helpful: random() < 0.7 });
  if (asked.kind === 'clarify' && random() < 0.4) batch.push({ table: 'choice', at, platform, path: 'button', person, fromReply: reply, entry: PICKS[Math.floor(random() * PICKS.length)] ?? 'amazon-partnership' });
  if (batch.length >= 5_000) {
    store.write(batch);
    batch = [];
  }
}
store.write(batch);
store.close();
console.log(`filled ${total.toLocaleString('en-US')} questions into ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

let failed = false;
for (const args of [[], ['--json'], ['--html', path.join(folder, 'report.html')], ['--suggest'], ['--since', '7d']]) {
  const begun = performance.now();
  execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'report', ...args], { env: { ...process.env, DATABASE_URL: `sqlite:${file}` }, stdio: ['ignore', 'ignore', 'inherit'] });
  const ms = performance.now() - begun;
  failed ||= ms > FLOOR_MS;
  console.log(`  footnote report ${args.join(' ').replace(folder, '…').padEnd(22)} ${ms.toFixed(0).padStart(5)} ms  (a fresh process, floor ${FLOOR_MS} ms)`);
}
if (values.keep === undefined) rmSync(folder, { recursive: true, force: true });
if (failed) process.exitCode = 1;
