import { extensionResolver } from '../../model/effective-extension.js';
import { CATALOGUE } from '../../diagnostics/catalogue.js';
import { suggest } from '../../schema/did-you-mean.js';
import type { Rule, RuleContext } from '../rule.js';
import { isIpv6, parseIpv4 } from '../../schema/net.js';

const isAddress = (host: string): boolean => parseIpv4(host) !== undefined || isIpv6(host);

/** A numeric range check on equal-length digit strings (so `0100` and `100` never compare). */
function inRange(number: string, from: string, to: string): boolean {
  return number.length === from.length && number >= from && number <= to;
}

function groups(ctx: RuleContext): void {
  const e = ctx.enterprise;
  const ranges: { group: string; cluster: string; from: string; to: string; path: (string | number)[] }[] = [];
  for (const [group, gi] of ctx.each(e.groups)) {
    for (const [r, ri] of ctx.each(group.ranges)) {
      const path = ['groups', gi, 'ranges', ri];
      if (r.from.length !== r.to.length) ctx.report('group.range-invalid', path, { from: r.from, to: r.to, reason: 'the ends have different lengths' });
      else if (r.from > r.to) ctx.report('group.range-invalid', path, { from: r.from, to: r.to, reason: 'the start is after the end' });
      else {
        for (const other of ranges) {
          if (other.cluster === r.cluster && other.group !== group.id && other.from.length === r.from.length && other.from <= r.to && r.from <= other.to) {
            ctx.report('group.range-overlap', path, { from: r.from, to: r.to, cluster: r.cluster, otherGroup: other.group, otherFrom: other.from, otherTo: other.to }, { related: [{ path: other.path }] });
          }
        }
        ranges.push({ group: group.id, cluster: r.cluster, from: r.from, to: r.to, path });
      }
    }
  }
}

function extensions(ctx: RuleContext): void {
  const { enterprise: e, index: x } = ctx;
  const macs = new Map<string, { path: (string | number)[]; label: string }>();
  const claimMac = (mac: string, label: string, path: (string | number)[]): void => {
    const key = mac.toLowerCase().replace(/[^0-9a-f]/g, '');
    const first = macs.get(key);
    if (first === undefined) macs.set(key, { path, label });
    else ctx.report('provisioning.duplicate-mac', path, { mac, other: first.label }, { related: [{ path: first.path }] });
  };
  const effective = extensionResolver(new Map([...x.groups].map(([id, g]) => [id, g.item])));
  for (const [ext, i] of ctx.each(e.extensions)) {
    const p = ['extensions', i];
    const group = x.groups.get(ext.group)?.item;
    const own = (Array.isArray(group?.ranges) ? (group?.ranges ?? []) : []).filter((r) => ctx.sound(r as unknown) && r.cluster === ext.cluster && r.from.length === r.to.length && r.from <= r.to) ?? [];
    if (own.length > 0 && !own.some((r) => inRange(ext.number, r.from, r.to))) {
      ctx.report('exten.outside-range', [...p, 'number'], { number: ext.number, group: ext.group, cluster: ext.cluster, ranges: own.map((r) => `${r.from}-${r.to}`) });
    }
    const settings = effective(ext);
    const transport = settings.transport.value;
    if (settings.encryption.value && transport !== undefined && transport !== 'tls') ctx.report('exten.encryption-needs-tls', [...p, settings.transport.from === 'extension' ? 'transport' : 'encryption'], { transport });
    if (ctx.sound(ext.callForward)) {
      for (const kind of ['always', 'busy', 'noAnswer'] as const) {
        if (ext.callForward[kind] === ext.number) ctx.report('exten.forward-to-self', [...p, 'callForward', kind], { kind });
      }
    }
    if (ctx.sound(ext.provisioning)) claimMac(ext.provisioning.mac, `extension ${ext.number} on ${ext.cluster}`, [...p, 'provisioning', 'mac']);
  }
  for (const [desk, i] of ctx.each(e.hotDesks)) {
    if (ctx.sound(desk.provisioning)) claimMac(desk.provisioning.mac, `hot-desk ${desk.number} on ${desk.cluster}`, ['hotDesks', i, 'provisioning', 'mac']);
  }
}

