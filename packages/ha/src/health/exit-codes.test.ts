import { describe, expect, it } from 'vitest';
import type { HaReport } from '../verify/ha-report.js';
import type { ReplicationReport } from '../replication/check-replication.js';
import { haExitCode, replicationExitCode } from './enterprise-health.js';

// Only the members the exit codes read; the rest of a report does not matter to them.
const ha = (state: string, reachable: boolean[]): HaReport => ({ state, servers: reachable.map((r) => ({ reachable: r })) }) as unknown as HaReport;
const repl = (status: string, reachable: boolean[]): ReplicationReport => ({ status, nodes: reachable.map((r) => ({ reachable: r })) }) as unknown as ReplicationReport;

describe('monitoring exit codes', () => {
  it('HA: the state decides (UNKNOWN is 3); the worst cluster wins, CRITICAL > WARNING > UNKNOWN > OK', () => {
    expect(haExitCode([ha('NORMAL', [true, true])])).toBe(0);
    expect(haExitCode([ha('NORMAL', [true, true]), ha('FAILOVER', [false, true])])).toBe(1);
    expect(haExitCode([ha('DEGRADED', [true, true]), ha('SPLIT-BRAIN', [true, true])])).toBe(2);
    expect(haExitCode([ha('UNKNOWN', [false, false])])).toBe(3);
    expect(haExitCode([ha('UNKNOWN', [false, false]), ha('NORMAL', [true, true])])).toBe(3);
    expect(haExitCode([ha('UNKNOWN', [false, false]), ha('DEGRADED', [true, false])])).toBe(1);
    expect(haExitCode([ha('UNKNOWN', [false, false]), ha('DOWN', [true, true])])).toBe(2);
    expect(haExitCode([])).toBe(0);
  });

  it('replication: CRITICAL beats WARNING; no member reachable anywhere is UNKNOWN', () => {
    expect(replicationExitCode([repl('OK', [true, true])])).toBe(0);
    expect(replicationExitCode([repl('WARNING', [true]), repl('OK', [true])])).toBe(1);
    expect(replicationExitCode([repl('WARNING', [true]), repl('CRITICAL', [false, true])])).toBe(2);
    expect(replicationExitCode([repl('CRITICAL', [false, false])])).toBe(3);
  });
});
