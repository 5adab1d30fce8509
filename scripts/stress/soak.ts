// The engine soak: many questions through engine.answer() in one process, to show that memory stays
// flat and latency does not drift. Questions are the knowledge's own phrasings, perturbed the way
// people type (case, typos, filler, dropped words), mixed with hostile and random input, generated
// from a fixed seed so every run asks the same questions.
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadEngine } from '../../src/engine/engine.js';
import { DISCORD_HOSTILE, latencyStats, SLACK_HOSTILE } from './common.js';

export interface SoakResult {
  total: number;
  window: number;
  first: ReturnType<typeof latencyStats>;
  last: ReturnType<typeof latencyStats>;
  heapStart: number;
  heapEnd: number;
  rssStart: number;
  rssEnd: number;
  /** Heap used (after a full GC) at every tenth of the run. */
  heapSamples: number[];
  elapsedMs: number;
  kinds: Record<string, number>;
  /** Non-empty means engine.answer threw (it must never). */
  thrown: string[];
  gcAvailable: boolean;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function collector(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : null;
  } catch {
    return null;
  }
}

export async function runSoak(options: { knowledgeDir: string; total?: number; window?: number; seed?: number }): Promise<SoakResult> {
  const total = options.total ?? 50_000;
  const window = options.window ?? 5_000;
  const random = mulberry32(options.seed ?? 20_260_227);
  const engine = await loadEngine(options.knowledgeDir);
  const phrasings = engine.knowledge.entries.flatMap((entry) => [entry.question, ...entry.alternates]);
  const vocabulary = [...new Set(phrasings.flatMap((text) => text.toLowerCase().split(/\W+/)).filter((word) => word.length > 2))];
  const hostile = [...SLACK_HOSTILE, ...DISCORD_HOSTILE];
  const choose = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const perturb = (text: string): string => {
    const roll = random();
    if (roll < 0.15) return text.toLowerCase();
    if (roll < 0.25) return text.toUpperCase();
    if (roll < 0.4) {
      const at = Math.floor(random() * Math.max(1, text.length - 1));
      return text.slice(0, at) + (text[at + 1] ?? '') + (text[at] ?? '') + text.slice(at + 2);
    }
    if (roll < 0.5) return `hey footnote, ${text} thanks`;
    if (roll < 0.6) return text.split(' ').filter(() => random() > 0.2).join(' ');
    return text;
  };
  const question = (): string => {
    const roll = random();
    if (roll < 0.75) return perturb(choose(phrasings));
    if (roll < 0.85) return choose(hostile);
    // Random words from the knowledge's own vocabulary: plausible-looking, mostly unanswerable.
    return Array.from({ length: 2 + Math.floor(random() * 8) }, () => choose(vocabulary)).join(' ');
  };

  const gc = collector();
  const settle = (): void => {
    gc?.();
  };
  // Warm-up: JIT and caches settle before the start line is drawn.
  for (let i = 0; i < 2_000; i += 1) engine.answer(question());
  settle();
  const heapStart = process.memoryUsage().heapUsed;
  const rssStart = process.memoryUsage().rss;

  const latencies = new Float64Array(total);
  const heapSamples: number[] = [];
  const kinds: Record<string, number> = {};
  const thrown: string[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const text = question();
    const before = performance.now();
    try {
      const answer = engine.answer(text);
      latencies[i] = performance.now() - before;
      kinds[answer.kind] = (kinds[answer.kind] ?? 0) + 1;
    } catch (error) {
      latencies[i] = performance.now() - before;
      if (thrown.length < 3) thrown.push(`${JSON.stringify(text.slice(0, 60))}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if ((i + 1) % Math.max(1, Math.floor(total / 10)) === 0) {
      settle();
      heapSamples.push(process.memoryUsage().heapUsed);
    }
  }
  const elapsedMs = performance.now() - started;
  settle();
  const heapEnd = process.memoryUsage().heapUsed;
  const rssEnd = process.memoryUsage().rss;
  const all = Array.from(latencies);
  return {
    total,
    window,
    first: latencyStats(all.slice(0, window)),
    last: latencyStats(all.slice(-window)),
    heapStart,
    heapEnd,
    rssStart,
    rssEnd,
    heapSamples,
    elapsedMs,
    kinds,
    thrown,
    gcAvailable: gc !== null,
  };
}
