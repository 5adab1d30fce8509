// Shared by `npm run stress` and the hardening tests: the question pools, the checks every recorded
// reply goes through (live mentions, source links), latency statistics and process memory.
import { readFileSync } from 'node:fs';
import type { KnowledgeEngine } from '../../src/engine/engine.js';
import { percentile } from '../stats.js';

export type LogLine = Record<string, unknown> & { level?: number; msg?: string };

/** Anything that can be waited on for a log line: a child bot's stdout, an in-process capture. */
export interface LogSource {
  /** The first line at index `from` or later (default 0) that matches, already logged or to come. */
  waitFor(predicate: (line: LogLine) => boolean, timeoutMs: number, from?: number): Promise<LogLine>;
  lines(): readonly LogLine[];
}

/** An append-only, waitable list of parsed log lines. */
export class LineLog implements LogSource {
  readonly entries: LogLine[] = [];
  private readonly listeners = new Set<(line: LogLine) => void>();

  push(line: LogLine): void {
    this.entries.push(line);
    for (const listener of this.listeners) listener(line);
  }

  /** Parses one chunk of newline-delimited JSON (non-JSON lines are kept as `{ msg }`). */
  pushChunk(chunk: string): void {
    for (const text of chunk.split('\n')) {
      if (text.trim() === '') continue;
      try {
        this.push(JSON.parse(text) as LogLine);
      } catch {
        this.push({ msg: text });
      }
    }
  }

  lines(): readonly LogLine[] {
    return this.entries;
  }

  errors(from = 0): LogLine[] {
    return this.entries.slice(from).filter((line) => (line.level ?? 0) >= 50);
  }

