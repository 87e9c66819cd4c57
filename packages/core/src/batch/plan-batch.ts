import { randomInt } from 'node:crypto';
import { generateSecret } from '../auth/password.js';
import { diag } from '../diagnostics/catalogue.js';
import type { Diagnostic, ModelPath } from '../diagnostics/diagnostic.js';
import type { Enterprise } from '../model/enterprise.js';
import type { Extension } from '../model/extension.js';
import { pinWeaknesses } from '../validate/rules/secrets.js';
import { validate } from '../validate/validate.js';

/** What a batch creates: a range of numbers for a group on a cluster (the guide's batch page, 3.0.5). */
export interface BatchRequest {
  readonly group: string;
  readonly cluster: string;
  /** First number, included. */
  readonly from: string;
  /** Last number, included; same length as `from`. */
  readonly to: string;
}

/** The outcome of {@link planBatch}. */
export interface BatchPlan {
  /** `VALID` when no finding touching the new numbers is an error (the guide's "TEMPLATE IS VALID"). */
  readonly status: 'VALID' | 'INVALID';
  readonly request: BatchRequest;
  /** The extensions the batch would create (secrets and PINs generated strong). */
  readonly extensions: readonly Extension[];
  /** Rights profile (context) the new extensions get from the group. */
  readonly rightsProfile: string | undefined;
  /** Findings about the request and every finding of the model rules that touches a new extension. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Most extensions one batch may create. */
export const MAX_BATCH = 1000;

/** A 6-digit voicemail PIN with no weakness (no run, no repeat, not the box number): what batches and copies give new mailboxes. */
export function strongPin(number: string): string {
  for (;;) {
    const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (pinWeaknesses(pin, 6, [number]).length === 0) return pin;
  }
}

function touches(path: ModelPath, first: number): boolean {
  return path[0] === 'extensions' && typeof path[1] === 'number' && path[1] >= first;
}

/**
 * Plans a batch of extensions from a group's template and checks it with the same rules as a single
 * edit: `validate()` runs on the enterprise plus the new extensions, and the findings that touch a
 * new extension (at its path, or through `related`) are returned. Nothing is saved.
 *
 * @example
 * ```ts
 * const plan = planBatch(enterprise, { group: 'USSales', cluster: 'tpa1', from: '6110', to: '6129' });
 * plan.status;                 // 'VALID'
 * plan.extensions[0]?.name;    // 'USSales 6110'
 * ```
 */
export function planBatch(enterprise: Enterprise, request: BatchRequest): BatchPlan {
  const diagnostics: Diagnostic[] = [];
  const { from, to } = request;
  const group = enterprise.groups.find((g) => g.id === request.group);
  const badRange = (reason: string): void => { diagnostics.push(diag('batch.range-invalid', ['batch'], { from, to, reason })); };
  if (!/^[0-9]+$/.test(from) || !/^[0-9]+$/.test(to)) badRange('both ends must be digits');
  else if (from.length !== to.length) badRange('the ends have different lengths');
  // Past 15 digits a JavaScript number no longer counts one by one.
  else if (from.length > 15) badRange('numbers of more than 15 digits');
  else if (from > to) badRange('the start is after the end');
  else if (Number(to) - Number(from) + 1 > MAX_BATCH) badRange(`more than ${MAX_BATCH} extensions`);
  if (group === undefined) diagnostics.push(diag('ref.unknown', ['batch', 'group'], { kind: 'group', value: request.group }));
  if (!enterprise.clusters.some((c) => c.id === request.cluster)) diagnostics.push(diag('ref.unknown', ['batch', 'cluster'], { kind: 'cluster', value: request.cluster }));
  if (diagnostics.length > 0 || group === undefined) {
    return { status: 'INVALID', request, extensions: [], rightsProfile: group?.rightsProfile, diagnostics };
  }
  const template = group.template;
  const namePattern = template?.namePattern ?? `${group.name ?? group.id} {number}`;
  if (template === undefined) diagnostics.push(diag('batch.no-template', ['groups', enterprise.groups.indexOf(group)], { group: group.id, namePattern }));
  const extensions: Extension[] = [];
  for (let n = Number(from); n <= Number(to); n++) {
    const number = String(n).padStart(from.length, '0');
    const withVoicemail = template?.voicemail !== false;
    const email = template?.voicemailEmailDomain === undefined ? undefined : `${number}@${template.voicemailEmailDomain}`;
    extensions.push({
      number,
      cluster: request.cluster,
      group: group.id,
      name: namePattern.replaceAll('{number}', number),
      secret: generateSecret(),
      ...(withVoicemail ? { voicemail: { box: number, pin: strongPin(number), ...(email === undefined ? {} : { email }) } } : {}),
    });
  }
  const first = enterprise.extensions.length;
  const found = validate({ ...enterprise, extensions: [...enterprise.extensions, ...extensions] });
  for (const d of found) {
    if (touches(d.path, first) || (d.related ?? []).some((r) => touches(r.path, first))) diagnostics.push(d);
  }
  const status = diagnostics.some((d) => d.severity === 'error') ? 'INVALID' : 'VALID';
  return { status, request, extensions, rightsProfile: group.rightsProfile, diagnostics };
}
