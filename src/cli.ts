#!/usr/bin/env node
// The `footnote` command. Each subcommand parses its own flags with node:util parseArgs and
// prints --help; the engine does all the work.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { inputLines } from './adapters/console/input-lines.js';
import { renderAnswer, renderTimeline, renderTimelineError, wrapText } from './adapters/console/render.js';
import { safeLine } from './adapters/safe-text.js';
import { parseAppConfig, PROJECT_ROOT } from './config.js';
import { loadEngine, type Explanation, type KnowledgeEngine } from './engine/engine.js';
import { formatIssue, KnowledgeError, pathFromHere } from './engine/knowledge-error.js';
import { loadKnowledge } from './engine/load-knowledge.js';
import { DEFAULT_PACK } from './engine/knowledge.js';
import { introduction } from './conversation/help.js';
import type { Answer } from './engine/types.js';
import { parseStoreConfig } from './store/config.js';
import { openRecording } from './store/open.js';
import { personHash, type Recorder } from './store/recorder.js';
import { openSqliteStore } from './store/sqlite.js';
import { buildReport, reportHtml, reportSuggestions, reportText } from './store/report.js';
import { normalizeForKey } from './engine/normalize.js';
import type { Platform } from './conversation/types.js';
import { writeFileSync } from 'node:fs';
import { createLogger } from './logger.js';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { userInfo } from 'node:os';

/** After the pack's own words on what footnote knows (knowledge/pack.yaml), the commands. */
const USAGE = `Usage:
  footnote [serve]                   start every configured adapter (Slack, Discord), or the console chat
  footnote ask [--json] [question]   answer one question; with --json and no question, one JSON line per stdin line
  footnote timeline [topic] [range] [--topic X] [--from D] [--to D] [--limit N] [--json]
  footnote validate [--dir DIR]      check the knowledge; exit 1 on any error
  footnote knowledge [--json]        list every Q&A entry (--json: with its phrasings, answer and source URLs)
  footnote discord register [--guild ID]   register the slash commands with Discord
  footnote forget --user PLATFORM:ID delete one person's recorded questions, feedback and picks
  footnote report [--since 7d] [--platform P] [--json | --html FILE | --suggest]   what curators should fix
  footnote --version                 print the version

Run \`footnote <command> --help\` for a command's options. Configuration comes from environment
variables (see .env.example); KNOWLEDGE_DIR picks the knowledge folder.`;

const HELP = {
  serve: `footnote serve\n\nStarts Slack and/or Discord when their variables are set (see .env.example; a ./.env file is read\ntoo); otherwise a console chat on the terminal, or answers each line of piped input (under its\nquestion) and exits at the end or at /quit.`,
  ask: `footnote ask [--json] [--explain] [question...]\n\n  --explain  print why: the terms and weights, the closest entries, each feature, the thresholds, the decision\n  --json   print {question, answered, kind, reason, text, sources:[{title,url}], confidence, entry, matchedQuestion, suggestions}\n           with no question: read one question per line from stdin, write one JSON line each\n\nExample: footnote ask "what did Amazon invest?"`,
  timeline: `footnote timeline [topic] [range] [--topic X] [--from D] [--to D] [--limit N] [--json]\n\n  topic range  in words, as in the chat: amazon 2026, aws since 2026-02, 2025..2026\n  --topic   an entity or alias: amazon, aws, microsoft, azure, stargate, frontier, ...\n  --from    first date, YYYY, YYYY-MM or YYYY-MM-DD\n  --to      last date, same forms\n  --limit   at most N events\n  --json    print the timeline as JSON\n\nExamples: footnote timeline amazon 2026\n          footnote timeline --topic aws --from 2026`,
  validate: `footnote validate [--dir DIR] [--strict]\n\nChecks every knowledge file (schema, ids, references, dates, URLs) and prints each problem as\nfile:line: field: problem. Fix: …  Exits 1 on any error. Warns when calibration.json is stale;\nwith --strict (CI) a stale calibration exits 1 too.`,
  knowledge: `footnote knowledge [--json]\n\nLists every Q&A entry: its id, question and number of phrasings and sources.\n  --json   every entry with its phrasings, answer and source URLs as JSON (for comparing matchers)`,
  forget: `footnote forget --user PLATFORM:ID\n\nDeletes every recorded question, feedback click and pick of one person from the database DATABASE_URL\nnames (unset: ./data/footnote.db). PLATFORM is slack, discord or console; ID is the person's own id on it\n(a Slack member id such as U0123ABC, a Discord user id).\n\nExample: footnote forget --user slack:U0123ABC`,
  report: `footnote report [--since 7d] [--platform slack|discord|console] [--json | --html FILE | --suggest]\n\nWhat curators should fix, from the database DATABASE_URL names (unset: ./data/footnote.db): the most\nrefused and clarified questions (grouped by normalised question and reason), answers with the most 👎 and\nthe questions that led to them, clarify choices, replies per day by kind.\n  --since    7d, 24h or a date (YYYY-MM-DD); default: everything kept (RETENTION_DAYS)\n  --json     the report as JSON\n  --html     write a static page with charts to FILE (no server, nothing loaded from the network)\n  --suggest  YAML to paste: alternates from clarify choices and 👍'd wordings, unanswered phrasings from repeated refusals`,
  discord: `footnote discord register [--guild ID]\n\nBulk-overwrites the /ask and /timeline commands (idempotent). With --guild they appear in that\nserver at once; without it, globally. Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID.`,
} as const;

