import fc from 'fast-check';
import { realEngine } from '../../helpers/engine.js';
import { hostileText } from '../arbitraries.js';
const e = await realEngine();
const qs = e.suggest('', 50).map(s => s.question);
const hs = fc.sample(hostileText(qs, 1000), { numRuns: 5000, seed: 5 });
const buckets = new Map<string, [number, number]>();
for (const h of hs) {
  const t = performance.now(); e.answer(h); const d = performance.now() - t;
  const k = h.length > 1000 ? '>1000' : h.length > 900 ? '900-1000' : h.length > 200 ? '200-900' : h.length > 50 ? '50-200' : '<=50';
  const b = buckets.get(k) ?? [0, 0]; b[0]++; b[1] += d; buckets.set(k, b);
}
console.log([...buckets].map(([k, [n, d]]) => `${k}: n=${n} total=${d.toFixed(0)}ms avg=${(d / n).toFixed(2)}`).join('\n'));
