import { DFA, JS, NFA, Transformers, transform, type CharSet } from 'refa';
import type { CompiledRule } from './compile-number-plan.js';

/** refa's deterministic automaton, as the number-plan analysis uses it. */
export type RuleAutomaton = DFA;

const PRINTABLE_PLUS = '[!-~]+';

function universe(): DFA {
  // Dialed numbers: one or more printable ASCII characters, no spaces or control characters.
  const { expression, maxCharacter } = JS.Parser.fromLiteral({ source: `^${PRINTABLE_PLUS}$`, flags: '' }).parse();
  const e = transform(Transformers.patternEdgeAssertions({ remove: true }), expression);
  return DFA.fromFA(NFA.fromRegex(e, { maxCharacter }));
}

let cachedUniverse: DFA | undefined;
function getUniverse(): DFA {
  cachedUniverse ??= universe();
  return cachedUniverse;
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => `\\${c}`);
}

function endsWithAnchor(alt: string): boolean {
  if (!alt.endsWith('$')) return false;
  let n = 0;
  for (let i = alt.length - 2; i >= 0 && alt[i] === '\\'; i--) n++;
  return n % 2 === 0;
}

/** NFA of the inputs in which `alt` finds a match (PCRE search semantics: unanchored unless `^`/`$`). */
function alternativeNfa(alt: string, flags: string): NFA {
  const anchoredStart = alt.startsWith('^');
  const anchoredEnd = endsWithAnchor(alt);
  const body = alt.slice(anchoredStart ? 1 : 0, anchoredEnd ? alt.length - 1 : alt.length);
  const source = `${anchoredStart ? '' : '[^]*'}(?:${body})${anchoredEnd ? '' : '[^]*'}`;
  try {
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags }).parse({ backreferences: 'throw' });
    return NFA.fromRegex(expression, { maxCharacter }, { assertions: 'throw' });
  } catch {
    // Assertions inside the body: let refa's transformers resolve them against the whole input.
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source: `^[^]*(?:${alt})[^]*$`, flags }).parse({ backreferences: 'throw' });
    let e = transform(Transformers.simplify(), expression);
    e = transform(Transformers.patternEdgeAssertions({ remove: true }), e);
    return NFA.fromRegex(e, { maxCharacter }, { assertions: 'throw' });
  }
}

/**
 * The exact set of dialed numbers a rule matches, as a minimal DFA over UTF-16 code units restricted
 * to printable ASCII (`[!-~]+`): for a regex rule, every input in which PCRE finds a match; for an
 * equality rule, the string itself (any case variant when case-insensitive).
 * Undefined when refa cannot model the expression (assertions it cannot resolve).
 */
export function ruleLanguage(r: CompiledRule): RuleAutomaton | undefined {
  try {
    let nfa: NFA | undefined;
    if (r.rule.matchOp === 0) {
      nfa = alternativeNfa(`^${escapeRegex(r.rule.matchExp)}$`, (r.rule.matchFlags & 1) === 1 ? 'i' : '');
    } else {
      const m = r.match!;
      for (const alt of m.alternatives) {
        const part = alternativeNfa(alt, m.flags);
        if (nfa === undefined) nfa = part;
        else nfa.union(part);
      }
    }
    if (nfa === undefined) return undefined;
    const dfa = DFA.fromIntersection(DFA.fromFA(nfa), getUniverse());
    dfa.minimize();
    return dfa;
  } catch {
    return undefined;
  }
}

/** Union of several rule languages as a minimal DFA. */
export function unionLanguages(langs: readonly RuleAutomaton[]): RuleAutomaton {
  const nfa = NFA.fromFA(langs[0]!);
  for (let i = 1; i < langs.length; i++) nfa.union(langs[i]!);
  const dfa = DFA.fromFA(nfa);
  dfa.minimize();
  return dfa;
}