class UsageError extends Error {}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function knowledgeDir(dir?: string): string {
  return dir ?? parseAppConfig(process.env).knowledgeDir;
}

// Valid JSON leaves these raw inside strings, yet line-based readers split at U+0085, U+2028 and
// U+2029, and a bidi control reorders the rest of the line on screen. Escaped, every record stays
// one line that shows as written.
const UNSAFE_IN_JSON_LINES = /[\u0085\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON_LINES, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Human output wrapped at spaces to a terminal's width, where the terminal would cut words. */
function forTerminal(text: string): string {
  return process.stdout.isTTY && process.stdout.columns > 0 ? wrapText(text, process.stdout.columns) : text;
}

function answerJson(answer: Answer): string {
  return jsonText({
    question: answer.question,
    answered: answer.answered,
    kind: answer.kind,
    text: renderAnswer(answer, { sources: false, suggestions: false }),
    sources: answer.sources.map(({ title, url }) => ({ title, url })),
    confidence: answer.confidence,
    entry: answer.entry,
    reason: answer.reason,
    matchedQuestion: answer.matchedQuestion,
    suggestions: answer.suggestions,
    ...(answer.parts ? { parts: answer.parts.map(({ entry, question, text }) => ({ entry, question, text })) } : {}),
    ...(answer.facts ? { facts: answer.facts } : {}),
  });
}

/** `ask --explain`: the engine's reasoning, one section a line group, for a curator at a terminal. */
function explanationText(explanation: Explanation): string {
  const lines = [
    `cleaned:    ${explanation.cleaned}`,
    `terms:      ${explanation.terms.map((term) => `${term.term} (${term.weight}, ${term.kind})`).join(', ') || '(none)'}`,
    `entities:   ${explanation.entities.join(', ') || '(none)'}`,
    'top entries:',
    ...explanation.top.map((match, index) => `  ${index + 1}. ${match.entry}  score ${match.score}  via "${match.phrasing}"`),
    `unanswered: ${explanation.unanswered ? `${explanation.unanswered.family}  score ${explanation.unanswered.score}  via "${explanation.unanswered.phrasing}"` : '(none)'}`,
    'features (value → contribution to the log-odds):',
    ...explanation.features.map((feature) => `  ${feature.name.padEnd(20)} ${String(feature.value).padStart(7)} → ${feature.contribution >= 0 ? '+' : ''}${feature.contribution}`),
    `thresholds: ${Object.entries(explanation.thresholds).map(([name, value]) => `${name} ${value}`).join(', ')}`,
    `ranked:     ${explanation.ranked}`,
    `decision:   ${explanation.decision.kind} (${explanation.decision.reason})${explanation.decision.entry ? ` → ${explanation.decision.entry}` : ''}, confidence ${explanation.decision.confidence}`,
  ];
  return lines.join('\n');
}

/**
 * `ask` records only when DATABASE_URL is set: trying a question at a terminal is not what curators
 * want to read, unless someone says so.
 */
function askRecorder(engine: KnowledgeEngine): Recorder | null {
  const config = parseStoreConfig(process.env, { recordByDefault: false });
  return openRecording(config, createLogger({ level: 'warn', destination: process.stderr }), () => engine.knowledge.calibration.stamp);
}

function recordAnswer(recorder: Recorder | null, answer: Answer, started: number): void {
  recorder?.asked({
    at: Date.now(), platform: 'console', path: 'ask', user: `console:${userInfo().username}`, reply: randomBytes(6).toString('hex'), via: 'question',
    question: answer.question, kind: answer.kind, reason: answer.reason, entry: answer.entry, confidence: answer.confidence, latencyMs: performance.now() - started,
  });
}

async function ask(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, explain: { type: 'boolean' } });
  if (values.help) return print(HELP.ask);
  const engine = await loadEngine(knowledgeDir());
  const question = positionals.join(' ');
  if (values.explain) {
    if (question.trim() === '') throw new UsageError('ask --explain needs a question, e.g. footnote ask --explain "stargate backers?"');
    const explanation = engine.explain(question);
    process.stdout.write(`${values.json ? jsonText(explanation) : explanationText(explanation)}\n`);
    return 0;
  }
  if (question.trim() === '' && !values.json) throw new UsageError('ask needs a question, e.g. footnote ask "what did Amazon invest?" (or --json to read questions from stdin)');
  const recorder = askRecorder(engine);
  try {
    if (question.trim() !== '') {
      const started = performance.now();
      const answer = engine.answer(question);
      process.stdout.write(`${values.json ? answerJson(answer) : forTerminal(renderAnswer(answer))}\n`);
      recordAnswer(recorder, answer, started);
      return 0;
    }
    return await streamAnswers(engine, recorder);
  } finally {
    recorder?.close();
  }
}

