import { vi } from 'vitest';

/** Waits until `check` holds (8 s by default), failing with what was awaited. */
export function until(check: () => boolean | Promise<boolean>, what: string, timeout = 8000): Promise<void> {
  return vi.waitFor(async () => {
    if (!(await check())) throw new Error(`still waiting for ${what}`);
  }, { timeout, interval: 10 });
}
