import { normalizeEnterprise } from '@acm/core';
import { describe, expect, it } from 'vitest';
import { demoEnterprise } from '../test-support/demo-enterprise.js';
import { stateFromEnterprise } from './simulate-enterprise.js';

describe('stateFromEnterprise', () => {
  it('gives each endpoint the context and mailbox the renderer gives it: from the group when the extension sets none', () => {
    const demo = demoEnterprise();
    const e = normalizeEnterprise({
      ...demo,
      groups: [{ id: 'USSales', kind: 'agents', rightsProfile: 'USSales1', template: { voicemail: true } }, { id: 'IT', kind: 'users' }],
    });
    const state = stateFromEnterprise(e, 'tpa1', 0);
    const ep = (n: string) => state.endpoints.find((x) => x.name === n);
    expect([ep('6001')?.context, ep('6001')?.mailboxes]).toEqual(['USSales1', '6001@default']);
    expect([ep('6002')?.context, ep('6002')?.mailboxes]).toEqual(['USSales1', '6002@default']);
    expect([ep('6003')?.context, ep('6003')?.mailboxes]).toEqual(['default', '']);
  });
});