function queues(ctx: RuleContext): void {
  for (const [queue, i] of ctx.each(ctx.enterprise.queues)) {
    const members = queue.members ?? [];
    if (members.length === 0 && queue.dynamicMembers !== true) ctx.report('queue.empty', ['queues', i], { queue: queue.id });
    const seen = new Map<string, number>();
    members.forEach((m, j) => {
      if (!ctx.sound(m)) return;
      const first = seen.get(m.extension);
      if (first === undefined) seen.set(m.extension, j);
      else ctx.report('queue.duplicate-member', ['queues', i, 'members', j], { queue: queue.id, extension: m.extension }, { related: [{ path: ['queues', i, 'members', first] }] });
    });
  }
}

function trunks(ctx: RuleContext): void {
  const { enterprise: e, index: x } = ctx;
  for (const [trunk, i] of ctx.each(e.trunks)) {
    const p = ['trunks', i];
    if (trunk.channels === 0) ctx.report('trunk.no-capacity', [...p, 'channels'], { trunk: trunk.id });
    if (trunk.protocol !== 'PRI' && trunk.host === undefined && trunk.peerCluster === undefined) ctx.report('trunk.missing-host', p, { trunk: trunk.id, protocol: trunk.protocol });
    if (trunk.encryption === true && trunk.protocol === 'SIP' && trunk.transport !== undefined && trunk.transport !== 'tls') {
      ctx.report('trunk.encryption-needs-tls', [...p, 'transport'], { trunk: trunk.id, transport: trunk.transport });
    }
    // The renderer identifies a SIP trunk by its address, else its ACL's addresses, else its registration's
    // `line`; only a name with none of them is matched by name, resolved when res_pjsip loads.
    if (trunk.protocol === 'SIP' && typeof trunk.host === 'string' && !isAddress(trunk.host)) {
      const aclNets = trunk.acl === undefined ? [] : (x.acls.get(trunk.acl)?.item.permit ?? []);
      const registers = trunk.register === true && trunk.auth !== undefined;
      if (aclNets.length === 0 && !registers) ctx.report('trunk.identify-needs-dns', [...p, 'host'], { trunk: trunk.id, cluster: trunk.cluster, host: trunk.host });
    }
    if (trunk.peerCluster !== undefined && trunk.peerCluster === trunk.cluster) ctx.report('trunk.peer-self', [...p, 'peerCluster'], { trunk: trunk.id, cluster: trunk.cluster });
  }
  // Failover cycles: report each cycle once, at its smallest member.
  const reported = new Set<string>();
  for (const [trunk] of ctx.each(e.trunks)) {
    const chain: string[] = [];
    let cur: string | undefined = trunk.id;
    while (cur !== undefined && !chain.includes(cur)) {
      chain.push(cur);
      cur = x.trunk(trunk.cluster, cur)?.item.failover;
    }
    if (cur === undefined) continue;
    const cycle = chain.slice(chain.indexOf(cur));
    const start = [...cycle].sort()[0] as string;
    if (reported.has(`${trunk.cluster}/${start}`)) continue;
    reported.add(`${trunk.cluster}/${start}`);
    const rot = [...cycle.slice(cycle.indexOf(start)), ...cycle.slice(0, cycle.indexOf(start)), start];
    const at = x.trunk(trunk.cluster, start);
    if (at !== undefined) ctx.report('trunk.failover-loop', ['trunks', at.index, 'failover'], { cycle: rot });
  }
}

