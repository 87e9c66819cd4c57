import { extensionResolver } from '../../model/effective-extension.js';
import type { Secret } from '../../model/secret.js';
import type { Rule, RuleContext } from '../rule.js';

/** Why a secret is weak (never the secret itself). */
export type SecretWeakness = 'short' | 'numeric' | 'repeated' | 'equals-user';
/** Why a PIN is weak. */
export type PinWeakness = 'short' | 'repeated' | 'sequence' | 'equals-number';

function isRepeated(value: string): boolean {
  for (let size = 1; size <= value.length / 2; size++) {
    if (value.length % size !== 0) continue;
    if (value.slice(0, size).repeat(value.length / size) === value) return true;
  }
  return false;
}

function isSequence(value: string): boolean {
  if (value.length < 3) return false;
  const step = value.charCodeAt(1) - value.charCodeAt(0);
  if (step !== 1 && step !== -1) return false;
  for (let i = 2; i < value.length; i++) if (value.charCodeAt(i) - value.charCodeAt(i - 1) !== step) return false;
  return true;
}

/**
 * The weaknesses of a SIP/IAX/AMI secret under a minimum length.
 *
 * @example
 * ```ts
 * secretWeaknesses('5021', 12, ['5021']); // ['short', 'numeric', 'equals-user']
 * ```
 */
export function secretWeaknesses(secret: string, minLength: number, users: readonly string[]): SecretWeakness[] {
  const out: SecretWeakness[] = [];
  if (secret.length < minLength) out.push('short');
  if (/^[0-9]+$/.test(secret)) out.push('numeric');
  if (secret.length > 1 && isRepeated(secret)) out.push('repeated');
  if (users.some((u) => u !== '' && secret.toLowerCase() === u.toLowerCase())) out.push('equals-user');
  return out;
}

/** The weaknesses of a numeric voicemail or conference PIN. */
export function pinWeaknesses(pin: string, minLength: number, numbers: readonly string[]): PinWeakness[] {
  const out: PinWeakness[] = [];
  if (pin.length < minLength) out.push('short');
  if (pin.length > 1 && isRepeated(pin)) out.push('repeated');
  if (isSequence(pin)) out.push('sequence');
  if (numbers.includes(pin)) out.push('equals-number');
  return out;
}

function checkSecret(ctx: RuleContext, kind: string, secret: Secret | undefined, users: readonly string[], path: (string | number)[]): void {
  if (typeof secret !== 'string') return;
  const reasons = secretWeaknesses(secret, ctx.policy.secretMinLength, users);
  if (reasons.length > 0) ctx.report('secret.weak', path, { kind, reasons });
}

function checkPin(ctx: RuleContext, kind: string, pin: Secret | undefined, numbers: readonly string[], path: (string | number)[]): void {
  if (typeof pin !== 'string') return;
  if (!/^[0-9]+$/.test(pin)) {
    ctx.report('pin.not-numeric', path, { kind });
    return;
  }
  const reasons = pinWeaknesses(pin, ctx.policy.pinMinLength, numbers);
  if (reasons.length > 0) ctx.report('pin.weak', path, { kind, reasons });
}

function secrets(ctx: RuleContext): void {
  const e = ctx.enterprise;
  const groups = ctx.index.groups;
  const effective = extensionResolver(new Map([...groups].map(([id, g]) => [id, g.item])));
  for (const [ext, i] of ctx.each(e.extensions)) {
    checkSecret(ctx, 'SIP', ext.secret, [ext.number, ext.authUser ?? ext.number], ['extensions', i, 'secret']);
    const vm = effective(ext).voicemail;
    if (vm.value !== undefined && vm.value.pin === undefined) {
      const data = { number: ext.number, cluster: ext.cluster, box: vm.value.box, from: vm.from };
      const group = groups.get(ext.group);
      if (vm.from === 'group' && group !== undefined) ctx.report('voicemail.no-pin', ['extensions', i], data, { related: [{ path: ['groups', group.index, 'template', 'voicemail'] }] });
      else ctx.report('voicemail.no-pin', ['extensions', i, 'voicemail'], data);
    }
    if (ctx.sound(ext.voicemail)) checkPin(ctx, 'voicemail', ext.voicemail.pin, [ext.number, ext.voicemail.box], ['extensions', i, 'voicemail', 'pin']);
  }
  for (const [desk, i] of ctx.each(e.hotDesks)) checkSecret(ctx, 'SIP', desk.secret, [desk.number, desk.name], ['hotDesks', i, 'secret']);
  for (const [trunk, i] of ctx.each(e.trunks)) {
    if (ctx.sound(trunk.auth)) checkSecret(ctx, trunk.protocol === 'IAX' ? 'IAX' : 'SIP', trunk.auth.secret, [trunk.auth.username, trunk.id], ['trunks', i, 'auth', 'secret']);
  }
  for (const [cluster, ci] of ctx.each(e.clusters)) {
    for (const [server, si] of ctx.each(cluster.servers)) {
      if (ctx.sound(server.ami)) checkSecret(ctx, 'AMI', server.ami.secret, [server.ami.username], ['clusters', ci, 'servers', si, 'ami', 'secret']);
      if (ctx.sound(server.mysql)) checkSecret(ctx, 'MySQL', server.mysql.password, [server.mysql.user], ['clusters', ci, 'servers', si, 'mysql', 'password']);
    }
  }
  for (const [conf, i] of ctx.each(e.conferences)) checkPin(ctx, 'conference', conf.pin, [conf.number], ['conferences', i, 'pin']);
}

/** Weak SIP/IAX/AMI/MySQL secrets and voicemail/conference PINs, under `policy`. */
export const SECRETS: Rule = { name: 'weak-secrets', lifecycle: 'common', run: secrets };
