import type { DialplanRule } from './dialplan-rule.js';
import { isCaseInsensitive } from './dialplan-rule.js';
import { compileNumberPlan, type CompiledNumberPlan, type CompiledRule } from './compile-number-plan.js';

/** What dp_translate does with a number. */
export type ClassifyResult =
  | {
    /** A rule matched and the output was built. */
    readonly status: 'translated';
    readonly rule: DialplanRule;
    /** The translated number (the input itself when the rule has no replacement). */
    readonly output: string;
    /** The rule's attrs (the talk's call class). */
    readonly attrs: string;
  }
  | {
    /** A rule matched but its `subst_exp` does not match the input: dp_translate fails. */
    readonly status: 'translate-failed';
    readonly rule: DialplanRule;
    readonly attrs: string;
  }
  | {
    /** No rule matched: dp_translate fails (the talk answers 420 Invalid Destination). */
    readonly status: 'no-match';
  };

/** Options for classification. */
export interface ClassifyOptions {
  /** Whether a rule with a `timerec` applies now; by default every such rule applies. */
  readonly timerecActive?: (rule: DialplanRule) => boolean;
}

/** True when the compiled rule matches `input` (dp_translate's test, without timerec). */
export function ruleMatches(r: CompiledRule, input: string): boolean {
  if (r.rule.matchOp === 0) {
    if (r.rule.matchExp.length !== input.length) return false;
    return isCaseInsensitive(r.rule) ? asciiLower(r.rule.matchExp) === asciiLower(input) : r.rule.matchExp === input;
  }
  return r.matchRegex!.test(input);
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/**
 * Builds the output of a matched rule as OpenSIPS' `rule_translate` does: no replacement -> the input;
 * no `subst_exp` (or a replacement without `\N`) -> the replacement text; otherwise the replacement
 * with `\0`..`\9` taken from the `subst_exp` match (only the replacement: unmatched input is not kept).
 * Undefined when `subst_exp` does not match.
 */
export function translateWith(r: CompiledRule, input: string): string | undefined {
  const repl = r.rule.replExp;
  let m: RegExpExecArray | null = null;
  if (r.substRegex !== undefined) {
    m = r.substRegex.exec(input);
    if (m === null) return undefined;
  }
  if (repl === undefined || repl === '') return input;
  if (m === null || !/\\[0-9]/.test(repl)) return repl;
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const ch = repl[i]!;
    if (ch === '\\' && i + 1 < repl.length) {
      const n = repl.charCodeAt(i + 1);
      if (n >= 0x30 && n <= 0x39) out += m[n - 0x30] ?? '';
      else out += repl[i + 1];
      i++;
      continue;
    }
    out += ch;
  }
  return out;
}

/**
 * Emulates `dp_translate(dpid, number)`: among the loadable, enabled rules of `dpid` that match,
 * the one with the smallest `pr`, then the smallest `id`, wins (equality and regex rules alike);
 * its `subst_exp`/`repl_exp` build the output.
 *
 * @example
 * ```ts
 * classify(TALK_RULES, 0, '6123'); // { status: 'translated', rule: { id: 25, ... }, output: '6123', attrs: 'voip' }
 * classify(TALK_RULES, 0, '112');  // { status: 'no-match' }
 * ```
 */
export function classify(
  plan: CompiledNumberPlan | readonly DialplanRule[], dpid: number, number: string, options: ClassifyOptions = {},
): ClassifyResult {
  const compiled = 'rules' in plan && !Array.isArray(plan) ? (plan as CompiledNumberPlan) : compileNumberPlan(plan as readonly DialplanRule[]);
  if (number === '') return { status: 'no-match' };
  for (const r of compiled.rules) {
    if (r.rule.dpid !== dpid) continue;
    if (r.rule.timerec !== undefined && r.rule.timerec !== '' && options.timerecActive !== undefined && !options.timerecActive(r.rule)) continue;
    if (!ruleMatches(r, number)) continue;
    const output = translateWith(r, number);
    if (output === undefined) return { status: 'translate-failed', rule: r.rule, attrs: r.rule.attrs };
    return { status: 'translated', rule: r.rule, output, attrs: r.rule.attrs };
  }
  return { status: 'no-match' };
}
