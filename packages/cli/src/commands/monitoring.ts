import { AcmError } from '@acm/sdk';
import { reportError, type CliContext } from '../output.js';

/**
 * Runs a monitoring command's body: any failure (bad input, an unreadable model, a refused right)
 * is UNKNOWN, exit 3, with the JSON document under --json, as monitoring systems expect.
 */
export async function monitoring(ctx: CliContext, json: boolean | undefined, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const err = e instanceof AcmError ? e : new AcmError('failed', e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e));
    ctx.exitCode = reportError(ctx, err, json === true, 3);
  }
}

/** The enterprise a monitoring command reads: the path argument, else `ACM_ENTERPRISE`, else the store's. */
export function modelPath(ctx: CliContext, path: string | undefined): { path?: string } {
  const where = path ?? ctx.env.ACM_ENTERPRISE;
  return where === undefined || where === '' ? {} : { path: where };
}

/** Parses a percentage for a monitoring flag (UNKNOWN when it is not one). */
export function percent(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new AcmError('usage', `${name}: "${value}" is not a percentage`);
  return n;
}
