import type { Diagnostic, ModelPath } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/catalogue.js';
import type { DialplanRule } from './dialplan-rule.js';
import { compileNumberPlan, type CompiledNumberPlan, type CompiledRule } from './compile-number-plan.js';
import {
  differenceOf, digitTable, intersectionOf, ruleLanguage, shortestWord, unionLanguages, type RuleAutomaton,
} from './rule-language.js';
import { findNumberGaps, type GapOptions, type NumberPlanGap } from './number-plan-gaps.js';

/** A rule that never classifies anything: higher-precedence rules take all its numbers. */
export interface ShadowedRule {
  readonly id: number;
  /** Ids of the higher-precedence rules that take its numbers. */
  readonly by: readonly number[];
}

/** Two rules with different attrs that both match some numbers. */
export interface RuleOverlap {
  /** The rule dp_translate picks for the witness. */
  readonly winner: number;
  /** The rule that loses those numbers. */
  readonly loser: number;
  /** The shortest number the winner actually takes from the loser (digits preferred). */
  readonly witness: string;
}

/** Everything found about one dpid. */
export interface DpidAnalysis {
  readonly dpid: number;
  /** All findings as diagnostics (load problems of this dpid's rules included). */
  readonly diagnostics: readonly Diagnostic[];
  readonly shadowed: readonly ShadowedRule[];
  readonly overlaps: readonly RuleOverlap[];
  /** Digit-only numbers up to `gaps.maxLength` long that no rule classifies. */
  readonly gaps: readonly NumberPlanGap[];
}

/** Options for analysing a dpid. */
export interface AnalyzeDpidOptions {
  /** Model path of a rule (default `['rules', index]`, index into the given array). */
  readonly pathOf?: (rule: DialplanRule, index: number) => ModelPath;
  /** Gap enumeration bounds. */
  readonly gaps?: GapOptions;
  /** Model path for findings about the dpid as a whole (gaps); default `['dpids', dpid]`. */
  readonly dpidPath?: ModelPath;
}

interface Entry {
  readonly r: CompiledRule;
  readonly lang: RuleAutomaton;
  /** Applies all the time (no timerec), so it may shadow later rules. */
  readonly always: boolean;
  readonly keys: readonly string[];
}

const OTHER = '~';

/** Two-character prefix buckets of a language (digits one by one, every other character as `~`). */
/** Longest prefix key, and most keys per rule, used to find the pairs of rules worth intersecting. */
const KEY_DEPTH = 6;
const KEY_LIMIT = 256;

/**
 * The prefixes (as strings of digits, OTHER for any other character, `$` for "the number may end
 * here") of the rule's language, as deep as possible up to KEY_DEPTH without exceeding KEY_LIMIT.
 * Two rules can share a number only if a key of one is a prefix of (or equal to) a key of the other.
 */
function prefixKeys(lang: RuleAutomaton): string[] {
  const cls = (lo: number, hi: number): string[] => {
    const out: string[] = [];
    for (let d = Math.max(lo, 0x30); d <= Math.min(hi, 0x39); d++) out.push(String.fromCharCode(d));
    if (lo < 0x30 || hi > 0x39) out.push(OTHER);
    return out;
  };
  type Node = RuleAutomaton['initial'];
  let level: [string, Node][] = [['', lang.initial]];
  const ended: string[] = [];
  for (let depth = 0; depth < KEY_DEPTH && level.length > 0; depth++) {
    const next: [string, Node][] = [];
    const nextEnded: string[] = [];
    for (const [prefix, node] of level) {
      if (depth > 0 && lang.finals.has(node as never)) nextEnded.push(`${prefix}$`);
      for (const [range, to] of node.out) for (const c of cls(range.min, range.max)) next.push([prefix + c, to as Node]);
    }
    if (ended.length + nextEnded.length + next.length > KEY_LIMIT) break;
    ended.push(...nextEnded);
    level = next;
  }
  const keys = new Set<string>(ended);
  for (const [prefix] of level) keys.add(prefix);
  return [...keys];
}

/** A trie of keys -> entry indexes, to find entries whose keys are prefixes of a given key. */
interface TrieNode {
  readonly at: number[];
  readonly next: Map<string, TrieNode>;
}

class KeyTrie {
  private readonly root: TrieNode = { at: [], next: new Map() };

  add(key: string, entry: number): void {
    let node = this.root;
    for (const ch of key) {
      let n = node.next.get(ch);
      if (n === undefined) node.next.set(ch, (n = { at: [], next: new Map() }));
      node = n;
    }
    node.at.push(entry);
  }

  /** Entries with a key equal to `key` or a prefix of it. */
  prefixesOf(key: string, out: Set<number>): void {
    let node: TrieNode | undefined = this.root;
    for (const a of node.at) out.add(a);
    for (const ch of key) {
      node = node.next.get(ch);
      if (node === undefined) return;
      for (const a of node.at) out.add(a);
    }
  }
}

/**
 * Analyses the rules of one dpid exactly, on automata (refa): rules never used (fully shadowed by
 * higher-precedence rules), partial overlaps between rules with different attrs (winner and the
 * shortest number it takes), and short digit numbers no rule classifies (dp_translate fails for them).
 * Pairs of rules are compared only when their two-character prefixes can meet.
 */
