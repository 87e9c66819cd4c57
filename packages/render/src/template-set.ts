import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { RenderError } from './render-error.js';

/** The directory of the built-in templates shipped with the package (`templates/`). */
export const BUILTIN_TEMPLATE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');

/** A compiled template. */
export type CompiledTemplate = (context: object) => string;

/** Compiled built-in templates, shared by every {@link TemplateSet} of the process. */
const BUILTIN_CACHE = new Map<string, CompiledTemplate>();

const runtime = Handlebars.create();
// XML text/attribute escaping for provisioning files (config files themselves are not escaped).
runtime.registerHelper('xml', (v: unknown) => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
// SQL string literal (MySQL/MariaDB: quotes doubled, backslashes doubled) or NULL.
runtime.registerHelper('sql', (v: unknown) => (v === null || v === undefined ? 'NULL' : `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`));

/**
 * Finds and compiles templates by name, looking in the override directories first (most specific
 * first: cluster, then site) and in the built-in directory last. Compiled with `noEscape` and
 * `strict`: a missing variable is a bug, not an empty string.
 */
export class TemplateSet {
  private readonly cache = new Map<string, CompiledTemplate>();
  /** Directories searched in order, the built-in one last. */
  readonly dirs: readonly string[];

  constructor(overrideDirs: readonly string[] = []) {
    this.dirs = [...overrideDirs, BUILTIN_TEMPLATE_DIR];
  }

  /** The path a template is read from, or undefined when no directory has it. */
  locate(name: string): string | undefined {
    for (const d of this.dirs) {
      const p = join(d, name);
      if (existsSync(p)) return p;
    }
    return undefined;
  }

  /** Compiles template text read elsewhere (an extra file); `where` names it in errors. */
  compileText(text: string, where: string): CompiledTemplate {
    try {
      const fn = runtime.compile(text, { noEscape: true, strict: true });
      return (ctx: object) => {
        try {
          return fn(ctx);
        } catch (e) {
          throw new RenderError('render.template', where, (e as Error).message);
        }
      };
    } catch (e) {
      throw new RenderError('render.template', where, (e as Error).message);
    }
  }

  /** The compiled template `name` (e.g. `pjsip.conf.hbs`). Throws {@link RenderError} when missing or invalid. */
  get(name: string): CompiledTemplate {
    const path = this.locate(name);
    if (!path) throw new RenderError('render.template-missing', name, `template not found in ${this.dirs.join(', ')}`);
    // Built-in templates ship with the package and never change: compiled once per process, not per render.
    const cache = path.startsWith(BUILTIN_TEMPLATE_DIR + sep) ? BUILTIN_CACHE : this.cache;
    const hit = cache.get(path);
    if (hit) return hit;
    const compiled = this.compileText(readFileSync(path, 'utf8'), path);
    cache.set(path, compiled);
    return compiled;
  }
}
