import type { EnterpriseDocument } from '../model/enterprise.js';

/** A small valid enterprise (one site, two clusters) that rule tests modify. */
export function tinyEnterprise(): EnterpriseDocument & Record<string, unknown> {
  return {
    name: 'Tiny',
    topology: 'central',
    sites: [{ id: 'tpa', name: 'Tampa', timezone: 'America/New_York', dialing: { countryCode: '1', outsideLinePrefix: '9', emergencyNumbers: ['911'] } }],
    clusters: [
      {
        id: 'c1', site: 'tpa', voiceVip: { address: '10.0.1.10', interface: 'eth0' }, dundiEid: '00:50:56:00:00:01',
        servers: [{ id: 's1a', hostname: 's1a.example.net', address: '10.0.1.11', role: 'primary' }, { id: 's1b', hostname: 's1b.example.net', address: '10.0.1.12', role: 'secondary' }],
      },
      {
        id: 'c2', site: 'tpa', voiceVip: { address: '10.0.2.10', interface: 'eth0' }, dundiEid: '00:50:56:00:00:02',
        servers: [{ id: 's2a', hostname: 's2a.example.net', address: '10.0.2.11', role: 'primary' }, { id: 's2b', hostname: 's2b.example.net', address: '10.0.2.12', role: 'secondary' }],
      },
    ],
    rightsProfiles: [{ id: 'staff', callClasses: ['internal', 'emergency'] }],
    callClasses: [{ id: 'emergency', emergency: true, patterns: [{ pattern: '911' }] }],
    groups: [{ id: 'sales', kind: 'agents', rightsProfile: 'staff', ranges: [{ cluster: 'c1', from: '6100', to: '6199' }] }],
    acls: [{ id: 'phones', permit: ['10.0.0.0/8'] }],
    trunks: [
      { id: 'C2', cluster: 'c1', protocol: 'IAX', peerCluster: 'c2', channels: 10, auth: { username: 'C1', secret: 'Qm4vT8wZr2Lp6Xs9Kd3h' } },
      { id: 'C1', cluster: 'c2', protocol: 'IAX', peerCluster: 'c1', channels: 10, auth: { username: 'C2', secret: 'Qm4vT8wZr2Lp6Xs9Kd3h' } },
      // Emergency calls must leave each cluster (emergency.no-route).
      { id: 'itsp1', cluster: 'c1', protocol: 'SIP', host: '203.0.113.10', channels: 10, callClasses: ['emergency'] },
      { id: 'itsp2', cluster: 'c2', protocol: 'SIP', host: '203.0.113.10', channels: 10, callClasses: ['emergency'] },
    ],
    extensions: [
      { number: '6101', cluster: 'c1', group: 'sales', name: 'Ann', secret: 'Zq8wXv3rTn5mKp2jLs9d', acl: 'phones', voicemail: { box: '6101', pin: '580314' } },
      { number: '6102', cluster: 'c1', group: 'sales', name: 'Bob', secret: 'Hy7tGb4nMk2wQp8zRx5c' },
    ],
  };
}
