import type { Rule, RuleContext } from '../rule.js';
import { extensionKey } from '../model-index.js';
import { suggest } from '../../schema/did-you-mean.js';
import { COLLECTIONS } from '../../model/enterprise.js';
import { musicOnHoldClasses } from '../../model/music-on-hold.js';

/** Collections whose items are identified by `id`. */
const ID_COLLECTIONS = COLLECTIONS.filter((c) => c !== 'extensions' && c !== 'hotDesks' && c !== 'conferences' && c !== 'accounts' && c !== 'trunks');

function uniqueIds(ctx: RuleContext): void {
  const e = ctx.enterprise;
  const singular: Record<string, string> = {
    sites: 'site', clusters: 'cluster', replication: 'replication topology', callClasses: 'call class',
    rightsProfiles: 'rights profile', groups: 'group', trunks: 'trunk', acls: 'ACL', businessHours: 'business-hours rule',
    queues: 'queue', faxUsers: 'FAX user', campaigns: 'campaign',
  };
  for (const collection of ID_COLLECTIONS) {
    const seen = new Map<string, number>();
    for (const [item, i] of ctx.each(e[collection] as readonly { id: string }[])) {
      const first = seen.get(item.id);
      if (first === undefined) seen.set(item.id, i);
      else ctx.report('id.duplicate', [collection, i, 'id'], { kind: singular[collection] ?? collection, id: item.id }, { related: [{ path: [collection, first, 'id'] }] });
    }
  }
  // Servers are unique across the enterprise (replication and HA name them alone).
  const servers = new Map<string, (string | number)[]>();
  for (const [cluster, ci] of ctx.each(e.clusters)) {
    for (const [server, si] of ctx.each(cluster.servers)) {
      const path = ['clusters', ci, 'servers', si, 'id'];
      const first = servers.get(server.id);
      if (first === undefined) servers.set(server.id, path);
      else ctx.report('id.duplicate', path, { kind: 'server', id: server.id }, { related: [{ path: first }] });
    }
  }
  // Extensions, hot-desk phones and conferences are keyed by their number on their cluster: two of
  // them with one number are the number space's `numspace.duplicate` (one finding, not two, and
  // also found by an incremental re-check that walks only the edited extension).
  const keyed: [string, string, (x: Record<string, unknown>) => string][] = [
    ['accounts', 'account', (x) => String(x.username)],
    ['trunks', 'trunk', (x) => extensionKey(String(x.cluster), String(x.id))],
  ];
  for (const [collection, kind, key] of keyed) {
    const seen = new Map<string, number>();
    for (const [item, i] of ctx.each(e[collection as 'extensions'] as unknown as readonly Record<string, unknown>[])) {
      const k = key(item);
      const first = seen.get(k);
      if (first === undefined) seen.set(k, i);
      else ctx.report('id.duplicate', [collection, i, collection === 'accounts' ? 'username' : collection === 'trunks' ? 'id' : 'number'], { kind, id: k }, { related: [{ path: [collection, first] }] });
    }
  }
  const classes = new Map<string, number>();
  for (const [c, i] of ctx.each(e.musicOnHold)) {
    const first = classes.get(c.id);
    if (first === undefined) classes.set(c.id, i);
    else ctx.report('id.duplicate', ['musicOnHold', i, 'id'], { kind: 'music-on-hold class', id: c.id }, { related: [{ path: ['musicOnHold', first, 'id'] }] });
  }
  const rules = new Map<string, number>();
  const plan = ctx.enterprise.numberPlan;
  for (const [rule, i] of ctx.sound(plan) ? ctx.each(plan.rules) : []) {
    const first = rules.get(String(rule.id));
    if (first === undefined) rules.set(String(rule.id), i);
    else ctx.report('id.duplicate', ['numberPlan', 'rules', i, 'id'], { kind: 'dialplan rule', id: String(rule.id) }, { related: [{ path: ['numberPlan', 'rules', first, 'id'] }] });
  }
}

