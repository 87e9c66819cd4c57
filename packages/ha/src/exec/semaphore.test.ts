import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.js';

describe('Semaphore', () => {
  it('never lets more than `limit` holders in and serves waiters in order', async () => {
    const sem = new Semaphore(2);
    const release: (() => void)[] = [];
    const order: number[] = [];
    let peak = 0;
    const jobs = [0, 1, 2, 3, 4].map((i) =>
      sem.use(async () => {
        order.push(i);
        peak = Math.max(peak, sem.inUse);
        await new Promise<void>((r) => release.push(r));
      }),
    );
    await Promise.resolve();
    expect(order).toEqual([0, 1]);
    while (release.length > 0 || order.length < 5) {
      const r = release.shift();
      if (r) r();
      await new Promise((r2) => setImmediate(r2));
    }
    await Promise.all(jobs);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(sem.inUse).toBe(0);
  });

  it('releases the slot when the task throws', async () => {
    const sem = new Semaphore(1);
    await expect(sem.use(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sem.use(async () => 7)).resolves.toBe(7);
  });

  it('rejects a non-positive limit', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
