import { ANY_SET, SET_WORDS, setHas } from './char-set.js';
import type { CompiledPattern } from './compiled-pattern.js';
import { patternsOverlap } from './intersect-patterns.js';

/** Whether the extensions tried before a pattern leave it any number to answer. */
export interface PatternCoverage {
  /** True when every number the pattern matches is taken by an earlier extension (it is never reached). */
  readonly covered: boolean;
  /** The shortest number the pattern still answers (digits preferred); undefined when covered. */
  readonly witness: string | undefined;
  /** Indexes (into `before`) of the earlier extensions that take some of its numbers. */
  readonly overlapping: readonly number[];
}

const PREFERENCE: readonly number[] = (() => {
  const order: number[] = [];
  for (let c = 0x30; c <= 0x39; c++) order.push(c);
  for (let c = 0x21; c <= 0x7e; c++) if (c < 0x30 || c > 0x39) order.push(c);
  order.push(0x20);
  for (let c = 1; c <= 255; c++) if (c < 0x20 || c > 0x7e) order.push(c);
  return order;
})();

function setOf(p: CompiledPattern, i: number): [Uint32Array, number] | undefined {
  if (i < p.length) return [p.sets, i * SET_WORDS];
  return p.tail === 'none' ? undefined : [ANY_SET, 0];
}

interface State {
  readonly prefix: string;
  readonly alive: readonly number[];
}

/**
 * Decides exactly whether `pattern` is fully covered by `before` (the extensions Asterisk tries first),
 * and if not, gives the shortest number it still answers.
 *
 * Exact, no sampling: a breadth-first walk over positions where each state is the set of earlier
 * extensions still consistent with the prefix read so far (a lazily built product automaton);
 * characters are grouped by which of those extensions accept them, so each position costs one pass
 * over the pattern's character set. Past the longest fixed part every extension accepts any
 * character, so the remaining question is only about lengths and is answered arithmetically.
 *
 * @example
 * ```ts
 * const [p, a, b] = ['_6XX', '_6[0-4]X', '_6[5-9]X'].map((s) => compilePattern(s).pattern);
 * coverPattern(p, [a, b]).covered; // true
 * coverPattern(p, [a]).witness;    // '650'
 * ```
 */
export function coverPattern(pattern: CompiledPattern, before: readonly CompiledPattern[]): PatternCoverage {
  const overlapping: number[] = [];
  for (let i = 0; i < before.length; i++) if (patternsOverlap(pattern, before[i]!)) overlapping.push(i);
  if (pattern.neverMatches) return { covered: true, witness: undefined, overlapping };
  const qs = overlapping.map((i) => before[i]!);
  let depth = pattern.length;
  for (const q of qs) depth = Math.max(depth, q.length);

  let level: State[] = [{ prefix: '', alive: qs.map((_, i) => i) }];
  for (let i = 0; level.length > 0; i++) {
    if (i === depth) {
      let best: string | undefined;
      for (const st of level) {
        const w = terminalWitness(pattern, st, qs, i);
        if (w !== undefined && (best === undefined || w.length < best.length)) best = w;
      }
      return { covered: best === undefined, witness: best, overlapping };
    }
    for (const st of level) {
      if (i >= 1 && i >= pattern.minLength && i <= pattern.maxLength && !st.alive.some((q) => i >= qs[q]!.minLength && i <= qs[q]!.maxLength)) {
        return { covered: false, witness: st.prefix, overlapping };
      }
    }
    const next: State[] = [];
    const seen = new Set<string>();
    for (const st of level) {
      const ps = setOf(pattern, i);
      if (ps === undefined) continue;
      const qsets = st.alive.map((q) => setOf(qs[q]!, i));
      // Characters outside every explicit set at this position behave alike (only `.`/`!` tails take
      // them), so one representative stands for all of them; explicit members are tried one by one.
      const explicit = new Uint32Array(SET_WORDS);
      st.alive.forEach((q, j) => {
        if (i < qs[q]!.length) {
          const s = qsets[j]!;
          for (let w = 0; w < SET_WORDS; w++) explicit[w] = (explicit[w]! | s[0][s[1] + w]!) >>> 0;
        }
      });
      const groups = new Map<string, State>();
      let representative = false;
      for (const c of PREFERENCE) {
        if (!setHas(ps[0], ps[1], c)) continue;
        if (!setHas(explicit, 0, c)) {
          if (representative) continue;
          representative = true;
        }
        const alive: number[] = [];
        for (let j = 0; j < st.alive.length; j++) {
          const s = qsets[j];
          if (s !== undefined && setHas(s[0], s[1], c)) alive.push(st.alive[j]!);
        }
        const key = alive.join(',');
        if (!groups.has(key)) groups.set(key, { prefix: st.prefix + String.fromCharCode(c), alive });
      }
      for (const [key, child] of groups) {
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(child);
      }
    }
    level = next;
  }
  return { covered: true, witness: undefined, overlapping };
}

/** Past every fixed position: smallest length >= i the pattern accepts and no live earlier extension does. */
function terminalWitness(p: CompiledPattern, st: State, qs: readonly CompiledPattern[], i: number): string | undefined {
  const candidates = [Math.max(i, p.minLength, 1)];
  for (const q of st.alive) {
    const max = qs[q]!.maxLength;
    if (Number.isFinite(max) && max + 1 >= i) candidates.push(max + 1);
  }
  candidates.sort((x, y) => x - y);
  for (const len of candidates) {
    if (len < 1 || len < i || len < p.minLength || len > p.maxLength) continue;
    if (len > i && p.tail === 'none') continue;
    if (st.alive.some((q) => len >= qs[q]!.minLength && len <= qs[q]!.maxLength)) continue;
    return st.prefix + '0'.repeat(len - i);
  }
  return undefined;
}
