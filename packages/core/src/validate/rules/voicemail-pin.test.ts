import { describe, expect, it } from 'vitest';
import { normalizeEnterprise, type Enterprise } from '../../model/enterprise.js';
import type { Extension } from '../../model/extension.js';
import { tinyEnterprise } from '../../test-support/tiny-enterprise.js';
import { validate } from '../validate.js';
import { Validator } from '../validator.js';

function enterprise(): Enterprise {
  const doc = tinyEnterprise();
  return normalizeEnterprise({ ...doc, groups: [{ id: 'sales', kind: 'agents', rightsProfile: 'staff', template: { voicemail: true } }] });
}

describe('voicemail.no-pin', () => {
  it('a box the template gives has no PIN: an error at the extension, related to the template', () => {
    const found = validate(enterprise()).filter((d) => d.code === 'voicemail.no-pin');
    expect(found.map((d) => [d.severity, d.path, d.data, d.related?.[0]?.path])).toEqual([
      ['error', ['extensions', 1], { number: '6102', cluster: 'c1', box: '6102', from: 'group' }, ['groups', 0, 'template', 'voicemail']],
    ]);
  });

  it('an own box without a PIN is the same error at its voicemail; a PIN silences it', () => {
    const doc = tinyEnterprise();
    const e = normalizeEnterprise({ ...doc, extensions: [{ ...(doc.extensions as Extension[])[0]!, voicemail: { box: '6101' } }] });
    expect(validate(e).filter((d) => d.code === 'voicemail.no-pin').map((d) => [d.path, d.data])).toEqual([[['extensions', 0, 'voicemail'], { number: '6101', cluster: 'c1', box: '6101', from: 'extension' }]]);
    expect(validate(normalizeEnterprise(tinyEnterprise())).filter((d) => d.code === 'voicemail.no-pin')).toEqual([]);
  });

  it('an incremental edit finds it too: a new extension of the group, and a PIN that fixes it', () => {
    const v = new Validator(enterprise());
    const x: Extension = { number: '6103', cluster: 'c1', group: 'sales', name: 'Cy', secret: 'Wd5pRt8xLm2qZs7vKn4b' };
    const d1 = v.applyEdit({ op: 'set', collection: 'extensions', index: 2, value: x });
    expect(d1.added.filter((d) => d.code === 'voicemail.no-pin').map((d) => d.path)).toEqual([['extensions', 2]]);
    const d2 = v.applyEdit({ op: 'set', collection: 'extensions', index: 2, value: { ...x, voicemail: { box: '6103', pin: '480213' } } });
    expect(d2.removed.filter((d) => d.code === 'voicemail.no-pin').map((d) => d.path)).toEqual([['extensions', 2]]);
  });
});
