import { describe, expect, it } from 'vitest';
import { judgeRoamingNumber, type RoamingEntry } from './roaming-view.js';

const entry = (cluster: string, i: number, extra: Partial<RoamingEntry> = {}): RoamingEntry => ({ cluster, kind: 'extension', owner: ['extensions', i], name: 'Ann', roaming: true, standardNumber: false, ...extra });

describe('judgeRoamingNumber', () => {
  it('is clean for a roaming user with voicemail on the home cluster only', () => {
    const n = judgeRoamingNumber('5020', [entry('tpa2', 0, { voicemail: '5020' }), entry('sfo', 1)]);
    expect(n.diagnostics).toEqual([]);
    expect(n.voicemailClusters).toEqual(['tpa2']);
  });
  it('flags every box after the first and every name differing from the first', () => {
    const n = judgeRoamingNumber('5200', [entry('sfo', 0, { voicemail: '5200', name: '5200' }), entry('tpa2', 1, { voicemail: '5200' }), entry('tpa1', 2, { voicemail: '5200' })]);
    expect(n.diagnostics.map((d) => [d.code, d.path, d.related?.[0]?.path])).toEqual([
      ['roaming.duplicate-voicemail', ['extensions', 1, 'voicemail'], ['extensions', 0, 'voicemail']],
      ['roaming.duplicate-voicemail', ['extensions', 2, 'voicemail'], ['extensions', 0, 'voicemail']],
      ['roaming.name-mismatch', ['extensions', 1, 'name'], ['extensions', 0, 'name']],
      ['roaming.name-mismatch', ['extensions', 2, 'name'], ['extensions', 0, 'name']],
    ]);
  });
  it('lets a standard number without voicemail carry a local name per site', () => {
    const std = { roaming: false, standardNumber: true };
    const n = judgeRoamingNumber('5101', [entry('tpa1', 0, { ...std, name: 'Tampa IT HelpDesk' }), entry('lon', 1, { ...std, name: 'UK IT HelpDesk' })]);
    expect(n.diagnostics).toEqual([]);
  });
  it('checks names of a standard number once it has a voicemail box', () => {
    const std = { roaming: false, standardNumber: true };
    const n = judgeRoamingNumber('5101', [entry('tpa1', 0, { ...std, name: 'A', voicemail: '5101' }), entry('lon', 1, { ...std, name: 'B' })]);
    expect(n.diagnostics.map((d) => d.code)).toEqual(['roaming.name-mismatch']);
  });
  it('flags the plain side when only one side roams', () => {
    const n = judgeRoamingNumber('6179', [entry('sfo', 0), entry('ams', 1, { roaming: false })]);
    expect(n.diagnostics.map((d) => [d.code, d.path, d.data.otherCluster])).toEqual([['roaming.not-enabled', ['extensions', 1], 'sfo']]);
  });
});