  waitFor(predicate: (line: LogLine) => boolean, timeoutMs: number, from = 0): Promise<LogLine> {
    const found = this.entries.slice(from).find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const listener = (line: LogLine): void => {
        if (!predicate(line)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        const recent = this.entries.slice(-8).map((line) => `${String(line.level)} ${String(line.msg)}`).join('\n  ');
        reject(new Error(`no matching log line within ${timeoutMs} ms; last lines:\n  ${recent || '(none)'}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }
}

export interface LoadQuestion {
  text: string;
  /** Written to try to ping, forge a link or break rendering; only politeness and safety are checked. */
  hostile: boolean;
  /** For a clean question the engine answers: the source URLs its reply must link to (any one). */
  expectedUrls: string[];
}

/** Hostile inputs in the form Slack delivers them (`<!channel>` is how Slack sends an @channel). */
export const SLACK_HOSTILE = [
  '<!channel> what did Amazon invest?',
  '<!here> is Azure still exclusive?',
  '<!everyone> hello everyone',
  '<!here|here> <!channel|channel> ping',
  '<@U0VICTIM01> what is Stargate?',
  '<@W0VICTIM02|victim> who wrote the memo?',
  '<!subteam^S0TEAM001|@oncall> what did the memo say?',
  '&lt;!channel&gt; typed literally',
  '<https://evil.example/|Source: Reuters> what did Amazon invest?',
  '*bold* _it_ `code` ```block``` <#C0OTHER01|general> > quote',
  '<script>alert(1)</script> [Source](https://evil.example) **Sources**',
  '\u202Ewhat did amazon invest\u200B?\u200F',
  '🤖🔥💸',
  '\u0000\u0007what\u001b[31m did amazon invest',
  'Что сделал Amazon? 亚马逊投资了多少？ ماذا استثمرت أمازون',
  '?!?!...,;;',
  `what did Amazon invest? ${'a'.repeat(10_000)}`,
];

/** Hostile inputs in Discord's own syntax. */
export const DISCORD_HOSTILE = [
  '@everyone what did Amazon invest?',
  '@here is Azure still exclusive?',
  '<@123456789012345678> what is Stargate?',
  '<@!123456789012345678> who wrote the memo?',
  '<@&123456789012345678> role ping',
  '@\u200Beveryone (with a zero-width space)',
  '[Source: Reuters](https://evil.example) what did Amazon invest?',
  '**Sources**\n- [fake](https://evil.example)',
  '```js\nwhile(true){}\n``` ||spoiler|| > quote',
  '\u202Ewhat did amazon invest\u200B?\u200F',
  '🤖🔥💸',
  'Что сделал Amazon? 亚马逊投资了多少？ ماذا استثمرت أمازون',
  `what did Amazon invest? ${'a'.repeat(5_900)}`,
];

/**
 * Clean questions from the knowledge itself (each entry's question and two alternates) that the
 * engine answers with sources, plus the hostile list. Hostile ones make up about a fifth.
 */
export function questionPool(engine: KnowledgeEngine, hostile: readonly string[]): LoadQuestion[] {
  const clean: LoadQuestion[] = [];
  for (const entry of engine.knowledge.entries) {
    for (const text of [entry.question, ...entry.alternates.slice(0, 2)]) {
      // Slack wraps `<`, `>` and `&` itself; keep the clean pool free of them so the text the engine
      // sees is exactly the text sent, and the expected sources are exact.
      if (/[<>&]/.test(text)) continue;
      const answer = engine.answer(text);
      if (answer.kind !== 'answer' || answer.sources.length === 0) continue;
      clean.push({ text, hostile: false, expectedUrls: answer.sources.map((source) => source.url) });
    }
  }
  if (clean.length === 0) throw new Error('the knowledge produced no answerable questions for the load pool');
  const pool: LoadQuestion[] = [];
  const hostileEvery = 5;
  let h = 0;
  for (let i = 0; i < clean.length; i += 1) {
    pool.push(clean[i] as LoadQuestion);
    if (i % hostileEvery === hostileEvery - 1) pool.push({ text: hostile[h++ % hostile.length] ?? '', hostile: true, expectedUrls: [] });
  }
  // Every hostile input appears at least once, even with a tiny knowledge base.
  for (; h < hostile.length; h += 1) pool.push({ text: hostile[h] ?? '', hostile: true, expectedUrls: [] });
  return pool;
}

/** Deterministic spread over the pool: neighbours differ, hostile inputs are interleaved. */
export function pick<T>(pool: readonly T[], index: number): T {
  const value = pool[(index * 7919) % pool.length];
  if (value === undefined) throw new Error('empty pool');
  return value;
}

// ---- live mentions ----

const SLACK_SPECIAL_MENTION = /<!(?:channel|here|everyone|subteam\^[^>|]*)(?:\|[^>]*)?>/gi;
const SLACK_USER_MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

/** Every string Slack would render from a message: `text` and every `text` inside the blocks. */
export function slackRenderedStrings(args: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (value: unknown, key: string | undefined): void => {
    if (typeof value === 'string') {
      if (key === 'text') found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, key);
    } else if (typeof value === 'object' && value !== null) {
      for (const [childKey, child] of Object.entries(value)) walk(child, childKey);
    }
  };
  walk(args.text, 'text');
  walk(args.blocks, undefined);
  walk(args.attachments, undefined);
  return found;
}

/**
 * Live mentions in a Slack reply: any `<!channel>`, `<!here>`, `<!everyone>` or user-group mention,
 * and any `<@U…>` other than the asker's own (the "<@asker> asked: …" line of an /ask answer).
 */
export function slackLiveMentions(args: Record<string, unknown>, askerId?: string): string[] {
  const live: string[] = [];
  for (const text of slackRenderedStrings(args)) {
    for (const match of text.matchAll(SLACK_SPECIAL_MENTION)) live.push(match[0]);
    for (const match of text.matchAll(SLACK_USER_MENTION)) if (match[1] !== askerId) live.push(match[0]);
  }
  return live;
}

/**
 * Problems with a Discord message body's mention safety: `allowed_mentions` must be present with an
 * empty `parse` and no explicit users or roles, or Discord would ping what the text mentions.
 */
export function discordLiveMentions(body: Record<string, unknown>): string[] {
  const allowed = body.allowed_mentions;
  if (typeof allowed !== 'object' || allowed === null) return ['allowed_mentions missing'];
  const { parse, users, roles } = allowed as { parse?: unknown; users?: unknown; roles?: unknown };
  const problems: string[] = [];
  if (!Array.isArray(parse)) problems.push('allowed_mentions.parse missing');
  else if (parse.length > 0) problems.push(`allowed_mentions.parse=${JSON.stringify(parse)}`);
  if (Array.isArray(users) && users.length > 0) problems.push(`allowed_mentions.users=${JSON.stringify(users)}`);
  if (Array.isArray(roles) && roles.length > 0) problems.push(`allowed_mentions.roles=${JSON.stringify(roles)}`);
  return problems;
}

/** True when the serialized reply links to one of `urls` (Slack may escape `&` in text). */
export function linksToAny(serialized: string, urls: readonly string[]): boolean {
  return urls.some((url) => serialized.includes(url) || serialized.includes(url.replace(/&/g, '&amp;')));
}

// ---- numbers ----

export { percentile };

export function latencyStats(latencies: readonly number[]): { p50: number; p99: number; max: number; mean: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN, mean };
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const ms = (value: number): string => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms` : 'n/a');

/** Resident set size and its peak (VmHWM) of any process on Linux, in bytes; null elsewhere. */
export function processMemory(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc; null elsewhere. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return null;
  }
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Resolves when `condition` holds, polling; rejects after `timeoutMs` naming `what`. */
export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** One load request as the tally sees it: what was asked, when, and every reply it drew. */
export interface TalliedRequest<Reply> {
  question: LoadQuestion;
  sentAt: number;
  replies: Reply[];
  /** How the request is named in examples of a live mention ("mention", "/ask", …). */
  label: string;
}

export interface ReplyReader<Reply, Request extends TalliedRequest<Reply>> {
  receivedAt(reply: Reply): number;
  liveMentions(reply: Reply, request: Request): string[];
  /** The reply as text, to find the source links in. */
  serialized(reply: Reply): string;
}

/** What a load round's replies add up to, on any platform. */
export interface ReplyTally {
  sent: number;
  answered: number;
  lost: number;
  /** Requests that got more than one reply. */
  duplicates: number;
  /** Replies with a live mention, with the offending text (first few). */
  liveMentions: number;
  liveExamples: string[];
  /** Clean questions whose reply does not link to any of the expected sources. */
  missingSource: number;
  /** How many of the requests carried a hostile question. */
  hostileSent: number;
  latencies: number[];
  stats: ReturnType<typeof latencyStats>;
}

/** Latency, losses, duplicates, live mentions and missing sources over a load round, for any platform. */
export function tallyReplies<Reply, Request extends TalliedRequest<Reply>>(requests: readonly Request[], read: ReplyReader<Reply, Request>): ReplyTally {
  const latencies: number[] = [];
  const liveExamples: string[] = [];
  let liveMentions = 0;
  let missingSource = 0;
  let duplicates = 0;
  for (const request of requests) {
    const [first] = request.replies;
    if (first === undefined) continue;
    latencies.push(read.receivedAt(first) - request.sentAt);
    if (request.replies.length > 1) duplicates += 1;
    for (const reply of request.replies) {
      const live = read.liveMentions(reply, request);
      if (live.length > 0) {
        liveMentions += 1;
        if (liveExamples.length < 3) liveExamples.push(`${request.label} "${request.question.text.slice(0, 40)}" → ${live.join(' ')}`);
      }
    }
    if (!request.question.hostile && !linksToAny(read.serialized(first), request.question.expectedUrls)) missingSource += 1;
  }
  const hostileSent = requests.filter((request) => request.question.hostile).length;
  return {
    sent: requests.length,
    answered: latencies.length,
    lost: requests.length - latencies.length,
    duplicates,
    liveMentions,
    liveExamples,
    missingSource,
    hostileSent,
    latencies,
    stats: latencyStats(latencies),
  };
}

/** Waits for `work` or `milliseconds`, whichever comes first. */
export async function atMost(work: Promise<unknown>, milliseconds: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, milliseconds)))]);
  clearTimeout(timer);
}
