import type { Account, CollectionName } from '@acm/core';

/** Who acts through a workspace: a console account of the model, or the local operator of the CLI. */
export interface Principal {
  readonly username: string;
  readonly role: Account['role'];
  /** Groups the principal is limited to (all when undefined). */
  readonly groups?: readonly string[];
  /** Clusters the principal is limited to (all when undefined). */
  readonly clusters?: readonly string[];
}

/**
 * What a principal may want to do:
 * - `read`: see the model, its findings, roaming, the journal, live status;
 * - `edit`: create, update, copy or delete an entity (scoped by collection, group and cluster);
 * - `import`: replace the whole enterprise;
 * - `deploy`: commit, roll back, break a deployment lock;
 * - `force`: pass the validation gate despite errors;
 * - `monitor`: HA verify, replication and host health checks, polling the servers;
 * - `accounts`: see and change console accounts.
 */
export type Action = 'read' | 'edit' | 'import' | 'deploy' | 'force' | 'monitor' | 'accounts';

/** What an action applies to: a collection and the group and cluster of the entity, when it has them. */
export interface Scope {
  readonly collection?: CollectionName;
  readonly group?: string;
  readonly cluster?: string;
}

/** The answer of {@link decide}: allowed or not, and why not. */
export interface Decision {
  readonly allowed: boolean;
  /** Why not, in one line (empty when allowed). */
  readonly reason: string;
}

/** The guide's privileged functions: trunks, agent/ACD configuration (queues, campaigns), accounts, the global settings. */
const PRIVILEGED: readonly CollectionName[] = ['trunks', 'queues', 'campaigns', 'accounts', 'sites', 'clusters', 'replication', 'callClasses', 'rightsProfiles', 'groups', 'acls'];
/** What a helpdesk account changes: users and their phones. */
const HELPDESK: readonly CollectionName[] = ['extensions', 'hotDesks', 'faxUsers', 'conferences', 'businessHours'];
/** What a supervisor changes for its groups: their business hours of service. */
const SUPERVISOR: readonly CollectionName[] = ['businessHours'];

function inScope(p: Principal, scope: Scope, strict: boolean): string {
  if (p.groups !== undefined) {
    if (scope.group === undefined ? strict : !p.groups.includes(scope.group)) return scope.group === undefined ? 'it belongs to no group of the account' : `group ${scope.group} is not one of the account's groups`;
  }
  if (p.clusters !== undefined) {
    if (scope.cluster === undefined ? strict : !p.clusters.includes(scope.cluster)) return scope.cluster === undefined ? 'it belongs to no cluster of the account' : `cluster ${scope.cluster} is not one of the account's clusters`;
  }
  return '';
}

/**
 * Decides whether `principal` may do `action` on `scope`, from its role and its groups and clusters.
 * Administrators may do everything. Read-only NOC accounts read and monitor. Helpdesk accounts read,
 * monitor and change users and phones (extensions, hot desks, FAX users, conferences, business
 * hours) of their groups and clusters. Supervisors read what belongs to their groups and clusters
 * and change their groups' business hours. Only administrators import, deploy, force, and see or
 * change accounts; the privileged collections (trunks, queues, campaigns, sites, clusters, groups,
 * ACLs, rights profiles, replication) are changed by administrators only.
 *
 * @example
 * ```ts
 * decide({ username: 'sv', role: 'supervisor', groups: ['USSales'] }, 'edit', { collection: 'extensions', group: 'USSales' });
 * // { allowed: false, reason: 'a supervisor may not change extensions' }
 * ```
 */
export function decide(principal: Principal, action: Action, scope: Scope = {}): Decision {
  const no = (reason: string): Decision => ({ allowed: false, reason });
  const yes: Decision = { allowed: true, reason: '' };
  const role = principal.role;
  if (role === 'administrator') return yes;
  switch (action) {
    case 'read': {
      if (scope.collection === 'accounts') return no(`a ${role} account may not see console accounts`);
      // Enterprise-wide things (sites, trunks without a group, the number plan) are readable by all.
      const out = role === 'supervisor' ? inScope(principal, scope, false) : '';
      return out === '' ? yes : no(out);
    }
    case 'monitor':
      return role === 'noc' || role === 'helpdesk' ? yes : no(`a ${role} account may not run server checks`);
    case 'edit': {
      const c = scope.collection;
      if (c === undefined) return no('an edit names its collection');
      if (role === 'noc') return no('a NOC account is read-only');
      if (PRIVILEGED.includes(c)) return no(`${c} are privileged: only an administrator changes them`);
      const allowed = role === 'helpdesk' ? HELPDESK : SUPERVISOR;
      if (!allowed.includes(c)) return no(`a ${role} may not change ${c}`);
      const out = inScope(principal, scope, true);
      return out === '' ? yes : no(out);
    }
    case 'accounts':
      return no('only an administrator sees and changes console accounts');
    case 'import':
    case 'deploy':
    case 'force':
      return no(`only an administrator may ${action === 'import' ? 'import an enterprise' : action === 'deploy' ? 'deploy or roll back' : 'force past validation errors'}`);
  }
}

/** True when `principal` may do `action` on `scope` (see {@link decide} for the rules and the reason). */
export function can(principal: Principal, action: Action, scope: Scope = {}): boolean {
  return decide(principal, action, scope).allowed;
}

/** The scope of an entity of `collection`: its own group and cluster fields, when it has them. */
export function scopeOf(collection: CollectionName, entity: unknown): Scope {
  const e = (typeof entity === 'object' && entity !== null ? entity : {}) as Record<string, unknown>;
  return {
    collection,
    ...(typeof e.group === 'string' ? { group: e.group } : collection === 'groups' && typeof e.id === 'string' ? { group: e.id } : {}),
    ...(typeof e.cluster === 'string' ? { cluster: e.cluster } : collection === 'clusters' && typeof e.id === 'string' ? { cluster: e.id } : {}),
  };
}

/** The local operator of the CLI on its own SQLite store: an administrator. */
export const LOCAL_OPERATOR: Principal = { username: 'local', role: 'administrator' };

/** The principal of a model account (no password hash in it). */
export function principalOf(account: Account): Principal {
  return {
    username: account.username,
    role: account.role,
    ...(account.groups === undefined ? {} : { groups: account.groups }),
    ...(account.clusters === undefined ? {} : { clusters: account.clusters }),
  };
}
