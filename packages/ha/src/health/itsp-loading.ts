import { diag } from '@acm/core';
import type { Diagnostic, ModelPath } from '@acm/core';

/** Bandwidth of one G.711 call over Ethernet/IP/UDP/RTP at 20 ms packets, in kbps (64 kbps payload + headers). */
export const G711_KBPS_PER_CALL = 87.2;

/** A trunk's load: active channels against its capacity, and the bandwidth they need. */
export interface ItspLoading {
  readonly trunk: string;
  readonly active: number;
  readonly capacity: number;
  /** Rounded down to a whole percent, as the guide prints it (31 of 40 = 77 %). */
  readonly percent: number;
  /** Estimated bandwidth, `active * kbpsPerCall`, rounded. */
  readonly kbps: number;
  /** The per-call figure used (state the codec assumption). */
  readonly kbpsPerCall: number;
}

/**
 * Computes a trunk's loading (the guide, 2.0.7). The guide's 31 calls needing ~2914 kbps is
 * ~94 kbps a call; the default here is G.711 at 87.2 kbps; pass your codec's figure.
 *
 * @example
 * ```ts
 * itspLoading('telnix', 31, 40) // { percent: 77, kbps: 2703, kbpsPerCall: 87.2, ... }
 * ```
 */
export function itspLoading(trunk: string, active: number, capacity: number, kbpsPerCall = G711_KBPS_PER_CALL): ItspLoading {
  return {
    trunk,
    active,
    capacity,
    percent: capacity > 0 ? Math.floor((active * 100) / capacity) : 0,
    kbps: Math.round(active * kbpsPerCall),
    kbpsPerCall,
  };
}

/** Findings for a trunk loading: warning from `warnPercent` (default 75), error from `critPercent` (default 90). */
export function analyzeItspLoading(l: ItspLoading, path: ModelPath, warnPercent = 75, critPercent = 90): Diagnostic[] {
  if (l.percent >= critPercent) return [diag('health.itsp-loading', path, { trunk: l.trunk, active: l.active, capacity: l.capacity, percent: l.percent }, { severity: 'error' })];
  if (l.percent >= warnPercent) return [diag('health.itsp-loading', path, { trunk: l.trunk, active: l.active, capacity: l.capacity, percent: l.percent })];
  return [];
}
