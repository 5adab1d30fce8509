import fc from 'fast-check';
import Fuse from 'fuse.js';
import { realEngine } from '../../helpers/engine.js';
import { partialText } from '../arbitraries.js';
import { cleanText } from '../../../src/engine/normalize.js';
const e = await realEngine() as any;
const qs = e.suggest('', 50).map((s: any) => s.question);
const ps = fc.sample(partialText(qs), { numRuns: 1000, seed: 7 }).map(p => cleanText(p.slice(0, 200))).filter(Boolean);
const entries = [...e.knowledge.entries];
const variants: Record<string, any> = {
  current: { keys: [{ name: 'question', weight: 2 }, 'alternates'], threshold: 0.4, ignoreLocation: true },
  noIgnoreLocation: { keys: [{ name: 'question', weight: 2 }, 'alternates'], threshold: 0.4 },
  questionsOnly: { keys: ['question'], threshold: 0.4, ignoreLocation: true },
};
for (const [name, opts] of Object.entries(variants)) {
  const f = new Fuse(entries, opts);
  let t = performance.now();
  for (const p of ps) f.search(p, { limit: 10 });
  const full = performance.now() - t;
  t = performance.now();
  for (const p of ps) f.search(p.slice(0, 24), { limit: 10 });
  console.log(name, 'n', ps.length, 'full', full.toFixed(0), 'cap24', (performance.now() - t).toFixed(0));
}
let t = performance.now();
for (const p of ps) e.matcher.rank(e.matcher.analyze(p));
console.log('matcher rank', (performance.now() - t).toFixed(0));
