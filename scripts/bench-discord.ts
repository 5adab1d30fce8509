// Throughput and latency of the Discord adapter over the real protocol: the real discord.js client
// (via startDiscord) against the loopback fake Discord, /ask interactions dispatched on the gateway
// with a fixed number in flight, latency measured from the dispatch to the callback arriving at the
// fake REST server. Both ends share this process, so the numbers include the fake's own work.
//
//   npx tsx scripts/bench-discord.ts [--count 1000] [--concurrency 20]
import { percentile } from './stats.js';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseDiscordConfig, startDiscord } from '../src/adapters/discord/index.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/config.js';
import { loadEngine } from '../src/engine/engine.js';
import { silentLogger } from '../src/logger.js';
import { FakeDiscord, isCallbackFor, type DispatchedInteraction } from '../tests/fakes/discord/fake-discord.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '50' },
    'timeout-ms': { type: 'string', default: '10000' },
  },
});
const COUNT = Number(values.count);
const CONCURRENCY = Number(values.concurrency);
const WARMUP = Number(values.warmup);
const TIMEOUT_MS = Number(values['timeout-ms']);

const QUESTIONS = [
  'what did Amazon invest?',
  'is azure still exclusive?',
  'what is stargate?',
  'what did the memo say?',
  'who is Denise Dresser?',
  'how much',
  'hello',
  '@everyone what did microsoft say?',
];

interface Pending {
  dispatched: DispatchedInteraction;
  resolve: (latencyMs: number) => void;
}

const fake = await FakeDiscord.start();
const engine = await loadEngine(DEFAULT_KNOWLEDGE_DIR);
const config = parseDiscordConfig(fake.env());
if (config === null) throw new Error('fake env produced no config');
const bot = await startDiscord({ engine, logger: silentLogger(), config });

// Resolved from the fake's call log as callbacks arrive, keyed by interaction id.
const pending = new Map<string, Pending>();
const callbacksPerInteraction = new Map<string, number>();
fake.rest.calls.onEntry((call) => {
  const id = /^\/interactions\/(\d+)\//.exec(call.path)?.[1];
  if (id === undefined || !isCallbackFor(call, id)) return;
  callbacksPerInteraction.set(id, (callbacksPerInteraction.get(id) ?? 0) + 1);
  const waiting = pending.get(id);
  if (waiting && call.status < 300) {
    pending.delete(id);
    waiting.resolve(call.at - waiting.dispatched.sentAt);
  }
});

function askOnce(index: number): Promise<number | null> {
  return new Promise((resolve) => {
    const dispatched = fake.ask(QUESTIONS[index % QUESTIONS.length] ?? 'hello');
    const timer = setTimeout(() => {
      pending.delete(dispatched.id);
      resolve(null);
    }, TIMEOUT_MS);
    pending.set(dispatched.id, {
      dispatched,
      resolve: (latency) => {
        clearTimeout(timer);
        resolve(latency);
      },
    });
  });
}

async function run(total: number, concurrency: number): Promise<{ latencies: number[]; lost: number; elapsedMs: number }> {
  const latencies: number[] = [];
  let lost = 0;
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const latency = await askOnce(next++);
      if (latency === null) lost += 1;
      else latencies.push(latency);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, lost, elapsedMs: performance.now() - started };
}


let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

await run(WARMUP, CONCURRENCY);
const rssBefore = process.memoryUsage().rss;
callbacksPerInteraction.clear();
const { latencies, lost, elapsedMs } = await run(COUNT, CONCURRENCY);
clearInterval(sampler);
const rssAfter = process.memoryUsage().rss;
peakRss = Math.max(peakRss, rssAfter);

const doubled = [...callbacksPerInteraction.values()].filter((count) => count > 1).length;
const rejected = fake.rest.calls.filter((call) => call.path.startsWith('/interactions/') && call.status >= 300).length;
const sorted = [...latencies].sort((a, b) => a - b);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number): string => `${value.toFixed(2)} ms`;

console.log(`Discord adapter bench: ${COUNT} /ask interactions, ${CONCURRENCY} in flight, after ${WARMUP} warm-up`);
console.log(`  answered      ${latencies.length}   lost ${lost}   doubled ${doubled}   rejected callbacks ${rejected}`);
console.log(`  latency       p50 ${ms(percentile(sorted, 50))}   p90 ${ms(percentile(sorted, 90))}   p99 ${ms(percentile(sorted, 99))}   max ${ms(sorted.at(-1) ?? NaN)}`);
console.log(`  throughput    ${((latencies.length / elapsedMs) * 1000).toFixed(0)} interactions/s (${(elapsedMs / 1000).toFixed(2)} s)`);
console.log(`  RSS           ${mb(rssBefore)} before, ${mb(rssAfter)} after, ${mb(peakRss)} peak`);

await bot.stop();
await fake.close();
if (lost > 0 || doubled > 0 || rejected > 0) process.exitCode = 1;