export function analyzeDpid(
  plan: CompiledNumberPlan | readonly DialplanRule[], dpid: number, options: AnalyzeDpidOptions = {},
): DpidAnalysis {
  const compiled = Array.isArray(plan)
    ? compileNumberPlan(plan as readonly DialplanRule[], options.pathOf === undefined ? {} : { pathOf: options.pathOf })
    : (plan as CompiledNumberPlan);
  const diagnostics: Diagnostic[] = [];
  const dpidRules = new Set<DialplanRule>(compiled.rules.filter((r) => r.rule.dpid === dpid).map((r) => r.rule));
  // Load problems belong to this analysis only when it compiled the rules itself.
  if (Array.isArray(plan)) {
    for (const d of compiled.diagnostics) {
      if ((plan as readonly DialplanRule[]).some((r) => r.id === d.data.id && r.dpid === dpid)) diagnostics.push(d);
    }
  }
  const entries: Entry[] = [];
  for (const r of compiled.rules) {
    if (!dpidRules.has(r.rule)) continue;
    const lang = ruleLanguage(r);
    if (lang === undefined) {
      diagnostics.push(diag('dialplan.dp-regex-unsupported', [...r.path, 'matchExp'], { id: r.rule.id, field: 'match_exp', expression: r.rule.matchExp, construct: 'assertion', reason: 'cannot be resolved to an automaton' }));
      continue;
    }
    const always = r.rule.timerec === undefined || r.rule.timerec === '';
    if (!always) diagnostics.push(diag('dialplan.dp-timerec-assumed', [...r.path, 'timerec'], { id: r.rule.id, timerec: r.rule.timerec }));
    entries.push({ r, lang, always, keys: prefixKeys(lang) });
  }

  // Candidate pairs through the prefix trie (a key of one rule is a prefix of a key of the other);
  // then exact intersection on the automata.
  const trie = new KeyTrie();
  entries.forEach((e, i) => {
    for (const k of e.keys) trie.add(k, i);
  });
  const above: number[][] = entries.map(() => []); // above[k]: earlier entries whose language meets k's
  const n = entries.length;
  const seen = new Set<number>();
  entries.forEach((e, i) => {
    const candidates = new Set<number>();
    for (const k of e.keys) trie.prefixesOf(k, candidates);
    for (const c of candidates) {
      if (c === i) continue;
      const j = Math.min(i, c);
      const k = Math.max(i, c);
      const key = j * n + k;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!intersectionOf(entries[j]!.lang, entries[k]!.lang).isEmpty) above[k]!.push(j);
    }
  });
  for (const a of above) a.sort((x, y) => x - y);

  const shadowed: ShadowedRule[] = [];
  const overlaps: RuleOverlap[] = [];
  const shadowedSet = new Set<number>();
  for (let k = 0; k < n; k++) {
    const e = entries[k]!;
    const covering = above[k]!.filter((j) => entries[j]!.always);
    if (covering.length > 0 && differenceOf(e.lang, unionLanguages(covering.map((j) => entries[j]!.lang))).isEmpty) {
      const by = covering.map((j) => entries[j]!.r.rule.id);
      shadowed.push({ id: e.r.rule.id, by });
      shadowedSet.add(k);
      diagnostics.push(diag('dialplan.dp-rule-shadowed', e.r.path, { id: e.r.rule.id, dpid, attrs: e.r.rule.attrs, by }, {
        related: covering.map((j) => ({ path: entries[j]!.r.path })),
      }));
    }
  }
  for (let k = 0; k < n; k++) {
    if (shadowedSet.has(k)) continue;
    const loser = entries[k]!;
    for (const j of above[k]!) {
      const winner = entries[j]!;
      if (winner.r.rule.attrs === loser.r.rule.attrs) continue;
      // Numbers j really wins from k: not taken by an always-on rule above j.
      let both = intersectionOf(winner.lang, loser.lang);
      const higher = above[j]!.filter((i) => entries[i]!.always);
      if (higher.length > 0) both = differenceOf(both, unionLanguages(higher.map((i) => entries[i]!.lang)));
      const witness = shortestWord(both);
      if (witness === undefined) continue;
      overlaps.push({ winner: winner.r.rule.id, loser: loser.r.rule.id, witness });
      diagnostics.push(diag('dialplan.dp-rule-overlap', loser.r.path, {
        dpid, winner: winner.r.rule.id, loser: loser.r.rule.id, winnerAttrs: winner.r.rule.attrs, loserAttrs: loser.r.rule.attrs, witness,
      }, { related: [{ path: winner.r.path }] }));
    }
  }

  const gaps = findNumberGaps(entries.map((e) => digitTable(e.lang)), options.gaps);
  for (const g of gaps) {
    diagnostics.push(diag('dialplan.dp-gap', options.dpidPath ?? ['dpids', dpid], { dpid, length: g.length, count: g.count, examples: g.examples, patterns: g.patterns }));
  }
  return { dpid, diagnostics, shadowed, overlaps, gaps };
}
