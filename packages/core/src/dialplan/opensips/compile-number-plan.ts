import type { Diagnostic, ModelPath } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/catalogue.js';
import { byPrecedence, isCaseInsensitive, type DialplanRule } from './dialplan-rule.js';
import { checkPcre, type PcreCheck } from './pcre-compat.js';

/** A rule ready for dp_translate emulation, as OpenSIPS holds it after loading. */
export interface CompiledRule {
  readonly rule: DialplanRule;
  /** Where the rule sits in the model, for diagnostics. */
  readonly path: ModelPath;
  /** The match expression checked and translated (regex rules only). */
  readonly match: PcreCheck | undefined;
  /** The JavaScript matcher of a regex rule. */
  readonly matchRegex: RegExp | undefined;
  /** The substitution expression checked and compiled, when there is one. */
  readonly substRegex: RegExp | undefined;
}

/** The enabled, loadable rules of a number plan, in precedence order, and the problems found loading it. */
export interface CompiledNumberPlan {
  /** Loadable rules in dp_translate order (pr, then id), all dpids together. */
  readonly rules: readonly CompiledRule[];
  /** Rules OpenSIPS would drop at load or ACM cannot model, with why. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Options for compiling a number plan. */
export interface CompileNumberPlanOptions {
  /** Model path of a rule (default `['rules', index]`). */
  readonly pathOf?: (rule: DialplanRule, index: number) => ModelPath;
}

function reportPcre(check: PcreCheck, rule: DialplanRule, field: string, path: ModelPath, out: Diagnostic[]): boolean {
  let usable = true;
  const expression = field === 'match_exp' ? rule.matchExp : rule.substExp;
  for (const f of check.findings) {
    usable = false;
    const code = f.kind === 'invalid' ? 'dialplan.dp-regex-invalid' : f.kind === 'unsupported' ? 'dialplan.dp-regex-unsupported' : 'dialplan.dp-regex-pcre-incompatible';
    const data = f.kind === 'invalid' ? { id: rule.id, field, expression, reason: f.reason } : { id: rule.id, field, expression, construct: f.construct, reason: f.reason };
    out.push(diag(code, [...path, field === 'match_exp' ? 'matchExp' : 'substExp'], data));
  }
  return usable;
}

/** Highest `\N` group number used by a replacement, or 0. */
export function maxReplacementGroup(repl: string): number {
  let max = 0;
  for (let i = 0; i < repl.length; i++) {
    if (repl[i] !== '\\') continue;
    const c = repl.charCodeAt(i + 1);
    if (c >= 0x30 && c <= 0x39) max = Math.max(max, c - 0x30);
    i++;
  }
  return max;
}

/**
 * Loads rules as OpenSIPS does: disabled rows are skipped, rows with an expression that does not
 * compile (or that ACM cannot model) are dropped with a diagnostic, the rest are ordered by precedence.
 * Never throws.
 */
export function compileNumberPlan(rules: readonly DialplanRule[], options: CompileNumberPlanOptions = {}): CompiledNumberPlan {
  const diagnostics: Diagnostic[] = [];
  const compiled: CompiledRule[] = [];
  rules.forEach((rule, index) => {
    if (rule.disabled) return;
    const path = options.pathOf?.(rule, index) ?? ['rules', index];
    const ci = isCaseInsensitive(rule);
    if (rule.matchOp !== 0 && rule.matchOp !== 1) {
      diagnostics.push(diag('dialplan.dp-match-op-invalid', [...path, 'matchOp'], { id: rule.id, matchOp: rule.matchOp }));
      return;
    }
    let match: PcreCheck | undefined;
    let matchRegex: RegExp | undefined;
    let usable = true;
    if (rule.matchOp === 1) {
      match = checkPcre(rule.matchExp, ci);
      usable = reportPcre(match, rule, 'match_exp', path, diagnostics);
      if (usable) matchRegex = new RegExp(match.source, match.flags);
    }
    let substRegex: RegExp | undefined;
    if (rule.substExp !== undefined && rule.substExp !== '') {
      const subst = checkPcre(rule.substExp, ci);
      if (reportPcre(subst, rule, 'subst_exp', path, diagnostics)) {
        substRegex = new RegExp(subst.source, subst.flags);
        const want = maxReplacementGroup(rule.replExp ?? '');
        if (want > subst.groups) {
          diagnostics.push(diag('dialplan.dp-repl-group-missing', [...path, 'replExp'], { id: rule.id, group: want, groups: subst.groups }));
          usable = false;
        }
      } else usable = false;
    }
    if (usable) compiled.push({ rule, path, match, matchRegex, substRegex });
  });
  compiled.sort((a, b) => byPrecedence(a.rule, b.rule));
  return { rules: compiled, diagnostics };
}
