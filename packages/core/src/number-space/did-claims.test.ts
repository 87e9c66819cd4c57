import { describe, expect, it } from 'vitest';
import { normalizeEnterprise, type Enterprise } from '../model/enterprise.js';
import { tinyEnterprise } from '../test-support/tiny-enterprise.js';
import { validate } from '../validate/validate.js';
import { DID_CLAIMS, findDidConflicts } from './did-claims.js';
import { trustedSource } from './claim-providers.js';
import type { Claim } from './claim.js';

type Doc = { -readonly [K in keyof ReturnType<typeof tinyEnterprise>]: ReturnType<typeof tinyEnterprise>[K] };
const conf = (number: string, cluster: string, externalNumber: string) => ({ number, cluster, group: 'sales', start: '2026-01-05 10:00:00', recurrence: 'weekly' as const, maxUsers: 5, externalNumber });
const fax = (id: string, cluster: string, numbers: string[]) => ({ id, email: `${id}@example.net`, cluster, numbers });
const build = (f: (d: Doc) => void): Enterprise => { const d: Doc = tinyEnterprise(); f(d); return normalizeEnterprise(d); };
const dids = (e: Enterprise) => validate(e).filter((d) => d.code.startsWith('did.')).map((d) => [d.code, d.severity, d.path, d.data, d.related?.[0]?.path]);

describe('DID claims', () => {
  it('claim conferences\' external numbers and FAX users\' numbers in the did context of their cluster, without a leading +', () => {
    const claims: Claim[] = [];
    DID_CLAIMS.claims(trustedSource(build((d) => { d.conferences = [conf('8600', 'c1', '+16465701658')]; d.faxUsers = [fax('keith', 'c2', ['16465701659'])]; })), (c) => claims.push(c));
    expect(claims.map((c) => [c.cluster, c.context, c.extension, c.kind, c.owner])).toEqual([
      ['c1', 'did', '16465701658', 'did', ['conferences', 0, 'externalNumber']],
      ['c2', 'did', '16465701659', 'did', ['faxUsers', 0, 'numbers', 0]],
    ]);
  });
});

describe('did.conflict', () => {
  it('one DID routed to a conference on one cluster and a FAX user on another (the demo\'s 16465701658)', () => {
    expect(dids(build((d) => { d.conferences = [conf('8600', 'c1', '16465701658'), conf('8601', 'c2', '+16465701658')]; d.faxUsers = [fax('keith', 'c1', ['16465701658'])]; }))).toEqual([
      ['did.conflict', 'error', ['conferences', 1, 'externalNumber'], { did: '16465701658', witness: '16465701658', cluster: 'c2', owner: 'conference 8601', otherCluster: 'c1', other: 'conference 8600' }, ['conferences', 0, 'externalNumber']],
      ['did.conflict', 'error', ['faxUsers', 0, 'numbers', 0], { did: '16465701658', witness: '16465701658', cluster: 'c1', owner: 'FAX user keith', otherCluster: 'c1', other: 'conference 8600' }, ['conferences', 0, 'externalNumber']],
    ]);
  });

  it('a conference DID that is an extension of its cluster; a FAX user listing a number twice is one destination', () => {
    expect(dids(build((d) => { d.conferences = [conf('8600', 'c1', '6102')]; }))).toEqual([
      ['did.conflict', 'error', ['conferences', 0, 'externalNumber'], { did: '6102', witness: '6102', cluster: 'c1', owner: 'conference 8600', otherCluster: 'c1', other: 'extension 6102 (Bob)' }, ['extensions', 1]],
    ]);
    expect(dids(build((d) => { d.faxUsers = [fax('keith', 'c1', ['16465701658', '+16465701658'])]; }))).toEqual([]);
    // Without an index (reading every extension) the same finding.
    const e = build((d) => { d.conferences = [conf('8600', 'c1', '6102')]; });
    expect(findDidConflicts(trustedSource(e)).map((d) => [d.code, d.path, d.related?.[0]?.path])).toEqual([['did.conflict', ['conferences', 0, 'externalNumber'], ['extensions', 1]]]);
  });
});

describe('did.routes-out', () => {
  it('a DID the cluster\'s own phones would dial out by a call-class route, unless it is an internal number there', () => {
    const withLocal = (d: Doc): void => { d.callClasses = [...(d.callClasses ?? []), { id: 'local', patterns: [{ pattern: '_9NXXXXXX' }] }]; };
    expect(dids(build((d) => { withLocal(d); d.conferences = [conf('8600', 'c1', '95551234')]; }))).toEqual([
      ['did.routes-out', 'warning', ['conferences', 0, 'externalNumber'], { did: '95551234', witness: '95551234', cluster: 'c1', callClass: 'local', pattern: '_9NXXXXXX' }, ['callClasses', 1, 'patterns', 0, 'pattern']],
    ]);
    // A FAX number is also a number of acm-local: the phones reach the gateway first.
    expect(dids(build((d) => { withLocal(d); d.faxUsers = [fax('keith', 'c1', ['95551234'])]; }))).toEqual([]);
  });
});
