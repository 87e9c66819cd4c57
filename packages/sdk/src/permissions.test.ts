import { describe, expect, it } from 'vitest';
import { can, decide, scopeOf, type Principal } from './permissions.js';

const admin: Principal = { username: 'a', role: 'administrator' };
const noc: Principal = { username: 'n', role: 'noc' };
const helpdesk: Principal = { username: 'h', role: 'helpdesk', groups: ['USSales'] };
const helpdeskAll: Principal = { username: 'h2', role: 'helpdesk' };
const supervisor: Principal = { username: 's', role: 'supervisor', groups: ['USSales'], clusters: ['tpa1'] };

const sales = { collection: 'extensions' as const, group: 'USSales', cluster: 'tpa1' };
const it_ = { collection: 'extensions' as const, group: 'IT', cluster: 'tpa1' };

describe('can()', () => {
  it('an administrator may do everything, privileged functions included', () => {
    for (const action of ['read', 'edit', 'import', 'deploy', 'force', 'monitor', 'accounts'] as const) expect(can(admin, action, { collection: 'trunks' })).toBe(true);
  });

  it('a NOC account reads and monitors, and changes nothing', () => {
    expect([can(noc, 'read', sales), can(noc, 'monitor'), can(noc, 'edit', sales), can(noc, 'deploy'), can(noc, 'import'), can(noc, 'force'), can(noc, 'accounts')]).toEqual([true, true, false, false, false, false, false]);
    expect(can(noc, 'read', { collection: 'accounts' })).toBe(false);
  });

  it('a helpdesk account changes users and phones of its groups only, never privileged collections', () => {
    expect(can(helpdesk, 'edit', sales)).toBe(true);
    expect(decide(helpdesk, 'edit', it_)).toEqual({ allowed: false, reason: "group IT is not one of the account's groups" });
    expect(can(helpdesk, 'edit', { collection: 'hotDesks', group: 'USSales' })).toBe(true);
    expect(can(helpdesk, 'edit', { collection: 'trunks', group: 'USSales' })).toBe(false);
    expect(can(helpdesk, 'edit', { collection: 'queues', group: 'USSales' })).toBe(false);
    // Limited to groups: an entity of no group is outside them.
    expect(can(helpdesk, 'edit', { collection: 'faxUsers' })).toBe(false);
    expect(can(helpdeskAll, 'edit', { collection: 'faxUsers' })).toBe(true);
    expect([can(helpdesk, 'monitor'), can(helpdesk, 'deploy'), can(helpdesk, 'force')]).toEqual([true, false, false]);
  });

  it('a supervisor reads what belongs to its groups and clusters and changes only their business hours', () => {
    expect(can(supervisor, 'read', sales)).toBe(true);
    expect(can(supervisor, 'read', it_)).toBe(false);
    expect(can(supervisor, 'read', { collection: 'extensions', group: 'USSales', cluster: 'lon' })).toBe(false);
    // Enterprise-wide things (no group, no cluster) are readable.
    expect(can(supervisor, 'read', { collection: 'sites' })).toBe(true);
    expect(can(supervisor, 'edit', sales)).toBe(false);
    expect(can(supervisor, 'edit', { collection: 'businessHours', group: 'USSales', cluster: 'tpa1' })).toBe(true);
    expect(can(supervisor, 'edit', { collection: 'businessHours', group: 'IT', cluster: 'tpa1' })).toBe(false);
    expect(can(supervisor, 'monitor')).toBe(false);
  });

  it('takes the scope of an entity from its group and cluster fields', () => {
    expect(scopeOf('extensions', { number: '6101', group: 'USSales', cluster: 'tpa1' })).toEqual(sales);
    expect(scopeOf('groups', { id: 'USSales' })).toEqual({ collection: 'groups', group: 'USSales' });
    expect(scopeOf('clusters', { id: 'tpa1' })).toEqual({ collection: 'clusters', cluster: 'tpa1' });
    expect(scopeOf('sites', 'garbage')).toEqual({ collection: 'sites' });
  });
});
