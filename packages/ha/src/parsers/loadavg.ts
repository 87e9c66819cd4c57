/** `/proc/loadavg`: load averages and scheduler counts. */
export interface LoadAvg {
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
  /** Runnable scheduling entities now. */
  readonly running: number;
  /** Scheduling entities that exist. */
  readonly total: number;
  readonly lastPid: number;
}

/** Parses `/proc/loadavg` (`0.75 0.36 0.16 1/84 13461`); `undefined` when malformed. */
export function parseLoadAvg(text: string): LoadAvg | undefined {
  const m = /^\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\/(\d+)\s+(\d+)/.exec(text);
  if (m === null) return undefined;
  return { load1: Number(m[1]), load5: Number(m[2]), load15: Number(m[3]), running: Number(m[4]), total: Number(m[5]), lastPid: Number(m[6]) };
}
