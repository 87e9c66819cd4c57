import { describe, expect, it } from 'vitest';
import { normalizeEnterprise } from '../../model/enterprise.js';
import type { Site } from '../../model/site.js';
import type { Trunk } from '../../model/trunk.js';
import { tinyEnterprise } from '../../test-support/tiny-enterprise.js';
import { validate } from '../validate.js';

type Doc = { -readonly [K in keyof ReturnType<typeof tinyEnterprise>]: ReturnType<typeof tinyEnterprise>[K] };
const found = (doc: Doc) => validate(normalizeEnterprise(doc)).filter((d) => d.code === 'emergency.no-route').map((d) => [d.severity, d.path, d.data, d.related?.[0]?.path]);

describe('emergency.no-route', () => {
  it('a cluster with no outbound trunk cannot place 911 or 112: an error per number at the cluster, related to where the number comes from', () => {
    const doc: Doc = tinyEnterprise();
    doc.trunks = (doc.trunks as Trunk[]).filter((t) => !(t.id === 'itsp2'));
    doc.sites = (doc.sites as Site[]).map((s) => ({ ...s, dialing: { ...s.dialing, emergencyNumbers: ['911', '112'] } }));
    expect(found(doc)).toEqual([
      ['error', ['clusters', 1], { cluster: 'c2', number: '911', callClass: 'emergency' }, ['callClasses', 0, 'patterns', 0]],
      ['error', ['clusters', 1], { cluster: 'c2', number: '112' }, ['sites', 0, 'dialing', 'emergencyNumbers', 1]],
    ]);
  });

  it('a trunk that carries any class takes the emergency numbers; one that carries none does not count', () => {
    const doc: Doc = tinyEnterprise();
    doc.trunks = (doc.trunks as Trunk[]).map((t) => (t.id === 'itsp2' ? { ...t, callClasses: ['national'] } : t));
    doc.callClasses = [...(doc.callClasses ?? []), { id: 'national', patterns: [{ pattern: '_91NXXNXXXXXX' }] }];
    expect(found(doc)).toEqual([]);
    doc.trunks = (doc.trunks as Trunk[]).map((t) => (t.id === 'itsp2' ? { ...t, callClasses: [] } : t));
    expect(found(doc).map((x) => x[2])).toEqual([{ cluster: 'c2', number: '911', callClass: 'emergency' }]);
  });
});
