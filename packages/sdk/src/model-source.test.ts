import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '@acm/core';
import { checkPath, limitDiagnostics } from './model-source.js';

const d = (code: string, severity: Diagnostic['severity'], message = 'm'): Diagnostic => ({ code, severity, path: [], message, data: { value: message } });

describe('limitDiagnostics', () => {
  it('shows errors first, at most max, and counts the rest', () => {
    const all = [d('w1', 'warning'), d('e1', 'error'), d('i1', 'info'), d('e2', 'error')];
    const { shown, omitted } = limitDiagnostics(all, { max: 3 });
    expect([shown.map((x) => x.code), omitted]).toEqual([['e1', 'e2', 'w1'], 1]);
  });

  it('cuts long messages and values', () => {
    const { shown } = limitDiagnostics([d('e', 'error', 'x'.repeat(1000))], { maxLength: 10 });
    expect([shown[0]?.message, shown[0]?.data.value]).toEqual(['xxxxxxxxx…', 'xxxxxxxxx…']);
  });
});

describe('checkPath on bad input', () => {
  it('never throws and always gives a summary, whatever the collections hold', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acm-sdk-'));
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.dictionary(fc.constantFrom('name', 'sites', 'clusters', 'extensions', 'trunks', 'groups', 'queues'), fc.anything()), async (doc) => {
      const file = join(dir, `e${n++}.json`);
      await writeFile(file, JSON.stringify(doc));
      const { report } = await checkPath(file, dir);
      expect(report.unreadable || report.summary !== undefined).toBe(true);
    }), { numRuns: 60 });
    // The two crashes a new user hit: a collection of the wrong type, and null.
    await writeFile(join(dir, 'wrong.json'), JSON.stringify({ name: 'X', topology: 'central', extensions: 'oops', clusters: null }));
    const { report } = await checkPath('wrong.json', dir);
    expect([report.valid, report.summary?.counts.extensions, report.summary?.counts.clusters]).toEqual([false, 0, 0]);
  });
});
