import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Enterprise } from '../model/enterprise.js';
import { extensionResolver, type EffectiveExtension } from '../model/effective-extension.js';
import type { Extension } from '../model/extension.js';
import { extensionClaim } from './claim-providers.js';
import { conflictsOfNumber, findConflicts } from './find-conflicts.js';
import { buildNumberSpace, type NumberSpace } from './number-space.js';

/**
 * Keeps the number space of an enterprise and re-checks single edits without rebuilding it: the
 * console's "check as you type". An edit replaces the claims of one extension; `check` then returns
 * the conflicts that involve the edited number (index lookups only, no full pass).
 *
 * @example
 * ```ts
 * const checker = new ConflictChecker(enterprise);
 * checker.setExtension(12, { ...enterprise.extensions[12], number: '6110' });
 * checker.checkNumber('tpa1', '6110'); // conflicts of 6110 on tpa1, if any
 * ```
 */
export class ConflictChecker {
  /** The indexed claims (read-only use; change it through the checker). */
  readonly space: NumberSpace;
  private readonly effective: (extension: Extension) => EffectiveExtension;
  private readonly uses = new Map<number, { cluster: string; profile: string }>();

  constructor(private readonly enterprise: Enterprise) {
    this.space = buildNumberSpace(enterprise);
    this.effective = extensionResolver(enterprise);
    enterprise.extensions.forEach((x, i) => {
      const profile = this.effective(x).rightsProfile.value;
      if (profile !== undefined) this.uses.set(i, { cluster: x.cluster, profile });
    });
  }

  /** Every conflict of the current state (the full check). */
  all(): Diagnostic[] {
    return findConflicts(this.space);
  }

  /**
   * Replaces (or, with an index past the end, adds) the extension at `index` in the checker's
   * number space, and returns the conflicts of its new number on its cluster.
   */
  setExtension(index: number, extension: Extension): Diagnostic[] {
    for (const old of [...this.space.claimsOf(['extensions', index])]) this.space.remove(old);
    const was = this.uses.get(index);
    if (was !== undefined) this.space.cluster(was.cluster).use(was.profile, -1);
    this.space.add(extensionClaim(extension, index));
    const profile = this.effective(extension).rightsProfile.value;
    if (profile !== undefined) {
      this.space.cluster(extension.cluster).use(profile, 1);
      this.uses.set(index, { cluster: extension.cluster, profile });
    } else this.uses.delete(index);
    return this.checkNumber(extension.cluster, extension.number);
  }

  /** The conflicts involving `number` on `cluster`, from the index. */
  checkNumber(cluster: string, number: string): Diagnostic[] {
    return conflictsOfNumber(this.space, cluster, number);
  }

  /** The enterprise the checker was built from (edits are not written back). */
  get source(): Enterprise {
    return this.enterprise;
  }
}
