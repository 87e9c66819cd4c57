/** One step of an extension: priority `n` (or 1 for the first), an optional label, the application. */
export interface DialplanStep {
  readonly label: string;
  readonly app: string;
}

/** An extension of a context: its hint (if any) and its steps. */
export interface DialplanExten {
  readonly exten: string;
  readonly hint: string;
  readonly first: DialplanStep;
  readonly rest: readonly DialplanStep[];
}

/** A dialplan context as rendered in `extensions.conf`. */
export interface DialplanContext {
  readonly name: string;
  readonly comment: string;
  readonly includes: readonly string[];
  readonly extens: readonly DialplanExten[];
}

interface MutableContext {
  name: string;
  comment: string;
  includes: string[];
  extens: DialplanExten[];
  seen: Set<string>;
}

/** An extension the builder left out because its context already had it. */
export interface SkippedExten {
  readonly context: string;
  readonly exten: string;
}

/**
 * Collects contexts in creation order. The same extension twice in one context is skipped (Asterisk
 * would warn "already in use"); contexts left without extensions or includes are pruned, and
 * includes of pruned contexts removed, so that Asterisk never meets an include of a missing context.
 */
export class DialplanBuilder {
  private readonly contexts = new Map<string, MutableContext>();
  /** Extensions left out as duplicates. */
  readonly skipped: SkippedExten[] = [];

  /** Creates (or returns) a context. */
  context(name: string, comment = ''): this {
    if (!this.contexts.has(name)) this.contexts.set(name, { name, comment, includes: [], extens: [], seen: new Set() });
    return this;
  }

  /** Adds `include => target` to a context. */
  include(name: string, target: string): this {
    const c = this.get(name);
    if (!c.includes.includes(target) && target !== name) c.includes.push(target);
    return this;
  }

  /** Adds an extension; `steps` are `app` strings or `[label, app]` pairs. Returns false for a duplicate. */
  exten(name: string, exten: string, steps: readonly (string | readonly [string, string])[], hint = ''): boolean {
    const c = this.get(name);
    if (c.seen.has(exten)) {
      this.skipped.push({ context: name, exten });
      return false;
    }
    c.seen.add(exten);
    const all = steps.map((s) => (typeof s === 'string' ? { label: '', app: s } : { label: s[0], app: s[1] }));
    const [first, ...rest] = all;
    if (!first) return false;
    c.extens.push({ exten, hint, first, rest });
    return true;
  }

  /** True when the context exists and already has the extension. */
  has(name: string, exten: string): boolean {
    return this.contexts.get(name)?.seen.has(exten) ?? false;
  }

  /** The contexts, pruned, in creation order. */
  build(): DialplanContext[] {
    const live = new Map([...this.contexts].map(([k, v]) => [k, { ...v, includes: [...v.includes] }]));
    for (;;) {
      let changed = false;
      for (const [name, c] of live) {
        c.includes = c.includes.filter((i) => live.has(i));
        if (c.extens.length === 0 && c.includes.length === 0) {
          live.delete(name);
          changed = true;
        }
      }
      if (!changed) break;
    }
    return [...live.values()].map((c) => ({ name: c.name, comment: c.comment, includes: c.includes, extens: c.extens }));
  }

  private get(name: string): MutableContext {
    this.context(name);
    return this.contexts.get(name) as MutableContext;
  }
}