function callClassRef(ctx: RuleContext, value: string, path: (string | number)[]): void {
  if (value === 'internal' || ctx.index.callClasses.has(value)) return;
  const suggestion = suggest(value, ['internal', ...ctx.index.callClasses.keys()]);
  ctx.report('rights.unknown-call-class', path, { value, ...(suggestion === undefined ? {} : { suggestion }) });
}

/** Requires an extension `number` to exist on `cluster`; says where it lives if it is elsewhere. */
export function extensionOnCluster(ctx: RuleContext, kind: string, number: string, cluster: string, path: (string | number)[]): boolean {
  if (ctx.index.extension(cluster, number) !== undefined) return true;
  const foundOn = ctx.index.extensionClusters.get(number);
  if (foundOn !== undefined) ctx.report('ref.wrong-cluster', path, { kind, value: number, cluster, foundOn });
  else ctx.ref(kind, number, new Map(), path);
  return false;
}

function references(ctx: RuleContext): void {
  const { enterprise: e, index: x } = ctx;
  for (const [cluster, i] of ctx.each(e.clusters)) ctx.ref('site', cluster.site, x.sites, ['clusters', i, 'site']);
  for (const [topology, i] of ctx.each(e.replication)) {
    if (topology.site !== undefined) ctx.ref('site', topology.site, x.sites, ['replication', i, 'site']);
    topology.members.forEach((m, j) => ctx.ref('server', m, x.servers, ['replication', i, 'members', j]));
  }
  for (const [cls, i] of ctx.each(e.callClasses)) {
    for (const [p, j] of ctx.each(cls.patterns)) p.sites?.forEach((s, k) => ctx.ref('site', s, x.sites, ['callClasses', i, 'patterns', j, 'sites', k]));
  }
  for (const [profile, i] of ctx.each(e.rightsProfiles)) profile.callClasses.forEach((c, j) => callClassRef(ctx, c, ['rightsProfiles', i, 'callClasses', j]));
  for (const [group, i] of ctx.each(e.groups)) {
    ctx.ref('rights profile', group.rightsProfile, x.rightsProfiles, ['groups', i, 'rightsProfile']);
    ctx.ref('ACL', group.template?.acl, x.acls, ['groups', i, 'template', 'acl']);
    for (const [range, j] of ctx.each(group.ranges)) ctx.ref('cluster', range.cluster, x.clusters, ['groups', i, 'ranges', j, 'cluster']);
  }
  for (const [ext, i] of ctx.each(e.extensions)) {
    const p = ['extensions', i];
    ctx.ref('cluster', ext.cluster, x.clusters, [...p, 'cluster']);
    ctx.ref('group', ext.group, x.groups, [...p, 'group']);
    ctx.ref('rights profile', ext.rightsProfile, x.rightsProfiles, [...p, 'rightsProfile']);
    ctx.ref('ACL', ext.acl, x.acls, [...p, 'acl']);
    if (ext.services?.secretary !== undefined) extensionOnCluster(ctx, 'secretary extension', ext.services.secretary, ext.cluster, [...p, 'services', 'secretary']);
    ext.services?.outbound?.forEach((c, j) => callClassRef(ctx, c, [...p, 'services', 'outbound', j]));
  }
  for (const [trunk, i] of ctx.each(e.trunks)) {
    const p = ['trunks', i];
    ctx.ref('cluster', trunk.cluster, x.clusters, [...p, 'cluster']);
    ctx.ref('group', trunk.group, x.groups, [...p, 'group']);
    ctx.ref('ACL', trunk.acl, x.acls, [...p, 'acl']);
    ctx.ref('trunk', trunk.failover, x.trunkNames(trunk.cluster), [...p, 'failover']);
    ctx.ref('cluster', trunk.peerCluster, x.clusters, [...p, 'peerCluster']);
    trunk.callClasses?.forEach((c, j) => callClassRef(ctx, c, [...p, 'callClasses', j]));
  }
  for (const [rule, i] of ctx.each(e.businessHours)) {
    ctx.ref('cluster', rule.cluster, x.clusters, ['businessHours', i, 'cluster']);
    ctx.ref('group', rule.group, x.groups, ['businessHours', i, 'group']);
  }
  // Music on hold: the classes the model declares, and `default`, which is always rendered.
  const moh = new Map(musicOnHoldClasses([...ctx.each(e.musicOnHold)].map(([c]) => c)).map((c) => [c.id, c]));
  for (const [ext, i] of ctx.each(e.extensions)) ctx.ref('music-on-hold class', ext.musicOnHold, moh, ['extensions', i, 'musicOnHold']);
  for (const [group, i] of ctx.each(e.groups)) ctx.ref('music-on-hold class', group.template?.musicOnHold, moh, ['groups', i, 'template', 'musicOnHold']);
  for (const [queue, i] of ctx.each(e.queues)) {
    ctx.ref('music-on-hold class', queue.musicOnHold, moh, ['queues', i, 'musicOnHold']);
    ctx.ref('cluster', queue.cluster, x.clusters, ['queues', i, 'cluster']);
    ctx.ref('group', queue.group, x.groups, ['queues', i, 'group']);
    if (!x.clusters.has(queue.cluster)) continue;
    for (const [m, j] of ctx.each(queue.members)) extensionOnCluster(ctx, 'queue member', m.extension, queue.cluster, ['queues', i, 'members', j, 'extension']);
  }
  for (const [desk, i] of ctx.each(e.hotDesks)) {
    ctx.ref('cluster', desk.cluster, x.clusters, ['hotDesks', i, 'cluster']);
    ctx.ref('rights profile', desk.rightsProfile, x.rightsProfiles, ['hotDesks', i, 'rightsProfile']);
    ctx.ref('group', desk.group, x.groups, ['hotDesks', i, 'group']);
  }
  for (const [conf, i] of ctx.each(e.conferences)) {
    ctx.ref('cluster', conf.cluster, x.clusters, ['conferences', i, 'cluster']);
    ctx.ref('group', conf.group, x.groups, ['conferences', i, 'group']);
  }
  for (const [fax, i] of ctx.each(e.faxUsers)) ctx.ref('cluster', fax.cluster, x.clusters, ['faxUsers', i, 'cluster']);
  for (const [c, i] of ctx.each(e.campaigns)) {
    ctx.ref('group', c.group, x.groups, ['campaigns', i, 'group']);
    ctx.ref('cluster', c.cluster, x.clusters, ['campaigns', i, 'cluster']);
    ctx.ref('queue', c.queue, x.queues, ['campaigns', i, 'queue']);
    ctx.ref('trunk', c.trunk, x.trunkNames(c.cluster), ['campaigns', i, 'trunk']);
    if (c.agent !== undefined && x.clusters.has(c.cluster)) extensionOnCluster(ctx, 'agent extension', c.agent, c.cluster, ['campaigns', i, 'agent']);
  }
  for (const [a, i] of ctx.each(e.accounts)) {
    a.groups?.forEach((g, j) => ctx.ref('group', g, x.groups, ['accounts', i, 'groups', j]));
    a.clusters?.forEach((c, j) => ctx.ref('cluster', c, x.clusters, ['accounts', i, 'clusters', j]));
  }
  for (const [alias, i] of ctx.sound(e.numberPlan) ? ctx.each(e.numberPlan.aliases) : []) {
    ctx.ref('cluster', alias.cluster, x.clusters, ['numberPlan', 'aliases', i, 'cluster']);
    ctx.ref('queue', alias.queue, x.queues, ['numberPlan', 'aliases', i, 'queue']);
  }
}

/** Ids are unique per kind (servers across the enterprise; extensions per cluster). */
export const UNIQUE_IDS: Rule = { name: 'unique-ids', lifecycle: 'common', run: uniqueIds };
/** Every reference resolves, with a "did you mean" when it does not. */
export const REFERENCES: Rule = { name: 'references', lifecycle: 'common', run: references };
