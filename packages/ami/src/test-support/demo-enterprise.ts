import { normalizeEnterprise, type Enterprise } from '@acm/core';

/** A small enterprise matching instance A of the captures: cluster tpa1 with server ast1, 6001-6003, trunk-b. */
export function demoEnterprise(amiPort = 5038): Enterprise {
  return normalizeEnterprise({
    name: 'Demo',
    topology: 'central',
    sites: [{ id: 'tpa', name: 'Tampa', timezone: 'America/New_York', dialing: { countryCode: '1', emergencyNumbers: ['911'] } }],
    clusters: [
      {
        id: 'tpa1', site: 'tpa', voiceVip: { address: '10.0.0.10', interface: 'eth0' }, dundiEid: '00:00:00:00:00:01', channelCapacity: 40,
        servers: [{ id: 'ast1', hostname: 'ast1', address: '127.0.0.1', role: 'primary', ami: { port: amiPort, username: 'acm', secret: 'secret' } }],
      },
    ],
    groups: [{ id: 'USSales', kind: 'agents' }, { id: 'IT', kind: 'users' }],
    extensions: [
      { number: '6001', cluster: 'tpa1', group: 'USSales', name: 'Alice', secret: 'x', voicemail: { box: '6001' } },
      { number: '6002', cluster: 'tpa1', group: 'USSales', name: 'Bob', secret: 'x' },
      { number: '6003', cluster: 'tpa1', group: 'IT', name: 'Carol', secret: 'x' },
    ],
    trunks: [{ id: 'trunk-b', cluster: 'tpa1', group: 'TNX', protocol: 'SIP', provider: 'B', channels: 40 }],
  } as unknown as Parameters<typeof normalizeEnterprise>[0]);
}
