/** A codec assumption for the bandwidth estimate: kbps per call, one direction, with headers. */
export interface CodecAssumption {
  readonly id: string;
  readonly kbpsPerCall: number;
  /** How the figure is made up, printed beside every estimate. */
  readonly basis: string;
}

/**
 * Bandwidth per call. G.711 at 20 ms: 160 B payload + 12 RTP + 8 UDP + 20 IP + 18 Ethernet =
 * 218 B x 50 packets/s = 87.2 kbps. The guide's own figure (31 calls ~ 2914 kbps) is 94 kbps a call.
 */
export const CODEC_ASSUMPTIONS: Readonly<Record<string, CodecAssumption>> = {
  g711: { id: 'g711', kbpsPerCall: 87.2, basis: 'G.711 20 ms over Ethernet: (160+12+8+20+18) B x 50 pps = 87.2 kbps per call and direction' },
  guide: { id: 'guide', kbpsPerCall: 2914 / 31, basis: "the guide's figure: 31 concurrent calls ~ 2914 kbps, i.e. ~94 kbps per call" },
  g722: { id: 'g722', kbpsPerCall: 87.2, basis: 'G.722 20 ms over Ethernet: same packet size as G.711, 87.2 kbps per call and direction' },
  g729: { id: 'g729', kbpsPerCall: 31.2, basis: 'G.729 20 ms over Ethernet: (20+12+8+20+18) B x 50 pps = 31.2 kbps per call and direction' },
};

/** Alarm level of a load figure. */
export type LoadAlarm = 'ok' | 'near-limit' | 'full';

/** Thresholds of the near-limit alarm (the talk's "trigger if contemporary calls is near SIP trunks upper limit"). */
export interface LoadThresholds {
  /** Share of capacity from which `near-limit` is raised (default 0.8). */
  readonly nearLimit?: number;
  /** Codec assumption id (default `g711`). */
  readonly codec?: string;
}

/** Utilisation of a trunk, trunk group or cluster. */
export interface LoadFigures {
  readonly activeCalls: number;
  /** Channel capacity; 0 when unknown. */
  readonly capacity: number;
  /** Percent of capacity, one decimal (undefined when the capacity is unknown). */
  readonly percent?: number;
  /** Estimated bandwidth in kbps, one decimal. */
  readonly bandwidthKbps: number;
  readonly codec: CodecAssumption;
  readonly alarm: LoadAlarm;
}

/**
 * Utilisation, bandwidth estimate and alarm for `activeCalls` against `capacity`.
 *
 * @example
 * ```ts
 * loadFigures(31, 40, { codec: 'guide' }); // { percent: 77.5, bandwidthKbps: 2914, alarm: 'ok', ... }
 * ```
 */
export function loadFigures(activeCalls: number, capacity: number, thresholds: LoadThresholds = {}): LoadFigures {
  const codec = CODEC_ASSUMPTIONS[thresholds.codec ?? 'g711'] ?? CODEC_ASSUMPTIONS['g711']!;
  const ratio = capacity > 0 ? activeCalls / capacity : undefined;
  const alarm: LoadAlarm = ratio === undefined ? 'ok' : ratio >= 1 ? 'full' : ratio >= (thresholds.nearLimit ?? 0.8) ? 'near-limit' : 'ok';
  return {
    activeCalls,
    capacity,
    ...(ratio === undefined ? {} : { percent: Math.round(ratio * 1000) / 10 }),
    bandwidthKbps: Math.round(activeCalls * codec.kbpsPerCall * 10) / 10,
    codec,
    alarm,
  };
}
