import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a file under packag../../test/fixtures (tests only). */
export function fixture(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../test/fixtures/${path}`, import.meta.url)), 'utf8');
}
