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
export const CODEC_ASSUMPTIONS: Readonly<Record<string, CodecAssumption>> = Object.freeze({
  g711: { id: 'g711', kbpsPerCall: 87.2, basis: 'G.711 20 ms over Ethernet: (160+12+8+20+18) B x 50 pps = 87.2 kbps per call and direction' },
  guide: { id: 'guide', kbpsPerCall: 2914 / 31, basis: "the guide's figure: 31 concurrent calls ~ 2914 kbps, i.e. ~94 kbps per call" },
  g722: { id: 'g722', kbpsPerCall: 87.2, basis: 'G.722 20 ms over Ethernet: same packet size as G.711, 87.2 kbps per call and direction' },
  g729: { id: 'g729', kbpsPerCall: 31.2, basis: 'G.729 20 ms over Ethernet: (20+12+8+20+18) B x 50 pps = 31.2 kbps per call and direction' },
});

/** Alarm level of a load figure: `near-limit` is a warning, `critical` an error. */
export type LoadAlarm = 'ok' | 'near-limit' | 'critical';

/** The default thresholds: warning from 75 % of capacity, error from 90 %. */
export const LOAD_THRESHOLDS = Object.freeze({ nearLimit: 0.75, critical: 0.9, codec: 'g711' });

/** Thresholds of the alarms (the talk's "trigger if contemporary calls is near SIP trunks upper limit"). */
export interface LoadThresholds {
  /** Share of capacity from which `near-limit` is raised (default 0.75). */
  readonly nearLimit?: number;
  /** Share of capacity from which `critical` is raised (default 0.9). */
  readonly critical?: number;
  /** Codec assumption id, a key of {@link CODEC_ASSUMPTIONS} (default `g711`). */
  readonly codec?: string;
}

/** Utilisation of a trunk, trunk group or cluster. */
export interface LoadFigures {
  readonly activeCalls: number;
  /** Channel capacity; 0 when unknown. */
  readonly capacity: number;
  /** Percent of capacity, rounded to one decimal (undefined when the capacity is unknown). */
  readonly percent?: number;
  /** Estimated bandwidth in kbps, rounded to one decimal. */
  readonly bandwidthKbps: number;
  readonly codec: CodecAssumption;
  readonly alarm: LoadAlarm;
}

/** A trunk's load: {@link LoadFigures} with the trunk's id (the health home's ITSP cell reads these). */
export interface TrunkLoad extends LoadFigures {
  readonly trunk: string;
}

/**
 * Utilisation, bandwidth estimate and alarm for `activeCalls` against `capacity`: the one
 * implementation of trunk utilisation, used by the status views and the health checks.
 *
 * @example
 * ```ts
 * loadFigures(31, 40, { codec: 'guide' }); // { percent: 77.5, bandwidthKbps: 2914, alarm: 'near-limit', ... }
 * ```
 */
export function loadFigures(activeCalls: number, capacity: number, thresholds: LoadThresholds = {}): LoadFigures {
  const codec = CODEC_ASSUMPTIONS[thresholds.codec ?? LOAD_THRESHOLDS.codec] ?? CODEC_ASSUMPTIONS['g711']!;
  const ratio = capacity > 0 ? activeCalls / capacity : undefined;
  const alarm: LoadAlarm =
    ratio === undefined ? 'ok' : ratio >= (thresholds.critical ?? LOAD_THRESHOLDS.critical) ? 'critical' : ratio >= (thresholds.nearLimit ?? LOAD_THRESHOLDS.nearLimit) ? 'near-limit' : 'ok';
  return {
    activeCalls,
    capacity,
    ...(ratio === undefined ? {} : { percent: Math.round(ratio * 1000) / 10 }),
    bandwidthKbps: Math.round(activeCalls * codec.kbpsPerCall * 10) / 10,
    codec,
    alarm,
  };
}

/**
 * {@link loadFigures} for one trunk, tagged with its id.
 *
 * @example
 * ```ts
 * trunkLoad('telnix', 31, 40); // { trunk: 'telnix', percent: 77.5, bandwidthKbps: 2703.2, alarm: 'near-limit', ... }
 * ```
 */
export function trunkLoad(trunk: string, activeCalls: number, capacity: number, thresholds: LoadThresholds = {}): TrunkLoad {
  return { trunk, ...loadFigures(activeCalls, capacity, thresholds) };
}
