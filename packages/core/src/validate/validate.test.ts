import { describe, expect, it } from 'vitest';
import { validate } from './validate.js';
import { tinyEnterprise } from '../test-support/tiny-enterprise.js';

/** The tiny enterprise with its top-level members writable: each test swaps one in. */
type Doc = { -readonly [K in keyof ReturnType<typeof tinyEnterprise>]: ReturnType<typeof tinyEnterprise>[K] };
const run = (edit: (e: Doc) => void): [string, string, Record<string, unknown>][] => {
  const e = tinyEnterprise();
  edit(e);
  return validate(e).map((d) => [d.code, d.path.join('.'), { ...d.data }]);
};
const codes = (edit: (e: Doc) => void): string[] => run(edit).map(([c]) => c);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const any = (x: unknown): any => x;

describe('validate', () => {
  it('finds nothing wrong with a sound enterprise', () => {
    expect(run(() => {})).toEqual([]);
  });

  it('never throws on documents of the wrong shape', () => {
    const base = { name: 'x', topology: 'central' };
    for (const v of [
      null, 3, 'x', [], {}, { sites: 5 }, { ...base, extensions: [null, 5, { number: [] }] },
      { ...base, numberPlan: {} }, { ...base, numberPlan: 5 }, { ...base, numberPlan: { rules: 5 } }, { ...base, numberPlan: { rules: [], aliases: 5 } },
      { ...base, policy: { suppress: 5 } }, { ...base, policy: { suppress: 'x' } }, { ...base, policy: { severity: [] } },
    ]) {
      expect(() => validate(v)).not.toThrow();
    }
    expect(validate(null).map((d) => d.code)).toEqual(['schema.type']);
  });

  it('resolves references with a did-you-mean', () => {
    expect(run((e) => (any(e.extensions)[1].group = 'Sales'))).toEqual([['ref.unknown', 'extensions.1.group', { kind: 'group', value: 'Sales', suggestion: 'sales' }]]);
    expect(run((e) => (any(e.extensions)[1].acl = 'phone'))).toEqual([['ref.unknown', 'extensions.1.acl', { kind: 'ACL', value: 'phone', suggestion: 'phones' }]]);
  });

  it('finds duplicate ids: extensions per cluster, servers across the enterprise', () => {
    // The same number twice on a cluster is one finding: the duplicate in the dialplan context (the
    // number space), not also a duplicate id.
    expect(codes((e) => any(e.extensions).push({ ...any(e.extensions)[1] }))).toEqual(['numspace.duplicate']);
    // Conferences are keyed by number too: two with one number are the same one finding.
    const conference = { number: '8600', cluster: 'c1', group: 'sales', start: '2018-06-22 14:00:00', recurrence: 'weekly', maxUsers: 10 } as const;
    expect(codes((e) => (e.conferences = [conference, { ...conference, description: 'standup' }]))).toEqual(['numspace.duplicate']);
    // On another cluster the number is no duplicate id, but a number on two clusters that is neither
    // roaming nor a standard number (sales has no range on c2, so no outside-range finding).
    expect(codes((e) => any(e.extensions).push({ ...any(e.extensions)[1], cluster: 'c2' }))).toEqual(['numspace.cross-cluster']);
    expect(codes((e) => (any(e.clusters)[1].servers[0].id = 's1a'))).toEqual(['id.duplicate']);
  });

  it('reports weak SIP secrets and voicemail PINs without the secret', () => {
    const found = run((e) => {
      any(e.extensions)[0].secret = '6101';
      any(e.extensions)[0].voicemail.pin = '1111';
    });
    expect(found).toEqual([
      ['secret.weak', 'extensions.0.secret', { kind: 'SIP', reasons: ['short', 'numeric', 'equals-user'] }],
      ['pin.weak', 'extensions.0.voicemail.pin', { kind: 'voicemail', reasons: ['repeated'] }],
    ]);
    expect(JSON.stringify(found)).not.toContain('1111');
    expect(run((e) => (any(e.extensions)[0].voicemail.pin = '12ab'))).toEqual([['pin.not-numeric', 'extensions.0.voicemail.pin', { kind: 'voicemail' }]]);
    // A stricter policy makes the 20-character secrets short: the two extensions' and the two IAX trunks'.
    expect(codes((e) => (e.policy = { secretMinLength: 24 }))).toEqual(['secret.weak', 'secret.weak', 'secret.weak', 'secret.weak']);
  });

  it('finds colliding addresses (VIP = server address)', () => {
    expect(run((e) => (any(e.clusters)[1].voiceVip.address = '10.0.1.11'))).toEqual([
      ['net.address-collision', 'clusters.1.voiceVip.address', { address: '10.0.1.11', kind: 'VIP (voice) of c2', otherKind: 'address of server s1a' }],
    ]);
  });

  it('checks ACL networks: empty, duplicated (also as another spelling), host bits', () => {
    expect(run((e) => (any(e.acls)[0].permit = ['10.0.0.0/8', '10.0.0.0/255.0.0.0', '192.168.1.7/24']))).toEqual([
      ['acl.duplicate-network', 'acls.0.permit.1', { acl: 'phones', network: '10.0.0.0/255.0.0.0' }],
      ['acl.host-bits', 'acls.0.permit.2', { network: '192.168.1.7/24', canonical: '192.168.1.0/24' }],
    ]);
    expect(codes((e) => (any(e.acls)[0].permit = []))).toEqual(['acl.empty']);
  });

  it('checks clusters: one primary, an HA peer, unique DUNDi EIDs', () => {
    expect(codes((e) => (any(e.clusters)[0].servers[1].role = 'primary'))).toEqual(['cluster.primary-count']);
    expect(codes((e) => any(e.clusters)[1].servers.pop())).toEqual(['cluster.no-ha-peer']);
    expect(codes((e) => (any(e.clusters)[1].dundiEid = '00:50:56:00:00:01'))).toEqual(['cluster.duplicate-eid']);
  });

  it('checks group ranges and extension numbers against them', () => {
    expect(run((e) => (any(e.extensions)[1].number = '6200'))).toEqual([['exten.outside-range', 'extensions.1.number', { number: '6200', group: 'sales', cluster: 'c1', ranges: ['6100-6199'] }]]);
    expect(codes((e) => (any(e.groups)[0].ranges[0].to = '610'))).toEqual(['group.range-invalid']);
    expect(codes((e) => any(e.groups).push({ id: 'b', kind: 'users', ranges: [{ cluster: 'c1', from: '6150', to: '6250' }] }))).toEqual(['group.range-overlap']);
  });

  it('checks business hours', () => {
    const rule = { id: 'r', cluster: 'c1', group: 'sales', function: 'OPEN', active: true, startTime: '08:00:00', endTime: '18:00:00', startDay: 'mon', endDay: 'fri' };
    expect(codes((e) => (e.businessHours = [rule]))).toEqual([]);
    expect(codes((e) => (e.businessHours = [{ ...rule, endTime: '08:00:00' }]))).toEqual(['hours.zero-length']);
    expect(codes((e) => (e.businessHours = [{ ...rule, startTime: '22:00:00', endTime: '06:00:00' }]))).toEqual(['hours.wraps-midnight']);
    expect(codes((e) => (e.businessHours = [{ ...rule, startDay: undefined }]))).toEqual(['hours.end-without-start']);
    const closed = { ...rule, id: 'x', function: 'CLOSED', startTime: '00:00:00', endTime: '23:59:59', startDay: '*', endDay: undefined };
    expect(codes((e) => (e.businessHours = [rule, closed]))).toEqual(['hours.open-overridden']);
    // The same closing rule limited to some dates only closes those dates.
    expect(codes((e) => (e.businessHours = [rule, { ...closed, startDate: '12/25', endDate: '12/26' }]))).toEqual([]);
    expect(codes((e) => (e.businessHours = [closed]))).toEqual(['hours.no-open-rule']);
  });

  it('checks queues, trunks, conferences, campaigns', () => {
    expect(run((e) => (e.queues = [{ id: 'q', number: '6100', cluster: 'c1', group: 'sales', strategy: 'ringall', members: [{ extension: '6101' }, { extension: '6101' }, { extension: '7000' }] }]))).toEqual([
      ['ref.unknown', 'queues.0.members.2.extension', { kind: 'queue member', value: '7000' }],
      ['queue.duplicate-member', 'queues.0.members.1', { queue: 'q', extension: '6101' }],
    ]);
    expect(run((e) => (e.queues = [{ id: 'q', cluster: 'c2', group: 'sales', strategy: 'ringall', members: [{ extension: '6101' }] }]))).toEqual([
      ['ref.wrong-cluster', 'queues.0.members.0.extension', { kind: 'queue member', value: '6101', cluster: 'c2', foundOn: ['c1'] }],
    ]);
    const t = { cluster: 'c1', protocol: 'SIP', host: '203.0.113.10', channels: 10 } as const;
    // The tiny enterprise's IAX pair between c1 and c2 stays, so the clusters still reach each other.
    const iax = tinyEnterprise().trunks ?? [];
    expect(codes((e) => (e.trunks = [...iax, { ...t, id: 'A', failover: 'B' }, { ...t, id: 'B', failover: 'A' }]))).toEqual(['trunk.failover-loop']);
    expect(codes((e) => (e.trunks = [...iax, { ...t, id: 'A', channels: 0, host: undefined }]))).toEqual(['trunk.no-capacity', 'trunk.missing-host']);
    expect(codes((e) => (e.trunks = [...iax, { ...t, id: 'A', encryption: true, transport: 'udp' }]))).toEqual(['trunk.encryption-needs-tls']);
    // Identified by a host name (no address, no ACL of addresses, no registration): depends on DNS at boot.
    expect(run((e) => (e.trunks = [...iax, { ...t, id: 'A', host: 'sip.itsp.example.net' }]))).toEqual([
      ['trunk.identify-needs-dns', `trunks.${iax.length}.host`, { trunk: 'A', cluster: 'c1', host: 'sip.itsp.example.net' }],
    ]);
    expect(codes((e) => (e.trunks = [...iax, { ...t, id: 'A', host: 'sip.itsp.example.net', register: true, auth: { username: 'u', secret: 'x8Kq2vLp9TzW4rNs' } }]))).toEqual([]);
    expect(codes((e) => (e.trunks = [...iax, { ...t, id: 'A', host: '2001:db8::10' }]))).toEqual([]);
    // Trunk names are unique per cluster: the same name on two clusters is fine.
    expect(codes((e) => (e.trunks = [...iax, { ...t, id: 'A' }, { ...t, id: 'A', cluster: 'c2' }]))).toEqual([]);
    expect(codes((e) => (e.conferences = [{ number: '8600', cluster: 'c1', group: 'sales', start: '2018-06-22 14:00:00', end: '2018-06-21 00:00:00', recurrence: 'none', maxUsers: 10 }]))).toEqual(['conference.end-before-start']);
  });

  it('checks that clusters can reach each other and that inter-site ACLs admit the peer', () => {
    // Without the IAX pair, c2's users cannot dial c1's two extensions (c1 has no users of c2 to miss).
    const noIax = (e: Doc): void => { e.trunks = (e.trunks ?? []).filter((t) => t.protocol !== 'IAX'); };
    expect(run(noIax)).toEqual([['cluster.no-route', 'clusters.1', { cluster: 'c2', otherCluster: 'c1', count: 2, witness: '6101' }]]);
    // A roaming number is found by DUNDi, not over the trunk: it does not count.
    expect(codes((e) => {
      noIax(e);
      for (const x of e.extensions ?? []) Object.assign(x, { roaming: true });
    })).toEqual([]);
    // c1's ACL "phones" permits 10.0.0.0/8, which holds c2's servers; 192.168.0.0/16 does not.
    expect(codes((e) => (Object.assign((e.trunks ?? [])[0] as object, { acl: 'phones' })))).toEqual([]);
    expect(run((e) => {
      e.acls = [...(e.acls ?? []), { id: 'links', permit: ['192.168.0.0/16'] }];
      Object.assign((e.trunks ?? [])[0] as object, { acl: 'links' });
    })).toEqual([['trunk.acl-blocks-peer', 'trunks.0.acl', { trunk: 'C2', cluster: 'c1', peerCluster: 'c2', acl: 'links', addresses: ['10.0.2.11', '10.0.2.12', '10.0.2.10'] }]]);
  });

  it('checks replication topologies', () => {
    expect(run((e) => (e.replication = [{ id: 'ring', scope: 'enterprise', kind: 'circular', members: ['s1a', 's2a'] }]))).toEqual([
      ['replication.shape', 'replication.0.members', { id: 'ring', kind: 'circular', count: 2, expected: 'expected at least 3 (use master-master for 2)' }],
      ['replication.server-uncovered', 'clusters.0.servers.1', { server: 's1b' }],
      ['replication.server-uncovered', 'clusters.1.servers.1', { server: 's2b' }],
    ]);
  });

  it('applies the policy: suppressed codes and severity overrides; unknown codes are reported', () => {
    const base = (e: Doc): void => {
      any(e.extensions)[0].secret = 'short';
    };
    expect(validate({ ...tinyEnterprise(), policy: { suppress: ['secret.weak'] } }).length).toBe(0);
    const e: Doc = tinyEnterprise();
    base(e);
    e.policy = { severity: { 'secret.weak': 'error' }, suppress: ['secret.wek'] };
    expect(validate(e).map((d) => [d.code, d.severity, d.data.suggestion])).toEqual([
      ['secret.weak', 'error', undefined],
      ['policy.unknown-code', 'warning', 'secret.weak'],
    ]);
  });
});