/** `a` minus `b`, as a minimal DFA. */
export function differenceOf(a: RuleAutomaton, b: RuleAutomaton): RuleAutomaton {
  const nb = b.copy();
  nb.complement();
  const d = DFA.fromIntersection(a, nb);
  d.minimize();
  return d;
}

/** `a` intersected with `b`, as a DFA. */
export function intersectionOf(a: RuleAutomaton, b: RuleAutomaton): RuleAutomaton {
  return DFA.fromIntersection(a, b);
}

function rank(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x21 && c <= 0x7e) return 100 + c;
  return 1000 + c;
}

/** The preferred character of a transition: its smallest digit, else its smallest printable character. */
function pick(set: CharSet | { ranges: readonly { min: number; max: number }[] }): number {
  let best = -1;
  for (const r of set.ranges) {
    for (const [lo, hi] of [[0x30, 0x39], [0x21, 0x7e]] as const) {
      if (r.max >= lo && r.min <= hi) {
        const c = Math.max(r.min, lo);
        if (best < 0 || rank(c) < rank(best)) best = c;
      }
    }
    if (best < 0 || rank(r.min) < rank(best)) best = r.min;
  }
  return best;
}

/**
 * The shortest word of a DFA, and among those the smallest when digits sort before every other
 * character (then ASCII order). Undefined when the language is empty. Breadth-first, exact.
 */
export function shortestWord(dfa: RuleAutomaton): string | undefined {
  type Node = DFA.ReadonlyNode;
  const parent = new Map<Node, [Node, number] | null>([[dfa.initial, null]]);
  let frontier: Node[] = [dfa.initial];
  while (frontier.length > 0) {
    for (const n of frontier) {
      if (dfa.finals.has(n as DFA.Node)) {
        let word = '';
        for (let cur: Node = n; ;) {
          const p = parent.get(cur);
          if (p === null || p === undefined) break;
          word = String.fromCharCode(p[1]) + word;
          cur = p[0];
        }
        return word;
      }
    }
    const next: Node[] = [];
    for (const n of frontier) {
      const edges: [number, Node][] = [];
      const best = new Map<Node, number>();
      for (const [range, to] of n.out) {
        const c = pick({ ranges: [range] });
        const prev = best.get(to);
        if (prev === undefined || rank(c) < rank(prev)) best.set(to, c);
      }
      for (const [to, c] of best) edges.push([c, to]);
      edges.sort((x, y) => rank(x[0]) - rank(y[0]));
      for (const [c, to] of edges) {
        if (parent.has(to)) continue;
        parent.set(to, [n, c]);
        next.push(to);
      }
    }
    frontier = next;
  }
  return undefined;
}

/** Digit transition table of a DFA: `next[state * 10 + d]` (-1 = dead) and `accept[state]`. */
export interface DigitTable {
  readonly next: Int32Array;
  readonly accept: Uint8Array;
}

/** Restricts a DFA to the digits 0-9 as a compact table (state 0 is the initial state). */
export function digitTable(dfa: RuleAutomaton): DigitTable {
  const ids = new Map<DFA.ReadonlyNode, number>([[dfa.initial, 0]]);
  const order: DFA.ReadonlyNode[] = [dfa.initial];
  for (let i = 0; i < order.length; i++) {
    for (let d = 0; d < 10; d++) {
      const to = order[i]!.out.get(0x30 + d);
      if (to !== undefined && !ids.has(to)) { ids.set(to, order.length); order.push(to); }
    }
  }
  const next = new Int32Array(order.length * 10).fill(-1);
  const accept = new Uint8Array(order.length);
  order.forEach((n, i) => {
    accept[i] = dfa.finals.has(n as DFA.Node) ? 1 : 0;
    for (let d = 0; d < 10; d++) {
      const to = n.out.get(0x30 + d);
      if (to !== undefined) next[i * 10 + d] = ids.get(to)!;
    }
  });
  return { next, accept };
}
