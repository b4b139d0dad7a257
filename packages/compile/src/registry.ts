/**
 * Backends by name, for `--target` selection. The registry holds the backends a caller
 * created (the CLI registers kpc's own ones statically); it never imports a backend itself.
 */
import type { Diagnostic } from '@kpc/ir';
import type { Backend } from './backend.ts';
import { TEST_TREE } from './layout.ts';

/** The result of {@link BackendRegistry.select}: the chosen backends, or a usage diagnostic. */
export interface BackendSelection {
  readonly backends: readonly Backend[];
  readonly diagnostics: readonly Diagnostic[];
}

/** An ordered set of backends with unique names. */
export class BackendRegistry {
  readonly #byName = new Map<string, Backend>();

  /** Throws when two backends share a name (a programming error, not user input). */
  constructor(backends: readonly Backend[]) {
    for (const b of backends) {
      if (this.#byName.has(b.name)) throw new Error(`two backends are named "${b.name}"`);
      if (b.name === TEST_TREE)
        throw new Error(`a backend cannot be named "${TEST_TREE}": that directory holds the tests`);
      this.#byName.set(b.name, b);
    }
  }

  /** Backend names in registration order. */
  names(): readonly string[] {
    return [...this.#byName.keys()];
  }

  get(name: string): Backend | undefined {
    return this.#byName.get(name);
  }

  /**
   * The backends for `targets` (`all` selects every backend), in registration order and
   * without duplicates. An unknown name yields a CFG_INVALID error diagnostic naming the
   * known ones; nothing is selected then.
   */
  select(targets: readonly string[]): BackendSelection {
    const unknown = targets.filter((t) => t !== 'all' && !this.#byName.has(t));
    if (unknown.length > 0)
      return {
        backends: [],
        diagnostics: unknown.map((t) => ({
          code: 'CFG_INVALID' as const,
          severity: 'error' as const,
          message: `unknown compile target "${t}"`,
          hint: `Targets: ${[...this.names(), 'all'].join(', ')}.`,
        })),
      };
    const all = targets.includes('all');
    return {
      backends: [...this.#byName.values()].filter((b) => all || targets.includes(b.name)),
      diagnostics: [],
    };
  }
}
