/**
 * Benchmark of the pure dialplan engines: Asterisk pattern compile/sort/intersect/coverage over 5k
 * route patterns, and OpenSIPS dpid analysis for 10/100/1000 regex rules. Seeded, deterministic input.
 * Run: `npx tsx packages/core/bench/dialplan-engines.bench.ts`
 */
import {
  analyzeDpid, compilePattern, comparePatterns, coverPattern, patternsOverlap, shortestCommonNumber,
  type CompiledPattern, type DialplanRule,
} from '../src/dialplan/index.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

function routePatterns(n: number, seed: number): string[] {
  const r = rng(seed);
  const d = (): string => String(Math.floor(r() * 10));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const prefix = Array.from({ length: 1 + Math.floor(r() * 4) }, d).join('');
    const kind = Math.floor(r() * 5);
    if (kind === 0) out.push(`_${prefix}NXXXXXX`);
    else if (kind === 1) out.push(`_${prefix}[1-${1 + Math.floor(r() * 8)}]XX`);
    else if (kind === 2) out.push(`_${prefix}X.`);
    else if (kind === 3) out.push(`_${prefix}ZXXX!`);
    else out.push(`${prefix}${d()}${d()}${d()}`);
  }
  return out;
}

function regexRules(n: number, seed: number): DialplanRule[] {
  const r = rng(seed);
  const d = (): string => String(Math.floor(r() * 10));
  const attrs = ['voip', 'national', 'mobile', 'international', 'legacy', 'media'];
  return Array.from({ length: n }, (_, i) => {
    const prefix = Array.from({ length: 2 + Math.floor(r() * 4) }, d).join('');
    const k = Math.floor(r() * 4);
    const matchExp = k === 0 ? `^${prefix}[0-9]{${2 + (i % 4)}}$` : k === 1 ? `^${prefix}.*` : k === 2 ? `^0${prefix}([1-9])[0-9]{3,8}$` : `^${prefix}(.{3})$`;
    return { id: i + 1, dpid: 0, pr: 1 + Math.floor(r() * 3), matchOp: 1, matchExp, matchFlags: 0, disabled: false, attrs: attrs[i % attrs.length]! };
  });
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

const rows: string[][] = [];
const row = (...cells: (string | number)[]): void => { rows.push(cells.map(String)); };

// Asterisk patterns.
for (const n of [500, 5000]) {
  const texts = routePatterns(n, 42);
  const [ps, tCompile] = time(() => texts.map((t) => compilePattern(t).pattern));
  const [, tSort] = time(() => [...ps].sort(comparePatterns));
  // Index by first literal character (what the number-space checker does), compare within buckets.
  const buckets = new Map<string, CompiledPattern[]>();
  for (const p of ps) {
    const k = p.literalPrefix.slice(0, 1);
    const b = buckets.get(k) ?? [];
    b.push(p);
    buckets.set(k, b);
  }
  let pairs = 0;
  let overlaps = 0;
  const [, tOverlap] = time(() => {
    for (const b of buckets.values()) for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) {
      pairs++;
      if (patternsOverlap(b[i]!, b[j]!)) { overlaps++; shortestCommonNumber(b[i]!, b[j]!); }
    }
  });
  let covered = 0;
  const [, tCover] = time(() => {
    for (const b of buckets.values()) {
      const sorted = [...b].sort(comparePatterns);
      sorted.forEach((p, i) => { if (coverPattern(p, sorted.slice(Math.max(0, i - 50), i)).covered) covered++; });
    }
  });
  row('asterisk', `${n} patterns`, 'compile', tCompile.toFixed(1), `${Math.round(n / tCompile * 1000)}/s`);
  row('asterisk', `${n} patterns`, 'sort', tSort.toFixed(1), `${Math.round(n / tSort * 1000)}/s`);
  row('asterisk', `${n} patterns`, `overlap+witness (${pairs} pairs, ${overlaps} overlap)`, tOverlap.toFixed(1), `${Math.round(pairs / tOverlap * 1000)} pairs/s`);
  row('asterisk', `${n} patterns`, `coverage vs 50 earlier (${covered} covered)`, tCover.toFixed(1), `${Math.round(n / tCover * 1000)}/s`);
}

// OpenSIPS dpid analysis.
for (const n of [10, 100, 1000]) {
  const rules = regexRules(n, 7);
  const [a, t] = time(() => analyzeDpid(rules, 0, { gaps: { maxLength: 4 } }));
  row('opensips', `${n} regex rules`, `analyzeDpid (${a.shadowed.length} shadowed, ${a.overlaps.length} overlaps, ${a.gaps.length} gap lengths)`, t.toFixed(1), `${Math.round(n / t * 1000)} rules/s`);
}

const head = ['engine', 'size', 'operation', 'ms', 'throughput'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]): string => r.map((c, i) => (i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
