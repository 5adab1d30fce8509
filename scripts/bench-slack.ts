// Latency of the Slack adapter over the HTTP Events API, end to end on loopback: signed app_mention
// requests in, chat.postMessage out to the fake Slack Web API. Latency runs from just before a
// request is sent to the moment its answer reaches the fake. Every request must be answered
// exactly once and carry a source link; the script exits non-zero otherwise.
//
// The bot runs in a child process, as it would in production: sharing one event loop with the
// load generator and the fake Slack would measure their queueing, not the bot's.
//
//   npx tsx scripts/bench-slack.ts [--requests 1000] [--concurrency 50] [--warmup 50] [--baseline]
//
// --baseline runs a bare Bolt app instead of footnote (same transport, a fixed one-line reply with
// a link), to show what footnote's own work adds on top of Bolt.
//
// --recording both (the default) runs the bot twice, recording off then on (questions written to a
// SQLite file in a temp folder, as `footnote serve` does), and prints what recording adds; `off` or
// `on` runs one of them.
import { percentile } from './stats.js';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { App } from '@slack/bolt';
import { startSlack } from '../src/adapters/slack/app.js';
import { parseSlackConfig } from '../src/adapters/slack/config.js';
import { loadEngine } from '../src/engine/engine.js';
import { Conversation } from '../src/conversation/conversation.js';
import { Recorder } from '../src/store/recorder.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { createLogger } from '../src/logger.js';
import { FakeSlack } from '../tests/fakes/slack/fake-slack.js';
import { appMention } from '../tests/fakes/slack/payloads.js';
import { send, signedJson } from '../tests/fakes/slack/signer.js';

const BOT_TOKEN = 'xoxb-bench-bot-token';
const SIGNING_SECRET = 'bench-signing-secret';
const QUESTIONS = [
  'What did Amazon invest?',
  'Is Azure still the exclusive cloud for OpenAI APIs?',
  "What did OpenAI's internal memo say?",
  'How big is Stargate?',
  'When was the Amazon partnership announced?',
];

type BotMessage = { type: 'ready'; port: number } | { type: 'stopped'; rss: number; heapUsed: number; cpuMs: number; recorded: number | null };

