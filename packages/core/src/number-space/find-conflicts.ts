import { diag } from '../diagnostics/catalogue.js';
import type { Diagnostic, ModelPath } from '../diagnostics/diagnostic.js';
import { comparePatterns } from '../dialplan/asterisk/compare-patterns.js';
import type { CompiledPattern } from '../dialplan/asterisk/compiled-pattern.js';
import { patternsOverlap, shortestCommonNumber } from '../dialplan/asterisk/intersect-patterns.js';
import { matchesPattern } from '../dialplan/asterisk/match-pattern.js';
import { coverPattern } from '../dialplan/asterisk/pattern-coverage.js';
import { findPrefixAmbiguity } from '../dialplan/asterisk/prefix-ambiguity.js';
import { INTERNAL_CONTEXT } from './claim.js';
import type { ClusterSpace, NumberSpace, SpaceClaim } from './number-space.js';

/** Who is tried first when two claims meet, and in which entry contexts that happens. */
interface Verdict {
  readonly first: SpaceClaim;
  readonly second: SpaceClaim;
  /** Entry contexts where the two meet through includes; empty when they share one context. */
  readonly via: readonly string[];
}

/** Asterisk's order inside one context: sort order, then the earlier definition (the later one is dropped). */
function firstInContext(a: SpaceClaim, b: SpaceClaim): boolean {
  const c = comparePatterns(a.pattern, b.pattern);
  return c < 0 || (c === 0 && a.id < b.id);
}

function verdicts(s: ClusterSpace, a: SpaceClaim, b: SpaceClaim): Verdict[] {
  const ea = s.entriesOf(a.context);
  if (ea.length === 0) return [];
  if (a.context === b.context) return firstInContext(a, b) ? [{ first: a, second: b, via: [] }] : [{ first: b, second: a, via: [] }];
  const eb = new Set(s.entriesOf(b.context));
  const orders = s.entryOrders();
  const aFirst: string[] = [];
  const bFirst: string[] = [];
  for (const i of ea) {
    if (!eb.has(i)) continue;
    const o = orders[i]!;
    if (o.position.get(a.context)! < o.position.get(b.context)!) aFirst.push(o.entry);
    else bFirst.push(o.entry);
  }
  const out: Verdict[] = [];
  if (aFirst.length > 0) out.push({ first: a, second: b, via: aFirst });
  if (bFirst.length > 0) out.push({ first: b, second: a, via: bFirst });
  return out;
}

/** Findings keyed so a pair found twice (or from several entries) is reported once. */
class Sink {
  private readonly found = new Map<string, { code: string; path: ModelPath; related: ModelPath[]; data: Record<string, unknown>; error?: boolean }>();

  add(key: string, code: string, path: ModelPath, related: ModelPath[], data: Record<string, unknown>, error?: boolean): void {
    const had = this.found.get(key);
    if (had === undefined) this.found.set(key, { code, path, related, data, ...(error === undefined ? {} : { error }) });
    else if (typeof had.data.count === 'number') {
      had.data.count += 1;
      if (typeof data.witness === 'string' && typeof had.data.witness === 'string' && data.witness < had.data.witness) {
        had.data.witness = data.witness;
        if ('longer' in data) had.data.longer = data.longer;
        if ('number' in data) had.data.number = data.number;
      }
    }
  }

  diagnostics(): Diagnostic[] {
    return [...this.found.values()].map((f) => diag(f.code, f.path, f.data, {
      related: f.related.map((path) => ({ path })),
      ...(f.error === true ? { severity: 'error' as const } : {}),
    }));
  }
}

const viaKey = (via: readonly string[]): string => via.join(',');

