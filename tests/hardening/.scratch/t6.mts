import fc from 'fast-check';
import { realEngine } from '../../helpers/engine.js';
import { hostilePiece } from '../arbitraries.js';
const e = await realEngine();
const qs = e.suggest('', 50).map(s => s.question);
for (const max of [12, 20, 30]) {
  const arb = fc.oneof(
    { weight: 3, arbitrary: hostilePiece(qs).map(t => t.slice(0, max)) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...qs), fc.nat()).map(([q, n]) => q.slice(0, 1 + (n % max))) },
    { weight: 2, arbitrary: fc.tuple(hostilePiece(qs), fc.constantFrom(...qs), fc.nat()).map(([p, q, n]) => `${p}${q.slice(0, n % max)}`.slice(0, max)) },
  );
  const samples = fc.sample(arb, { numRuns: 1000, seed: 1 });
  const t = performance.now();
  for (const s of samples) e.suggest(s, 10);
  console.log(max, ((performance.now() - t)).toFixed(0), 'ms per 1000');
}
const ee = e as any;
const { cleanText } = await import('../../../src/engine/normalize.js');
const samples = fc.sample(fc.oneof(hostilePiece(qs).map(t => t.slice(0, 12))), { numRuns: 500, seed: 1 });
let tf = 0, tr = 0; const slow: [number, string][] = [];
for (const s of samples) {
  const q = cleanText(s.slice(0, 200)); if (!q) continue;
  let t = performance.now(); ee.matcher.rank(ee.matcher.analyze(q)); const r = performance.now() - t; tr += r;
  t = performance.now(); ee.autocomplete.search(q, { limit: 10 }); const f = performance.now() - t; tf += f;
  slow.push([r + f, q]);
}
console.log('rank', tr.toFixed(0), 'fuse', tf.toFixed(0));
slow.sort((a, b) => b[0] - a[0]); console.log(slow.slice(0, 10));
