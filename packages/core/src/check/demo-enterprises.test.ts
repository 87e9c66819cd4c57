import { describe, expect, it } from 'vitest';
import { checkEnterprise } from './check-enterprise.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

const EXAMPLES = new URL('../../../../examples/', import.meta.url).pathname;

/** The codes owned by the model rules and the number-plan analysis (other engines test their own). */
const MODEL_CODE = /^(load|schema|ref|id|secret|pin|policy|net|cluster|replication|group|exten\.(outside-range|encryption-needs-tls|forward-to-self)|provisioning|acl|hours|queue|trunk|conference|campaign|fax|rights|emergency|voicemail|did|dialplan\.dp-)/;

/** What a finding is about, read from the model at its path: checks that the path names the right thing. */
function describeFinding(e: Record<string, unknown>, d: Diagnostic): string {
  const [collection, index] = d.path;
  const item = typeof index === 'number' ? ((e[collection as string] as Record<string, unknown>[])[index] as Record<string, unknown>) : undefined;
  const label = item === undefined ? d.path.join('.') : `${String(collection)}:${String(item.id ?? item.number)}${item.cluster === undefined ? '' : `@${String(item.cluster)}`}`;
  return `${d.severity} ${d.code} ${label}`;
}

describe('the demo enterprises produce exactly the hand-checked findings', () => {
  it('examples/enterprise (the guide)', async () => {
    const result = await checkEnterprise(`${EXAMPLES}enterprise`);
    const e = result.enterprise as unknown as Record<string, unknown>;
    const found = result.diagnostics.filter((d) => MODEL_CODE.test(d.code)).map((d) => describeFinding(e, d)).sort();
    expect(found).toEqual(
      [
        // Alex Horn's voicemail password 1234 on the edit screen of 4.0.3: a run of digits.
        'warning pin.weak extensions:5021@lon',
        // The Conference Manager's user pin 1234 on all three bookings (5.0.4).
        'warning pin.weak conferences:8602@lon',
        'warning pin.weak conferences:8603@tpa1',
        'warning pin.weak conferences:8608@tpa2',
        // SERVICE_PROVIDER has no network on the ACL page (3.0.6): it refuses everything, and nothing uses it.
        'warning acl.empty acls:SERVICE_PROVIDER',
        'info acl.unused acls:SERVICE_PROVIDER',
        // SIP_VPN is listed but no extension, template or trunk refers to it; nor, in the demo, the
        // link ACLs tpa_link and ams_link (see the comment in enterprise.yaml).
        'info acl.unused acls:SIP_VPN',
        'info acl.unused acls:tpa_link',
        'info acl.unused acls:ams_link',
        // ams "force closed" runs 00:00:00-00:00:00 (3.0.2): a zero-length window.
        'warning hours.zero-length businessHours:ams-closed@ams',
        // sip-ha -v: "BT SIP Trunk NOT configured".
        'info cluster.trunk-interface-unconfigured clusters:tpa1',
      ].sort(),
    );
    const pin = result.diagnostics.find((d) => d.code === 'pin.weak' && d.path[0] === 'extensions');
    expect(pin?.data).toEqual({ kind: 'voicemail', reasons: ['sequence'] });
    expect(result.diagnostics.find((d) => d.code === 'cluster.trunk-interface-unconfigured')?.data).toEqual({ name: 'BT', provider: 'BT' });
    // Every finding carries its file, line and column.
    expect(result.diagnostics.every((d) => d.source !== undefined && d.source.line > 0)).toBe(true);
  });

  it('examples/unisi (the talk): the rules never overlap, but 112 and 113 match no rule', async () => {
    const result = await checkEnterprise(`${EXAMPLES}unisi`);
    const found = result.diagnostics.filter((d) => MODEL_CODE.test(d.code)).map((d) => [d.severity, d.code, d.path.join('.'), d.data.number ?? d.data.length]);
    expect(found).toEqual([
      // Short numbers: no rule matches any 1-digit number (10), and of the 2-digit ones only 80 and 88 (100 - 2).
      ['warning', 'dialplan.dp-gap', 'numberPlan.dpids.0', 1],
      ['warning', 'dialplan.dp-gap', 'numberPlan.dpids.0', 2],
      ['warning', 'dialplan.dp-gap', 'numberPlan.dpids.0', 3],
      ['warning', 'dialplan.dp-gap', 'numberPlan.dpids.0', 4],
      // dp_translate("0", ...) fails for the Italian emergency numbers: no rule matches 3-digit numbers starting with 1.
      ['error', 'dialplan.dp-unclassified', 'sites.0.dialing.emergencyNumbers.0', '112'],
      ['error', 'dialplan.dp-unclassified', 'sites.0.dialing.emergencyNumbers.1', '113'],
      // The talk's PSTN gateway sits behind OpenSIPS and is not modelled as a trunk: the mediabox's own
      // phones (5002, 5009, ...) would get Congestion for 112 and 113 from the rendered Asterisk.
      ['error', 'emergency.no-route', 'clusters.0', '112'],
      ['error', 'emergency.no-route', 'clusters.0', '113'],
    ]);
    const gaps = result.diagnostics.filter((d) => d.code === 'dialplan.dp-gap').map((d) => d.data.count);
    // Length 2: everything but 80 and 88 -> 98. Length 3: 1000 minus 800-809 and 880-889 -> 980.
    expect(gaps.slice(0, 3)).toEqual([10, 98, 980]);
    expect(result.diagnostics.some((d) => d.code === 'dialplan.dp-rule-overlap' || d.code === 'dialplan.dp-rule-shadowed')).toBe(false);
  });
});