const scriptPath = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(scriptPath), '..');
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The comparison point: Bolt alone, answering every mention with a fixed line. */
async function startBareBolt(apiUrl: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const app = new App({ token: BOT_TOKEN, signingSecret: SIGNING_SECRET, clientOptions: { slackApiUrl: apiUrl } });
  app.event('app_mention', async ({ event, client }) => {
    await client.chat.postMessage({ channel: event.channel, thread_ts: event.ts, text: 'echo <https://example.com/|source>' });
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const address = server.address();
  return { port: typeof address === 'object' && address !== null ? address.port : 0, stop: async () => void (await app.stop()) };
}

/** Child process: the bot itself, pointed at the parent's fake Slack. */
async function serveBot(apiUrl: string, baseline: boolean, record: boolean): Promise<void> {
  if (baseline) {
    const bare = await startBareBolt(apiUrl);
    serveUntilStopped(bare.port, bare.stop, () => null);
    return;
  }
  const engine = await loadEngine(path.join(root, 'knowledge'));
  const config = parseSlackConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  if (config === null) throw new Error('bench config is empty');
  const logger = createLogger({ level: 'warn', destination: { write: (line: string) => process.stderr.write(line) } });
  const folder = record ? mkdtempSync(path.join(tmpdir(), 'footnote-bench-slack-')) : null;
  const store = folder === null ? null : openSqliteStore(path.join(folder, 'footnote.db'), { hashSalt: null });
  const recorder = store === null ? undefined : new Recorder({ store, logger, stamp: () => engine.knowledge.calibration.stamp, retentionDays: 90 });
  // The same conversation setup either way, so the only difference between the runs is the recorder.
  const conversation = new Conversation({ engine, logger, recorder });
  const adapter = await startSlack({ engine, logger, config, conversation });
  serveUntilStopped(adapter.address?.port ?? 0, () => adapter.stop(), () => {
    if (recorder === undefined || store === null) return null;
    recorder.flush();
    const recorded = store.questions({ since: 0, platform: null }).length;
    recorder.close();
    if (folder !== null) rmSync(folder, { recursive: true, force: true });
    return recorded;
  });
}

function serveUntilStopped(port: number, stop: () => Promise<void>, recorded: () => number | null): void {
  let cpuAtStart = process.cpuUsage();
  process.on('message', (message: unknown) => {
    if (message === 'measure') cpuAtStart = process.cpuUsage();
    if (message !== 'stop') return;
    // stop() drains work in flight, so a doubled answer would have reached the fake by the reply.
    void stop().then(() => {
      const { rss, heapUsed } = process.memoryUsage();
      const cpu = process.cpuUsage(cpuAtStart);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      process.send?.({ type: 'stopped', rss, heapUsed, cpuMs, recorded: recorded() } satisfies BotMessage, () => process.exit(0));
    });
  });
  process.send?.({ type: 'ready', port } satisfies BotMessage);
}


interface Outcome {
  ts: string;
  status: number;
  latencyMs: number;
}

/** Parent process: fake Slack plus the load generator. */
async function runBench(total: number, concurrency: number, warmup: number, baseline: boolean, record: boolean): Promise<{ p50: number; p99: number } | null> {
  const fake = await FakeSlack.start({ botToken: BOT_TOKEN, waitTimeoutMs: 30_000 });
  const bot = fork(scriptPath, ['--serve', fake.apiUrl, ...(baseline ? ['--baseline'] : []), ...(record ? ['--record'] : [])], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: BotMessage[] = [];
  const waiting: ((message: BotMessage) => void)[] = [];
  bot.on('message', (message: BotMessage) => {
    const waiter = waiting.shift();
    if (waiter !== undefined) waiter(message);
    else messages.push(message);
  });
  const nextMessage = (): Promise<BotMessage> =>
    new Promise((resolve, reject) => {
      const queued = messages.shift();
      if (queued !== undefined) resolve(queued);
      else {
        waiting.push(resolve);
        bot.once('exit', (code) => reject(new Error(`bot exited with ${code}`)));
      }
    });
  const ready = await nextMessage();
  if (ready.type !== 'ready') throw new Error('bot did not start');
  const eventsUrl = `http://127.0.0.1:${ready.port}/slack/events`;

  const one = async (index: number): Promise<Outcome> => {
    const body = appMention({ question: QUESTIONS[index % QUESTIONS.length] ?? 'help', channel: 'C0BENCH' });
    const ts = String(body.event.ts);
    const { status, sentAt } = await send(eventsUrl, signedJson(body, { signingSecret: SIGNING_SECRET }));
    const reply = await fake.waitForCall('chat.postMessage', (call) => call.args.thread_ts === ts);
    return { ts, status, latencyMs: reply.receivedAt - sentAt };
  };
  const run = async (count: number): Promise<Outcome[]> => {
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < count) {
        const index = next;
        next += 1;
        outcomes.push(await one(index));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    return outcomes;
  };

  await run(warmup);
  fake.calls.clear();
  bot.send('measure');
  const started = performance.now();
  const outcomes = await run(total);
  const elapsedMs = performance.now() - started;
  bot.send('stop');
  const stopped = await nextMessage();
  if (stopped.type !== 'stopped') throw new Error('bot did not stop cleanly');

  const replies = fake.callsOf('chat.postMessage');
  const perTs = new Map<string, number>();
  for (const reply of replies) perTs.set(String(reply.args.thread_ts), (perTs.get(String(reply.args.thread_ts)) ?? 0) + 1);
  const lost = outcomes.filter((outcome) => !perTs.has(outcome.ts)).length;
  const doubled = [...perTs.values()].filter((count) => count > 1).length;
  const non200 = outcomes.filter((outcome) => outcome.status !== 200).length;
  const withoutLink = replies.filter((reply) => !/<https?:\/\/[^|>]+\|/.test(String(reply.args.text))).length;
  const latencies = outcomes.map((outcome) => outcome.latencyMs).sort((a, b) => a - b);

  console.log(`${baseline ? 'BASELINE (bare Bolt echo) ' : `recording ${record ? 'ON ' : 'OFF'} `}Slack HTTP mode: ${total} signed app_mention requests, ${concurrency} in flight (after ${warmup} warm-up)`);
  console.log(`  answered   ${perTs.size}/${total}  lost ${lost}  doubled ${doubled}  non-200 ${non200}  without source link ${withoutLink}`);
  console.log(
    `  latency    p50 ${percentile(latencies, 50).toFixed(2)} ms  p99 ${percentile(latencies, 99).toFixed(2)} ms  max ${(latencies.at(-1) ?? Number.NaN).toFixed(2)} ms  (request sent → chat.postMessage received)`,
  );
  console.log(`  throughput ${((total / elapsedMs) * 1000).toFixed(0)} answers/s over ${(elapsedMs / 1000).toFixed(2)} s`);
  console.log(`  bot CPU    ${(stopped.cpuMs / total).toFixed(2)} ms per answer`);
  console.log(`  bot RSS    ${mb(stopped.rss)} (heap used ${mb(stopped.heapUsed)}) after the run`);
  // Every answered question is a row (warm-up included): none lost on the way to the file.
  if (stopped.recorded !== null) console.log(`  recorded   ${stopped.recorded}/${total + warmup} questions in SQLite`);

  await fake.close();
  if (lost > 0 || doubled > 0 || non200 > 0 || withoutLink > 0 || perTs.size !== total) process.exitCode = 1;
  if (stopped.recorded !== null && stopped.recorded !== total + warmup) process.exitCode = 1;
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    serve: { type: 'boolean', default: false },
    requests: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '50' },
    baseline: { type: 'boolean', default: false },
    record: { type: 'boolean', default: false },
    recording: { type: 'string', default: 'both' },
  },
});
if (values.serve) await serveBot(positionals[0] ?? '', values.baseline, values.record);
else {
  const args = [Number(values.requests), Number(values.concurrency), Number(values.warmup), values.baseline] as const;
  if (values.baseline || values.recording === 'off') await runBench(...args, false);
  else if (values.recording === 'on') await runBench(...args, true);
  else {
    const off = await runBench(...args, false);
    const on = await runBench(...args, true);
    if (off && on) console.log(`recording adds  p50 ${(on.p50 - off.p50).toFixed(2)} ms  p99 ${(on.p99 - off.p99).toFixed(2)} ms  (floors: 0.5 ms, 2 ms)`);
  }
}
