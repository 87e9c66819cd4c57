import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { COLLECTIONS, ENTERPRISE_SCHEMA, normalizeEnterprise, type Enterprise, type EnterpriseDocument } from '../model/enterprise.js';
import type { ValidationPolicy } from '../model/policy.js';
import { checkSchema } from '../schema/schema.js';
import { ModelIndex } from './model-index.js';
import { NUMBER_SPACE_RULES } from '../number-space/number-space-rules.js';
import { RuleContext, type Rule } from './rule.js';
import { ACLS, ADDRESSES, CLUSTERS } from './rules/network.js';
import { BUSINESS_HOURS } from './rules/business-hours.js';
import { EMERGENCY } from './rules/emergency.js';
import { DID_RULE } from '../number-space/did-claims.js';
import { EXTENSIONS, GROUPS, MISC, QUEUES, REPLICATION, TRUNKS } from './rules/entities.js';
import { REFERENCES, UNIQUE_IDS } from './rules/references.js';
import { SECRETS } from './rules/secrets.js';
import { NUMBER_PLAN } from './rules/number-plan.js';
import { INTER_SITE, INTER_SITE_ROUTES } from './rules/inter-site.js';

/** The model rules `validate()` runs, in order. */
export const MODEL_RULES: readonly Rule[] = [UNIQUE_IDS, REFERENCES, SECRETS, ADDRESSES, CLUSTERS, ACLS, GROUPS, EXTENSIONS, QUEUES, TRUNKS, BUSINESS_HOURS, REPLICATION, MISC, NUMBER_PLAN, INTER_SITE, INTER_SITE_ROUTES, EMERGENCY, DID_RULE];

/** Options of {@link validate}. */
export interface ValidateOptions {
  /** Rules to run instead of the defaults (the model rules plus the dialplan checks). */
  readonly rules?: readonly Rule[];
  /** Rules run after the defaults (a site's own checks). */
  readonly extraRules?: readonly Rule[];
}

/** The rules `validate()` runs when given none: the model rules, then the number space and roaming checks. */
const DEFAULT_RULES: readonly Rule[] = [...MODEL_RULES, ...NUMBER_SPACE_RULES];

/** The rules `validate()` runs when given none. */
export function defaultValidationRules(): readonly Rule[] {
  return DEFAULT_RULES;
}

/** Applies `policy.suppress` and `policy.severity` to findings. */
export function applyPolicy(diagnostics: readonly Diagnostic[], policy: ValidationPolicy | undefined): Diagnostic[] {
  if (policy === undefined || (policy.suppress === undefined && policy.severity === undefined)) return [...diagnostics];
  const suppressed = new Set(policy.suppress ?? []);
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (suppressed.has(d.code)) continue;
    const severity = policy.severity?.[d.code];
    out.push(severity === undefined || severity === d.severity ? d : { ...d, severity });
  }
  return out;
}

/**
 * Checks a whole enterprise: its structure (types, required members, unknown keys, well-formed
 * values) and then every model rule. Never throws for bad data; every rule runs and all findings
 * are returned, filtered by the enterprise's `policy`.
 *
 * @example
 * ```ts
 * const diagnostics = validate(enterprise);
 * for (const d of diagnostics) console.log(d.severity, d.code, formatPath(d.path), d.message);
 * ```
 */
export function validate(input: Enterprise | EnterpriseDocument | unknown, options: ValidateOptions = {}): Diagnostic[] {
  const schema = checkSchema(ENTERPRISE_SCHEMA, input);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return schema.diagnostics;
  // Collections of the wrong type were reported by the schema; rules see them as empty.
  const doc: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const c of COLLECTIONS) if (doc[c] !== undefined && !Array.isArray(doc[c])) delete doc[c];
  const enterprise = normalizeEnterprise(doc as EnterpriseDocument);
  const ctx = new RuleContext(enterprise, new ModelIndex(enterprise), schema.unsound);
  for (const rule of [...(options.rules ?? DEFAULT_RULES), ...(options.extraRules ?? [])]) rule.run(ctx);
  // A policy with a broken shape was reported by the schema and is not applied.
  const policy = ctx.sound(enterprise.policy) ? enterprise.policy : undefined;
  return applyPolicy([...schema.diagnostics, ...ctx.diagnostics], policy);
}
