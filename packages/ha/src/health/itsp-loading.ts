import { diag } from '@acm/core';
import type { Diagnostic, ModelPath, TrunkLoad } from '@acm/core';

/**
 * Findings for a trunk's load (the guide's ITSP Loading, 2.0.7). The figures come from core's
 * `trunkLoad` / `loadFigures` (the one implementation of utilisation and thresholds): a
 * `near-limit` alarm is a warning, `critical` an error.
 */
export function analyzeItspLoading(l: TrunkLoad, path: ModelPath): Diagnostic[] {
  if (l.alarm === 'ok') return [];
  const data = { trunk: l.trunk, active: l.activeCalls, capacity: l.capacity, percent: l.percent ?? null };
  return [diag('health.itsp-loading', path, data, l.alarm === 'critical' ? { severity: 'error' } : {})];
}