/** One JSON line per input line, written as soon as it is answered so a driver can go one at a time. */
async function streamAnswers(engine: KnowledgeEngine, recorder: Recorder | null): Promise<number> {
  for await (const line of inputLines(process.stdin)) {
    const started = performance.now();
    const answer = engine.answer(line);
    process.stdout.write(`${answerJson(answer)}\n`);
    recordAnswer(recorder, answer, started);
  }
  return 0;
}

/** --since: "7d", "24h", or a date; the start of the window in ms since the epoch. */
function sinceOf(value: string | undefined, now = Date.now()): number {
  if (value === undefined) return 0;
  const relative = /^(\d+)([dh])$/.exec(value);
  if (relative) return now - Number(relative[1]) * (relative[2] === 'd' ? 86_400_000 : 3_600_000);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(date)) throw new UsageError(`--since must be like 7d, 24h or 2026-01-31, not "${value}"`);
  return date;
}

const PLATFORMS: readonly Platform[] = ['slack', 'discord', 'console', 'memory'];

async function report(args: string[]): Promise<number> {
  const { values } = parse(args, { since: { type: 'string' }, platform: { type: 'string' }, json: { type: 'boolean' }, html: { type: 'string' }, suggest: { type: 'boolean' } });
  if (values.help) return print(HELP.report);
  const platform = values.platform ?? null;
  if (platform !== null && !PLATFORMS.some((known) => known === platform)) throw new UsageError(`--platform must be one of ${PLATFORMS.join(', ')}`);
  const since = sinceOf(values.since);
  const { target, hashSalt } = parseStoreConfig(process.env, { recordByDefault: true });
  if (target.kind === 'off') throw new UsageError('DATABASE_URL is none: there is no database to report on');
  if (!existsSync(target.path)) throw new UsageError(`no database at ${pathFromHere(target.path)} yet: nothing has been recorded (set DATABASE_URL=sqlite:PATH to read another)`);
  // The phrasings the knowledge has already, so --suggest never proposes one twice; a report still
  // runs when the knowledge does not load.
  const known = await loadKnowledge(knowledgeDir()).then(
    (knowledge) =>
      new Set(
        [...knowledge.entries.flatMap((entry) => [entry.question, ...entry.alternates]), ...knowledge.unanswered.flatMap((family) => family.phrasings)].map((phrasing) => normalizeForKey(phrasing)),
      ),
    () => new Set<string>(),
  );
  const store = openSqliteStore(target.path, { hashSalt });
  let built: ReturnType<typeof buildReport>;
  try {
    built = buildReport(store.questions({ since, platform: PLATFORMS.find((known) => known === platform) ?? null }), { since, platform, known });
  } finally {
    store.close();
  }
  if (values.html !== undefined) {
    writeFileSync(values.html, reportHtml(built));
    process.stdout.write(`Wrote ${values.html} (${built.questions.toLocaleString('en-US')} questions).\n`);
  } else if (values.json) process.stdout.write(`${jsonText(built, 2)}\n`);
  else if (values.suggest) process.stdout.write(`${reportSuggestions(built)}\n`);
  else process.stdout.write(`${reportText(built)}\n`);
  return 0;
}

