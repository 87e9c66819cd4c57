import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(SRC, '../dist');

/** Modules a source file loads at run time: `import`/`export ... from` that are not type-only (dynamic `import()` is lazy and not followed). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?([^;]*?)\s*from\s*'([^']+)';/gms)) {
    if (m[2] !== undefined) continue;
    out.push(m[4]!);
  }
  for (const m of text.matchAll(/^import\s+'([^']+)';/gm)) out.push(m[1]!);
  return out;
}

/** Every file and package reached from `entry` through run-time imports. */
function graph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  }
  return { files, packages };
}

describe('the heavy parts of @acm/ami are behind subpaths', () => {
  it("the index's run-time import graph has neither the simulator nor the asterisk-manager library", () => {
    const { files, packages } = graph(join(SRC, 'index.ts'));
    const rel = [...files].map((f) => f.slice(SRC.length + 1));
    expect(rel).toContain('client/ami-client.ts');
    expect(rel.filter((f) => f.startsWith('simulator/') || f.startsWith('asterisk-manager/'))).toEqual([]);
    expect([...packages].filter((p) => !p.startsWith('node:')).sort()).toEqual(['@acm/core']);
    // The subpaths do reach them.
    expect([...graph(join(SRC, 'simulator/index.ts')).files].map((f) => f.slice(SRC.length + 1))).toContain('simulator/ami-simulator.ts');
    expect(graph(join(SRC, 'asterisk-manager/index.ts')).packages).toContain('asterisk-manager');
  });

  it.runIf(existsSync(join(DIST, 'index.js')))('node loading the built index resolves no simulator module and not asterisk-manager', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acm-ami-subpaths-'));
    try {
      const log = join(dir, 'resolved.txt');
      writeFileSync(log, '');
      // A resolve hook that writes down every module URL node resolves.
      writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`);
      writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
      const load = (entry: string): string[] => {
        writeFileSync(log, '');
        const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(DIST, entry)], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        return readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
      };
      const index = load('index.js');
      expect(index.some((u) => u.endsWith('/dist/client/ami-client.js'))).toBe(true);
      expect(index.filter((u) => u.includes('/dist/simulator/') || u.includes('/dist/asterisk-manager/') || u.includes('/node_modules/asterisk-manager/'))).toEqual([]);
      const sim = load('simulator/index.js');
      expect(sim.some((u) => u.endsWith('/dist/simulator/ami-simulator.js'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
