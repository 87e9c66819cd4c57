import { describe, expect, it } from 'vitest';
import { arr, checkSchema, num, obj, oneOf, opt, str } from './schema.js';
import { suggest } from './did-you-mean.js';

interface Thing {
  readonly id: string;
  readonly port?: number;
  readonly tags?: readonly string[];
  readonly mode?: 'a' | 'b';
  readonly address?: string;
}

const THING = obj<Thing>('a thing')({
  id: str({ format: 'id' }),
  port: opt(num({ min: 1, max: 65535 })),
  tags: opt(arr(str())),
  mode: opt(oneOf(['a', 'b'])),
  address: opt(str({ format: 'ipv4' })),
});

const codes = (value: unknown): [string, (string | number)[], Record<string, unknown>][] =>
  checkSchema(THING, value, ['things', 0]).diagnostics.map((d) => [d.code, [...d.path], { ...d.data }]);

describe('schema', () => {
  it('accepts a well-formed object', () => {
    expect(codes({ id: 'x1', port: 5060, tags: ['a'], mode: 'b', address: '10.0.0.1' })).toEqual([]);
  });

  it('reports a missing required member and marks the object unsound', () => {
    const value = { port: 5060 };
    const ctx = checkSchema(THING, value);
    expect(ctx.diagnostics.map((d) => [d.code, d.path])).toEqual([['schema.required', ['id']]]);
    expect(ctx.unsound.has(value)).toBe(true);
  });

  it('reports unknown keys with the closest known key', () => {
    expect(codes({ id: 'x', prot: 1 })).toEqual([['schema.unknown-key', ['things', 0, 'prot'], { key: 'prot', suggestion: 'port' }]]);
    expect(codes({ id: 'x', zzzzzz: 1 })).toEqual([['schema.unknown-key', ['things', 0, 'zzzzzz'], { key: 'zzzzzz' }]]);
  });

  it('reports wrong types, ranges, enums and formats at their path', () => {
    expect(codes({ id: 'x', port: 70000 })).toEqual([['schema.range', ['things', 0, 'port'], { min: 1, max: 65535, value: 70000 }]]);
    expect(codes({ id: 'x', port: 'five' })[0]?.[0]).toBe('schema.type');
    expect(codes({ id: 'x', mode: 'B' })).toEqual([['schema.enum', ['things', 0, 'mode'], { allowed: ['a', 'b'], value: 'B', suggestion: 'b' }]]);
    expect(codes({ id: 'x', address: '10.0.0.256' })[0]?.slice(0, 2)).toEqual(['schema.format', ['things', 0, 'address']]);
    expect(codes({ id: 'x', tags: ['a', 7, 'c'] })).toEqual([]); // 7 becomes "7"
    expect(codes({ id: 'x', tags: ['a', true] })[0]?.slice(0, 2)).toEqual(['schema.type', ['things', 0, 'tags', 1]]);
  });

  it('turns numbers into strings where strings are expected, unless the object is frozen', () => {
    const value = { id: 42 };
    expect(codes(value)).toEqual([]);
    expect(value.id).toBe('42');
    expect(codes(Object.freeze({ id: 42 }))[0]?.[0]).toBe('schema.type');
  });
});

describe('suggest', () => {
  it('finds plausible typos and case mismatches only', () => {
    expect(suggest('UKSALES', ['UKSales', 'USSales'])).toBe('UKSales');
    expect(suggest('internal_phone', ['internal_phones', 'providers'])).toBe('internal_phones');
    expect(suggest('xyz', ['internal_phones', 'providers'])).toBeUndefined();
  });
});