async function forget(args: string[]): Promise<number> {
  const { values } = parse(args, { user: { type: 'string' } });
  if (values.help) return print(HELP.forget);
  const match = /^(slack|discord|console|memory):(\S+)$/.exec(values.user ?? '');
  if (match === null) throw new UsageError('forget needs --user PLATFORM:ID, e.g. footnote forget --user slack:U0123ABC (PLATFORM: slack, discord or console)');
  const [, platform = '', id = ''] = match;
  // The database a bot records to by default: forgetting must find the rows wherever serve put them.
  const { target, hashSalt } = parseStoreConfig(process.env, { recordByDefault: true });
  if (target.kind === 'off') throw new UsageError('DATABASE_URL is none: there is no database to forget from');
  const store = openSqliteStore(target.path, { hashSalt });
  try {
    const removed = store.forget(personHash(store.salt, platform, id));
    process.stdout.write(`Deleted ${removed} row${removed === 1 ? '' : 's'} of ${platform}:${id} from ${pathFromHere(target.path)}.\n`);
  } finally {
    store.close();
  }
  return 0;
}

/** The engine's examples are chat commands ("/timeline amazon 2026"); here they are shown as this command. */
function cliTimelineExample(example: string): string {
  return `footnote timeline ${example.replace(/^\/timeline\b\s*/, '')}`.trimEnd();
}

async function timeline(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { topic: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) return print(HELP.timeline);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit must be a whole number of at least 1');
  const words = positionals.join(' ').trim();
  if (words !== '' && (values.topic !== undefined || values.from !== undefined || values.to !== undefined)) {
    throw new UsageError('give the topic and range either in words (footnote timeline amazon 2026) or with --topic/--from/--to, not both');
  }
  const engine = await loadEngine(knowledgeDir());
  // Words are read as the chat's /timeline reads them: a topic, a year, "since 2026-02", "2025..2026".
  const result = words === '' ? engine.timeline({ topic: values.topic, from: values.from, to: values.to, limit }) : engine.timelineFromText(words, limit);
  if (!result.ok) {
    process.stderr.write(`${renderTimelineError(result.error, cliTimelineExample(result.error.example))}\n`);
    return 1;
  }
  process.stdout.write(`${values.json ? jsonText(result.timeline, 2) : forTerminal(renderTimeline(result.timeline))}\n`);
  return 0;
}

/** What validate says about the fitted model: nothing when it fits the knowledge as it is. */
function calibrationNotice(status: 'fitted' | 'stale' | 'default'): string | null {
  if (status === 'stale') return 'Warning: calibration.json was fitted to other knowledge or matcher settings (its stamp is stale). Run `npm run calibrate`, then commit knowledge/calibration.json.';
  if (status === 'default') return 'Note: no calibration.json beside the knowledge; the engine decides with the documented default model (README, "Calibration"). `npm run calibrate` fits one.';
  return null;
}

async function validate(args: string[]): Promise<number> {
  const { values } = parse(args, { dir: { type: 'string' }, strict: { type: 'boolean' } });
  if (values.help) return print(HELP.validate);
  const dir = knowledgeDir(values.dir);
  try {
    const knowledge = await loadKnowledge(dir);
    const calibration = calibrationNotice(knowledge.calibration.status);
    const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
    const { files, sources, facts, entities, entries } = knowledge;
    const counts = [
      count(files.length, 'file', 'files'), count(sources.size, 'source', 'sources'), count(facts.size, 'fact', 'facts'),
      count(entities.size, 'entity', 'entities'), count(entries.length, 'Q&A entry', 'Q&A entries'),
    ];
    process.stdout.write(`Knowledge OK: ${counts.join(', ')}.\n`);
    if (calibration) process.stderr.write(`${calibration}\n`);
    return values.strict && knowledge.calibration.status === 'stale' ? 1 : 0;
  } catch (error) {
    if (!(error instanceof KnowledgeError)) throw error;
    for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    process.stderr.write(`${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} in ${dir}\n`);
    return 1;
  }
}

