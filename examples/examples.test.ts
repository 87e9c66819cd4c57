import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every example script is run the way an integrator runs it (tsx, against the built packages),
// and must exit 0: the examples are part of the test suite.
const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'examples', 'scripts');
const scripts = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();

describe('example scripts', () => {
  it('there are example scripts', () => {
    expect(scripts.length).toBeGreaterThan(0);
  });
  for (const script of scripts) {
    it(`examples/scripts/${script} exits 0`, () => {
      const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(dir, script)], { cwd: root, encoding: 'utf8', timeout: 240_000 });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    }, 250_000);
  }
});
