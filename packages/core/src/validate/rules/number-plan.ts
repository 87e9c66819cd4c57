import { analyzeDpid } from '../../dialplan/opensips/analyze-dpid.js';
import { classify } from '../../dialplan/opensips/classify-number.js';
import { compileNumberPlan } from '../../dialplan/opensips/compile-number-plan.js';
import type { DialplanRule } from '../../dialplan/opensips/dialplan-rule.js';
import type { Rule, RuleContext } from '../rule.js';

function numberPlan(ctx: RuleContext): void {
  const plan = ctx.enterprise.numberPlan;
  if (!ctx.sound(plan)) return;
  const analysed = ctx.cached('number-plan', plan, () => {
    const entries = [...ctx.each(plan.rules)];
    if (entries.length === 0) return undefined;
    const index = new Map<DialplanRule, number>(entries);
    const pathOf = (rule: DialplanRule): (string | number)[] => ['numberPlan', 'rules', index.get(rule) ?? -1];
    const compiled = compileNumberPlan(entries.map(([r]) => r), { pathOf });
    const diagnostics = [...compiled.diagnostics];
    const dpids = [...new Set(entries.map(([r]) => r.dpid))].sort((a, b) => a - b);
    for (const dpid of dpids) diagnostics.push(...analyzeDpid(compiled, dpid, { pathOf, dpidPath: ['numberPlan', 'dpids', dpid] }).diagnostics);
    return { compiled, dpids, diagnostics };
  });
  if (analysed === undefined) return;
  const { compiled, dpids } = analysed;
  ctx.diagnostics.push(...analysed.diagnostics);
  // The numbers the enterprise itself makes dialable must be classified by dpid 0, the one the
  // proxy's route script translates with (the talk's dp_translate("0", ...)).
  if (!dpids.includes(0)) return;
  const e = ctx.enterprise;
  const check = (kind: string, number: string, path: (string | number)[], severity?: 'error'): void => {
    if (classify(compiled, 0, number).status === 'no-match') ctx.report('dialplan.dp-unclassified', path, { kind, number, dpid: 0 }, severity === undefined ? {} : { severity });
  };
  for (const [site, i] of ctx.each(e.sites)) {
    if (ctx.sound(site.dialing)) site.dialing.emergencyNumbers.forEach((n, j) => check('emergency number', n, ['sites', i, 'dialing', 'emergencyNumbers', j], 'error'));
  }
  for (const [x, i] of ctx.each(e.extensions)) check('extension', x.number, ['extensions', i, 'number']);
  for (const [q, i] of ctx.each(e.queues)) if (q.number !== undefined) check('queue', q.number, ['queues', i, 'number']);
  plan.aliases?.forEach((a, i) => {
    if (ctx.sound(a)) check(`${a.service} alias`, a.number, ['numberPlan', 'aliases', i, 'number']);
  });
}

/** The proxy number plan: regexes that will not load, shadowed rules, overlaps, gaps (dp_translate semantics). */
export const NUMBER_PLAN: Rule = { name: 'number-plan', lifecycle: 'common', run: numberPlan };