async function knowledge(args: string[]): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean' } });
  if (values.help) return print(HELP.knowledge);
  const dir = knowledgeDir();
  const loaded = await loadKnowledge(dir);
  const entries = loaded.entries.map((entry) => {
    const urls = new Set(entry.facts.flatMap((factId) => loaded.facts.get(factId)?.sources ?? []).map((sourceId) => loaded.sources.get(sourceId)?.url ?? ''));
    return { id: entry.id, question: entry.question, alternates: entry.alternates, answer: entry.answer, sources: [...urls].filter((url) => url !== '') };
  });
  if (values.json) {
    process.stdout.write(`${jsonText({ entries }, 2)}\n`);
    return 0;
  }
  const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  const phrasings = entries.reduce((sum, entry) => sum + 1 + entry.alternates.length, 0);
  const lines = entries.map((entry) => `  ${safeLine(entry.id)} — ${safeLine(entry.question)} (${count(entry.alternates.length + 1, 'phrasing')}, ${count(entry.sources.length, 'source')})`);
  process.stdout.write(`${forTerminal(`${count(entries.length, 'Q&A entry', 'Q&A entries')} with ${count(phrasings, 'phrasing')} in ${pathFromHere(dir)}:\n${lines.join('\n')}`)}\nRun \`footnote knowledge --json\` for every phrasing, answer and source URL.\n`);
  return 0;
}

async function discord(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parse(rest, { guild: { type: 'string' } });
  if (values.help || action !== 'register') return print(HELP.discord, values.help || action === '--help' ? 0 : 2);
  // Loaded on demand: discord.js and Bolt would slow every other command's start.
  const { parseDiscordConfig, registerCommands } = await import('./adapters/discord/index.js');
  const config = parseDiscordConfig(process.env);
  if (!config) throw new UsageError('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set to register commands (see .env.example)');
  const registered = await registerCommands({ config, guildId: values.guild });
  process.stdout.write(`Registered ${registered.map((command) => `/${command.name}`).join(', ')} ${values.guild ? `in guild ${values.guild}` : 'globally'}.\n`);
  return 0;
}

function version(): string {
  const { version: number } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof number === 'string' ? number : 'unknown';
}

/** The usage, opened by the pack's help (the one help text, see src/conversation/help.ts). */
async function usage(): Promise<string> {
  // Usage must print even when the knowledge does not load; then the generic pack speaks.
  const pack = await loadKnowledge(knowledgeDir()).then((knowledge) => knowledge.pack, () => DEFAULT_PACK);
  return introduction(pack, `\n${USAGE}`);
}

function print(text: string, code = 0): number {
  (code === 0 ? process.stdout : process.stderr).write(`${text}\n`);
  return code;
}

async function run(argv: string[]): Promise<number> {
  const [command = 'serve', ...args] = argv;
  switch (command) {
    case 'serve':
      if (args.includes('--help') || args.includes('-h')) return print(HELP.serve);
      // Local runs keep settings in ./.env; variables already in the environment win.
      if (existsSync('.env')) process.loadEnvFile('.env');
      return (await import('./main.js')).serve({ env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    case 'ask': return ask(args);
    case 'timeline': return timeline(args);
    case 'validate': return validate(args);
    case 'knowledge': return knowledge(args);
    case 'discord': return discord(args);
    case 'forget': return forget(args);
    case 'report': return report(args);
    case 'help': case '--help': case '-h': return print(await usage());
    case 'version': case '--version': case '-v': return print(`footnote ${version()}`);
    default: throw new UsageError(`unknown command "${command}"`);
  }
}

// A reader that stops early (`footnote knowledge --json | head`) closes the pipe: the output is no
// longer wanted, which ends the command, and is not a failure to report with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`footnote: ${error.message}\nRun \`footnote --help\` for usage.\n`);
    else if (error instanceof KnowledgeError) process.stderr.write(`${error.message}\nRun \`footnote validate\` for details.\n`);
    else process.stderr.write(`footnote: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