/** Duplicates, pattern shadowing, priority leaks and prefix ambiguity around one literal claim. */
function checkLiteral(space: NumberSpace, s: ClusterSpace, a: SpaceClaim, sink: Sink, both: boolean): void {
  for (const b of s.literals.get(a.key) ?? []) {
    if (b === a || (!both && b.id < a.id)) continue;
    for (const v of verdicts(s, a, b)) {
      sink.add(`dup|${v.second.id}|${v.first.id}|${viaKey(v.via)}`, 'numspace.duplicate', v.second.owner, [v.first.owner], {
        extension: v.second.extension, witness: v.second.key, cluster: s.cluster, context: v.second.context, otherContext: v.first.context, other: v.first.label, via: v.via,
      });
    }
  }
  const prefixing = [...s.patternsPrefixing(a.key)];
  for (const p of prefixing) {
    if (!matchesPattern(p.pattern, a.key)) continue;
    for (const v of verdicts(s, a, p)) {
      if (v.first === p) {
        sink.add(`shadow-l|${a.id}|${p.id}|${viaKey(v.via)}`, 'numspace.literal-shadowed', a.owner, [p.owner], {
          number: a.key, witness: a.key, cluster: s.cluster, context: a.context, pattern: p.extension, patternContext: p.context, reaches: 'pattern', via: v.via,
        }, true);
      } else {
        sink.add(`shadow-p|${p.id}|${a.context}|${viaKey(v.via)}`, 'numspace.literal-shadowed', p.owner, [a.owner], {
          number: a.key, witness: a.key, count: 1, cluster: s.cluster, context: a.context, pattern: p.extension, patternContext: p.context, reaches: 'literal', via: v.via,
        });
        if (a.priorities !== undefined && p.priorities !== undefined && p.priorities > a.priorities) {
          sink.add(`leak|${a.id}|${p.id}|${viaKey(v.via)}`, 'numspace.priority-leak', a.owner, [p.owner], {
            number: a.key, witness: a.key, cluster: s.cluster, context: a.context, priorities: a.priorities, pattern: p.extension, patternPriorities: p.priorities, via: v.via,
          });
        }
      }
    }
  }

  for (const b of s.literalsExtending(a.key)) prefixFinding(s, sink, a, b, b.key);
  for (const gen of [prefixing, s.patternsExtending(a.key)]) {
    for (const p of gen) {
      const amb = findPrefixAmbiguity(a.pattern, p.pattern);
      if (amb !== undefined && amb.prefix === a.key) prefixFinding(s, sink, a, p, amb.longer);
    }
  }
  if (both) {
    for (let k = 1; k < a.key.length; k++) for (const b of s.literals.get(a.key.slice(0, k)) ?? []) prefixFinding(s, sink, b, a, a.key);
  }
  if (both && a.context === INTERNAL_CONTEXT) crossCluster(space.internalByNumber.get(a.key) ?? [], sink);
}

/** Records that dialing `short` waits because `long` (a literal or pattern) extends it, where the two meet. */
function prefixFinding(s: ClusterSpace, sink: Sink, short: SpaceClaim, long: SpaceClaim, longer: string): void {
  const via = meetVia(s, short, long);
  if (via === undefined) return;
  sink.add(`prefix|${short.id}|${long.context}|${viaKey(via)}`, 'numspace.prefix-ambiguity', short.owner, [long.owner], {
    witness: short.key, longer, count: 1, cluster: s.cluster, context: short.context, otherContext: long.context, other: long.label, via,
  });
}

/** Entry contexts where two claims meet; `[]` when they share a context; undefined when they never meet. */
function meetVia(s: ClusterSpace, a: SpaceClaim, b: SpaceClaim): string[] | undefined {
  const v = verdicts(s, a, b);
  if (v.length === 0) return undefined;
  return v.flatMap((x) => x.via).sort();
}

function crossCluster(all: readonly SpaceClaim[], sink: Sink): void {
  const first = all.reduce<SpaceClaim | undefined>((m, c) => (m === undefined || c.id < m.id ? c : m), undefined);
  if (first === undefined || first.multiCluster === true) return;
  for (const b of all) {
    if (b.cluster === first.cluster || b.multiCluster === true) continue;
    sink.add(`cross|${b.id}`, 'numspace.cross-cluster', b.owner, [first.owner], {
      number: b.key, witness: b.key, cluster: b.cluster, otherCluster: first.cluster, other: first.label,
    });
  }
}

function languageSize(p: CompiledPattern): number {
  if (p.tail !== 'none') return Infinity;
  let n = 1;
  for (let i = 0; i < p.length; i++) {
    let k = 0;
    for (let w = 0; w < 8; w++) {
      let x = p.sets[i * 8 + w]!;
      while (x !== 0) { x &= x - 1; k++; }
    }
    n *= k;
  }
  return n;
}

