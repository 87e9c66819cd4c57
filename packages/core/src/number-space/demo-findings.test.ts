import { describe, expect, it } from 'vitest';
import { loadEnterprise } from '../load/load-enterprise.js';
import type { Enterprise } from '../model/enterprise.js';
import { validate } from '../validate/validate.js';
import { planBatch, roamingView } from './index.js';

const enterprise = async (): Promise<Enterprise> => (await loadEnterprise('examples/enterprise')).enterprise!;
const ours = /^(numspace|roaming|batch)\./;

describe('examples/enterprise: number space and roaming findings', () => {
  it('reports exactly the expected findings', async () => {
    const found = validate(await enterprise()).filter((d) => ours.test(d.code)).map((d) => [d.code, d.data.cluster, d.data.witness, d.data.longer ?? d.data.name ?? d.data.home]);
    expect(found).toEqual([
      // Overlap dialing (checked by hand): the emergency class routes 999 and 9999 on lon, 9911 on
      // tpa/sfo (911 with the outside line). 999 is a prefix of 9999; 999 and 9999 are prefixes of
      // lon's local _9[2-9]XXXXXXX (9,9 in [2-9], then X...), 9911 of tpa/sfo's local _9NXXXXXX
      // (9, 9 in N, 1, 1 in X). The guide does not discuss them; they are real waits for phones
      // that dial digit by digit, hence warnings.
      ['numspace.prefix-ambiguity', 'lon', '999', '9999'],
      ['numspace.prefix-ambiguity', 'lon', '999', '999000000'],
      ['numspace.prefix-ambiguity', 'lon', '9999', '999900000'],
      ['numspace.prefix-ambiguity', 'sfo', '9911', '99110000'],
      ['numspace.prefix-ambiguity', 'tpa1', '9911', '99110000'],
      ['numspace.prefix-ambiguity', 'tpa2', '9911', '99110000'],
      // The guide's roaming page (3.0.6): 5200 has voicemail on sfo (first in the model), tpa2 and
      // tpa1 -> the tpa2 and tpa1 rows are "duplicate"; the sfo name is "5200" and the tpa rows are
      // "Eddie Chissem" -> "name mismatch" on the tpa2 and tpa1 rows. Nothing else.
      ['roaming.duplicate-voicemail', 'tpa2', '5200', 'sfo'],
      ['roaming.duplicate-voicemail', 'tpa1', '5200', 'sfo'],
      ['roaming.name-mismatch', 'tpa2', '5200', 'Eddie Chissem'],
      ['roaming.name-mismatch', 'tpa1', '5200', 'Eddie Chissem'],
    ]);
  });

  it('lists the guide’s multi-cluster numbers; only 5200 is flagged', async () => {
    const view = roamingView(await enterprise());
    const rows = view.numbers.map((n) => [n.number, n.clusters.join(' '), n.voicemailClusters.join(' '), n.flags.duplicateVoicemail, n.flags.nameMismatch, n.flags.roamingNotEnabled]);
    expect(rows).toEqual([
      ['5020', 'sfo tpa2', 'tpa2', false, false, false],
      // 5101: the IT HelpDesk standard number, a local name per site and no voicemail: listed, not flagged.
      ['5101', 'ams lon sfo tpa1 tpa2', '', false, false, false],
      ['5200', 'sfo tpa2 tpa1', 'sfo tpa2 tpa1', true, true, false],
      ['5601', 'lon sfo', 'sfo', false, false, false],
      ['5602', 'lon sfo', 'sfo', false, false, false],
      ['5603', 'lon sfo', 'lon', false, false, false],
      ['6179', 'ams sfo', 'ams', false, false, false],
    ]);
  });

  it('plans the guide’s USSales batch on tpa1 as VALID', async () => {
    const plan = planBatch(await enterprise(), { group: 'USSales', cluster: 'tpa1', from: '6110', to: '6129' });
    expect(plan.status).toBe('VALID');
    expect(plan.diagnostics).toEqual([]);
    expect(plan.extensions.map((x) => x.number)).toEqual(Array.from({ length: 20 }, (_, i) => String(6110 + i)));
    expect(plan.extensions[0]).toMatchObject({ cluster: 'tpa1', group: 'USSales', name: 'USSales 6110', voicemail: { box: '6110', email: '6110@enterprise.net' } });
    expect(plan.rightsProfile).toBe('USSales1');
  });
});
