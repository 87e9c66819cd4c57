// Helpers of the deployment tests of every package: rendered files to deploy, and what a server
// root holds afterwards.
import { existsSync } from 'node:fs';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { sha256Hex, type RenderedFile } from '@acm/core';

/** A rendered file with its hash (and its reload, when given). */
export function fileOf(path: string, content: string, reload?: string): RenderedFile {
  return { path, content, sha256: sha256Hex(content), ...(reload === undefined ? {} : { reload }) };
}

/**
 * Every file below a server root, path -> content, ACM's state dir (`.acm`: staging, backups) left
 * out; anything that is not a plain file shows as `<not a file>`. A missing root holds nothing.
 */
export async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.acm') await walk(p);
      } else out[relative(root, p)] = e.isFile() ? await readFile(p, 'utf8') : '<not a file>';
    }
  };
  if (existsSync(root)) await walk(root);
  return out;
}

/** A stand-in for `asterisk` at `<dir>/fake-asterisk`: appends its arguments, one call per line, to `log`. */
export async function fakeAsterisk(dir: string, log: string): Promise<string> {
  const path = join(dir, 'fake-asterisk');
  await writeFile(path, `#!/bin/sh\nprintf '%s\\n' "$*" >> ${JSON.stringify(log)}\n`);
  await chmod(path, 0o755);
  return path;
}