function misc(ctx: RuleContext): void {
  const e = ctx.enterprise;
  for (const [conf, i] of ctx.each(e.conferences)) {
    if (conf.end !== undefined && conf.end < conf.start) ctx.report('conference.end-before-start', ['conferences', i, 'end'], { number: conf.number, start: conf.start, end: conf.end });
  }
  for (const [c, i] of ctx.each(e.campaigns)) {
    if (c.mode === 'queue' && c.queue === undefined) ctx.report('campaign.missing-target', ['campaigns', i], { campaign: c.id, mode: c.mode, field: 'queue' });
    if (c.mode === 'agent' && c.agent === undefined) ctx.report('campaign.missing-target', ['campaigns', i], { campaign: c.id, mode: c.mode, field: 'agent' });
  }
  const faxNumbers = new Map<string, { user: string; path: (string | number)[] }>();
  for (const [fax, i] of ctx.each(e.faxUsers)) {
    fax.numbers.forEach((n, j) => {
      const first = faxNumbers.get(n);
      if (first === undefined) faxNumbers.set(n, { user: fax.id, path: ['faxUsers', i, 'numbers', j] });
      else if (first.user !== fax.id) ctx.report('fax.duplicate-number', ['faxUsers', i, 'numbers', j], { number: n, otherUser: first.user }, { related: [{ path: first.path }] });
    });
  }
  const policy = ctx.sound(e.policy) ? e.policy : undefined;
  const codes = [...(policy?.suppress ?? []).map((c, j) => [c, ['policy', 'suppress', j]] as const), ...Object.keys(policy?.severity ?? {}).map((c) => [c, ['policy', 'severity', c]] as const)];
  for (const [code, path] of codes) {
    if (!CATALOGUE.has(code)) {
      const suggestion = suggest(code, CATALOGUE.keys());
      ctx.report('policy.unknown-code', path, { code, ...(suggestion === undefined ? {} : { suggestion }) });
    }
  }
}

function replication(ctx: RuleContext): void {
  const { enterprise: e, index: x } = ctx;
  const covered = new Set<string>();
  for (const [t, i] of ctx.each(e.replication)) {
    const n = t.members.length;
    const expected = t.kind === 'master-master' ? (n === 2 ? undefined : 'expected exactly 2') : t.kind === 'circular' ? (n >= 3 ? undefined : 'expected at least 3 (use master-master for 2)') : undefined;
    if (expected !== undefined) ctx.report('replication.shape', ['replication', i, 'members'], { id: t.id, kind: t.kind, count: n, expected });
    const seen = new Set<string>();
    t.members.forEach((m, j) => {
      if (seen.has(m)) ctx.report('replication.duplicate-member', ['replication', i, 'members', j], { id: t.id, server: m });
      seen.add(m);
      covered.add(m);
      const ref = x.servers.get(m);
      if (ref !== undefined && ctx.sound(ref.cluster) && t.scope === 'site' && t.site !== undefined && ref.cluster.site !== t.site) {
        ctx.report('replication.outside-site', ['replication', i, 'members', j], { server: m, serverSite: ref.cluster.site, site: t.site });
      }
    });
    if ((t.scope === 'enterprise' && e.topology === 'distributed') || (t.scope === 'site' && t.site === undefined)) {
      ctx.report('replication.scope-mismatch', ['replication', i, 'scope'], { id: t.id, scope: t.scope, topology: e.topology });
    }
  }
  if (e.replication.length === 0) return;
  for (const [id, ref] of x.servers) {
    if (!covered.has(id)) ctx.report('replication.server-uncovered', ['clusters', ref.clusterIndex, 'servers', ref.serverIndex], { server: id });
  }
}

/** Group number ranges are well-formed and do not overlap between groups. */
export const GROUPS: Rule = { name: 'group-ranges', lifecycle: 'common', run: groups };
/** Extension-level consistency: ranges, encryption, forwards, provisioning MACs. */
export const EXTENSIONS: Rule = { name: 'extensions', lifecycle: 'common', run: extensions };
/** Queues have members, once each. */
export const QUEUES: Rule = { name: 'queues', lifecycle: 'common', run: queues };
/** Trunks have capacity, a far end, TLS when encrypted, and failover without loops. */
export const TRUNKS: Rule = { name: 'trunks', lifecycle: 'common', run: trunks };
/** Conferences, campaigns, FAX users and the policy itself. */
export const MISC: Rule = { name: 'misc', lifecycle: 'common', run: misc };
/** Replication topologies have the right shape and scope. */
export const REPLICATION: Rule = { name: 'replication', lifecycle: 'common', run: replication };
