import type { Rule, RuleContext } from '../validate/rule.js';
import { roamingViewOf } from '../roaming/roaming-view.js';
import type { ClaimSource } from './claim-providers.js';
import { findConflicts } from './find-conflicts.js';
import { buildNumberSpace, type NumberSpace } from './number-space.js';

const spaces = new WeakMap<RuleContext, NumberSpace>();

/** The number space of the enterprise being validated, built once per validation. */
function spaceOf(ctx: RuleContext): NumberSpace {
  let s = spaces.get(ctx);
  if (s === undefined) {
    const source: ClaimSource = { enterprise: ctx.enterprise, each: (items) => ctx.each(items) };
    s = buildNumberSpace(ctx.enterprise, { source });
    spaces.set(ctx, s);
  }
  return s;
}

/** `numspace.*`: conflicts between everything dialable (and `dialplan.pattern-*` of claimed patterns). */
export const NUMBER_SPACE_RULE: Rule = {
  name: 'number-space',
  lifecycle: 'common',
  run(ctx) {
    const space = spaceOf(ctx);
    const seen = new Set<string>();
    for (const d of space.diagnostics) {
      const key = `${d.code}|${d.path.join('/')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.diagnostics.push(d);
    }
    for (const d of findConflicts(space)) ctx.diagnostics.push(d);
  },
};

/** `roaming.*`: the flags of the roaming view (guide 3.0.6). */
export const ROAMING_RULE: Rule = {
  name: 'roaming',
  lifecycle: 'common',
  run(ctx) {
    for (const d of roamingViewOf(ctx.enterprise, spaceOf(ctx)).diagnostics) ctx.diagnostics.push(d);
  },
};

/** The rules of the number space, in the order `validate()` runs them. */
export const NUMBER_SPACE_RULES: readonly Rule[] = [NUMBER_SPACE_RULE, ROAMING_RULE];