/** Pattern-pattern overlaps (each pair once, only where literal prefixes can meet) and unreachable patterns. */
function checkPattern(s: ClusterSpace, p: SpaceClaim, sink: Sink): void {
  const lp = p.pattern.literalPrefix;
  const near: SpaceClaim[] = [];
  for (const q of s.patternsPrefixing(lp)) {
    if (q === p) continue;
    near.push(q);
    if (q.pattern.literalPrefix === lp && q.id > p.id) continue; // that pair is handled from q's side
    if (!patternsOverlap(p.pattern, q.pattern)) continue;
    const same = comparePatterns(p.pattern, q.pattern) === 0;
    for (const v of verdicts(s, p, q)) {
      if (same) {
        sink.add(`dup|${v.second.id}|${v.first.id}|${viaKey(v.via)}`, 'numspace.duplicate', v.second.owner, [v.first.owner], {
          extension: v.second.extension, witness: shortestCommonNumber(p.pattern, q.pattern), cluster: s.cluster, context: v.second.context, otherContext: v.first.context, other: v.first.label, via: v.via,
        });
      } else {
        sink.add(`overlap|${v.second.id}|${v.first.id}|${viaKey(v.via)}`, 'numspace.pattern-overlap', v.second.owner, [v.first.owner], {
          pattern: v.second.extension, winner: v.first.extension, witness: shortestCommonNumber(p.pattern, q.pattern), cluster: s.cluster, context: v.second.context, winnerContext: v.first.context, via: v.via,
        });
      }
    }
  }
  for (const q of s.patternsExtending(lp)) near.push(q);
  const overlapping = near.filter((q) => patternsOverlap(p.pattern, q.pattern));
  const size = languageSize(p.pattern);
  let literals: SpaceClaim[] = [];
  if (Number.isFinite(size)) {
    for (const l of [...(s.literals.get(lp) ?? []), ...s.literalsExtending(lp)]) if (matchesPattern(p.pattern, l.key)) literals.push(l);
    if (overlapping.length === 0 && new Set(literals.map((l) => l.key)).size < size) literals = [];
  }
  const candidates = [...overlapping, ...literals];
  if (candidates.length === 0) return;
  const memo = new Map<string, SpaceClaim[] | null>();
  const unreachableVia = new Map<string, { by: SpaceClaim[]; via: string[] }>();
  const orders = s.entryOrders();
  for (const i of s.entriesOf(p.context)) {
    const o = orders[i]!;
    const pos = o.position.get(p.context)!;
    const before = candidates.filter((q) => {
      const qp = o.position.get(q.context);
      return qp !== undefined && (qp < pos || (qp === pos && firstInContext(q, p)));
    });
    if (before.length === 0) continue;
    const key = before.map((q) => q.id).join(',');
    let by = memo.get(key);
    if (by === undefined) {
      const cov = coverPattern(p.pattern, before.map((q) => q.pattern));
      by = cov.covered ? cov.overlapping.map((j) => before[j]!) : null;
      memo.set(key, by);
    }
    if (by === null) continue;
    const sameCtx = by.every((q) => q.context === p.context);
    const slot = unreachableVia.get(key) ?? { by, via: [] };
    if (!sameCtx) slot.via.push(o.entry);
    unreachableVia.set(key, slot);
  }
  for (const [key, { by, via }] of unreachableVia) {
    const shown = by.slice(0, 10);
    sink.add(`unreach|${p.id}|${key}`, 'numspace.pattern-unreachable', p.owner, shown.map((q) => q.owner), {
      pattern: p.extension, witness: shortestCommonNumber(p.pattern, by[0]!.pattern), by: shown.map((q) => q.extension), cluster: s.cluster, context: p.context, via: via.sort(),
    });
  }
}

/**
 * Every conflict in a number space: exact duplicates (in a context or through includes), literals
 * shadowed by patterns, pattern overlaps with the winner, unreachable patterns, priority leaks,
 * prefix ambiguity and numbers on two clusters that are neither roaming nor standard numbers.
 * Each diagnostic has `related` (the other owner) and `data.witness` (a number that shows it).
 *
 * Literals are looked up in indexes; patterns are compared only with patterns and literals their
 * literal prefix can meet, so no step compares all pairs of extensions.
 */
export function findConflicts(space: NumberSpace): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of space.clusters.values()) for (const d of findClusterConflicts(space, s.cluster)) out.push(d);
  for (const number of space.internalByNumber.keys()) for (const d of crossClusterConflicts(space, number)) out.push(d);
  return out;
}

/**
 * The conflicts inside one cluster: every finding of {@link findConflicts} except `numspace.cross-cluster`.
 * The findings of a cluster depend only on its claims and its entry contexts, so an edit re-checks
 * the clusters it touches.
 */
export function findClusterConflicts(space: NumberSpace, cluster: string): Diagnostic[] {
  const s = space.clusters.get(cluster);
  if (s === undefined) return [];
  const sink = new Sink();
  for (const list of s.literalLists()) for (const a of list) checkLiteral(space, s, a, sink, false);
  for (const list of s.buckets.values()) for (const p of list) checkPattern(s, p, sink);
  return sink.diagnostics();
}

/** The `numspace.cross-cluster` findings of one internal number (a claim key: the literal without `-`). */
export function crossClusterConflicts(space: NumberSpace, number: string): Diagnostic[] {
  const all = space.internalByNumber.get(number);
  if (all === undefined || all.length < 2) return [];
  const sink = new Sink();
  crossCluster(all, sink);
  return sink.diagnostics();
}

/** The conflicts that involve the literal `number` on `cluster` (what a single-extension edit re-checks). */
export function conflictsOfNumber(space: NumberSpace, cluster: string, number: string): Diagnostic[] {
  const sink = new Sink();
  const s = space.clusters.get(cluster);
  const key = number.replaceAll('-', '');
  for (const a of s?.literals.get(key) ?? []) checkLiteral(space, s!, a, sink, true);
  // Cross-cluster findings of this number where it sits on another cluster than `cluster`.
  const all = space.internalByNumber.get(key) ?? [];
  if (s === undefined || !(s.literals.get(key) ?? []).some((c) => c.context === INTERNAL_CONTEXT)) crossCluster(all, sink);
  return sink.diagnostics();
}
