/**
 * One row of the OpenSIPS `dialplan` table.
 *
 * @example
 * ```ts
 * const voip: DialplanRule = { id: 25, dpid: 0, pr: 1, matchOp: 1, matchExp: '^6.{3}$', matchFlags: 0,
 *   disabled: false, attrs: 'voip' };
 * ```
 */
export interface DialplanRule {
  /** Row id; breaks ties between rules of equal `pr` (smaller wins). */
  readonly id: number;
  /** Dialplan id the rule belongs to (`dp_translate(dpid, ...)`). */
  readonly dpid: number;
  /** Priority: smaller is tried first. */
  readonly pr: number;
  /** 0 = exact string equality, 1 = PCRE regular expression. */
  readonly matchOp: number;
  /** The string (op 0) or regular expression (op 1) the input is matched against. */
  readonly matchExp: string;
  /** Bit 1 (value 1) = case-insensitive match. */
  readonly matchFlags: number;
  /** Perl-style substitution expression; its groups feed `\1`..`\9` of `replExp`. */
  readonly substExp?: string;
  /** Replacement; with no `substExp` it replaces the whole input. */
  readonly replExp?: string;
  /** RFC 2445-style recurrence: the rule only applies inside it. */
  readonly timerec?: string;
  /** Disabled rows are not loaded. */
  readonly disabled: boolean;
  /** Free text returned with a match (the talk's call class: voip, national, ...). */
  readonly attrs: string;
}

/** True when the rule is matched case-insensitively (`match_flags` bit 1). */
export function isCaseInsensitive(rule: DialplanRule): boolean {
  return (rule.matchFlags & 1) === 1;
}

/** Sorts rules by precedence as dp_translate applies them: smaller `pr` first, then smaller `id`. */
export function byPrecedence(a: DialplanRule, b: DialplanRule): number {
  return a.pr - b.pr || a.id - b.id;
}
