import { createServer } from 'node:net';
import { access, constants } from 'node:fs/promises';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * True when every binary is executable. When one is missing: false locally (the caller skips),
 * but an Error under CI, where a missing server must fail the run rather than skip silently.
 */
export async function haveBinaries(...paths: string[]): Promise<boolean> {
  for (const p of paths) {
    try {
      await access(p, constants.X_OK);
    } catch {
      if (process.env.CI) throw new Error(`${p} is required in CI but is not installed`);
      return false;
    }
  }
  return true;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
