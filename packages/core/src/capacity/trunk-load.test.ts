import { describe, expect, it } from 'vitest';
import { CODEC_ASSUMPTIONS, loadFigures, trunkLoad } from './trunk-load.js';

describe('loadFigures (the one trunk utilisation)', () => {
  it("reproduces the guide's example with the guide's codec assumption", () => {
    // 31 calls on 40 channels: 31/40 = 77.5 % (from 75 %: near-limit); 31 x (2914/31) kbps = 2914 kbps.
    expect(loadFigures(31, 40, { codec: 'guide' })).toMatchObject({ percent: 77.5, bandwidthKbps: 2914, alarm: 'near-limit' });
  });

  it('uses G.711 over Ethernet by default; near-limit from 75 %, critical from 90 %', () => {
    // 31 x 87.2 = 2703.2 kbps; 32 x 87.2 = 2790.4 kbps.
    expect(trunkLoad('telnix', 31, 40)).toMatchObject({ trunk: 'telnix', percent: 77.5, bandwidthKbps: 2703.2, alarm: 'near-limit', codec: { id: 'g711' } });
    expect(loadFigures(29, 40)).toMatchObject({ percent: 72.5, alarm: 'ok' });
    expect(loadFigures(30, 40).alarm).toBe('near-limit'); // 75 % exactly
    expect(loadFigures(36, 40).alarm).toBe('critical'); // 90 % exactly
    expect(loadFigures(32, 40, { nearLimit: 0.85 }).alarm).toBe('ok');
    expect(loadFigures(5, 0)).toMatchObject({ capacity: 0, alarm: 'ok' });
    expect(loadFigures(5, 0).percent).toBeUndefined();
    // 13 of 160 channels: 8.125 % -> 8.1.
    expect(loadFigures(13, 160).percent).toBe(8.1);
    expect(Object.keys(CODEC_ASSUMPTIONS)).toEqual(['g711', 'guide', 'g722', 'g729']);
  });
});
