import { diag, formatPath, type Diagnostic, type Enterprise, type ModelPath, type Secret } from '@acm/core';
import type { SecretResolver } from './secret-resolver.js';

type Indexed = 'clusters' | 'extensions' | 'hotDesks' | 'trunks' | 'conferences' | 'queues' | 'groups';

/**
 * Collects what stops an enterprise from being rendered correctly, as {@link Diagnostic}s with model
 * paths, so that one render reports every problem instead of stopping at the first. Render code asks
 * it for secrets (a failed one is reported and stands as `''`) and compares {@link problems} before and
 * after a part to know whether that part's files are wrong.
 * @internal
 */
export class RenderReport {
  readonly diagnostics: Diagnostic[] = [];
  private readonly indexes = new Map<Indexed, Map<object, number>>();

  constructor(readonly enterprise: Enterprise, private readonly secrets: SecretResolver) {}

  /** Errors reported so far. */
  get problems(): number {
    return this.diagnostics.length;
  }

  add(code: string, path: ModelPath, data: Readonly<Record<string, unknown>> = {}): void {
    this.diagnostics.push(diag(code, path, data));
  }

  /** The position of `item` in its collection (for a path such as `['trunks', 3, 'auth', 'secret']`). */
  indexOf(collection: Indexed, item: object): number {
    let map = this.indexes.get(collection);
    if (map === undefined) {
      map = new Map((this.enterprise[collection] as readonly object[]).map((x, i) => [x, i]));
      this.indexes.set(collection, map);
    }
    return map.get(item) ?? -1;
  }

  /** The value of a secret; when it cannot be resolved, reports why (never the value) and returns `''`. */
  secret(secret: Secret, path: ModelPath): string {
    const r = this.secrets.resolve(secret, path);
    if (r.ok) return r.value;
    this.add(r.reason === 'sealed' ? 'render.secret-sealed' : 'render.secret-unresolved', path, { field: formatPath(path), reason: r.reason, detail: r.message });
    return '';
  }
}
