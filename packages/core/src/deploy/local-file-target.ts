import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { ensureDir } from '../load/save-enterprise.js';
import type { FileTarget } from './file-target.js';

/** A {@link FileTarget} on a local directory (a test "server", or ACM running on the Asterisk host). */
export class LocalDirectoryTarget implements FileTarget {
  /** Absolute root directory. */
  readonly root: string;
  readonly label: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.label = `local:${this.root}`;
  }

  private abs(path: string): string {
    const p = resolve(join(this.root, path));
    if (p !== this.root && !p.startsWith(this.root + sep)) throw new Error(`path ${JSON.stringify(path)} leaves ${this.root}`);
    return p;
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.abs(path));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    const p = this.abs(path);
    await ensureDir(dirname(p));
    await writeFile(p, data);
  }

  async rename(from: string, to: string): Promise<void> {
    const dest = this.abs(to);
    await ensureDir(dirname(dest));
    await rename(this.abs(from), dest);
  }

  async remove(path: string): Promise<void> {
    await rm(this.abs(path), { force: true });
  }

  async removeTree(path: string): Promise<void> {
    await rm(this.abs(path), { recursive: true, force: true });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
