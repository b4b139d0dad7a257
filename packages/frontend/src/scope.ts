import type { Expr } from '@kpc/ir';
import { ROOT_NAMES } from '@kpc/ir';
import type { ts } from 'ts-morph';

/**
 * What a source name stands for while lowering: an IR expression (the element, a root, a
 * comprehension variable, a `let` name, a destructured part), the rule context object, its
 * `params` object (which only exist as prefixes of roots and parameters), or its `list`/`get`
 * (which only exist as callees).
 */
export type Binding =
  | { readonly kind: 'expr'; readonly expr: Expr }
  | { readonly kind: 'ctx' }
  | { readonly kind: 'params' }
  /** The rule context's `list` or `get` (only callable: lowered to a `lookup`). */
  | { readonly kind: 'lookups'; readonly op: 'list' | 'get' };

/** Lexical scope: source symbols → bindings, plus the IR names in use (to avoid capture). */
export class Scope {
  private readonly bindings = new Map<ts.Symbol, Binding>();
  private readonly names = new Set<string>();

  private constructor(private readonly parent: Scope | undefined) {}

  /** The scope of a rule function: only the root names are taken. */
  static root(): Scope {
    const s = new Scope(undefined);
    for (const n of ROOT_NAMES) s.names.add(n);
    return s;
  }

  child(): Scope {
    return new Scope(this);
  }

  bind(symbol: ts.Symbol, binding: Binding): void {
    this.bindings.set(symbol, binding);
  }

  lookup(symbol: ts.Symbol): Binding | undefined {
    return this.bindings.get(symbol) ?? this.parent?.lookup(symbol);
  }

  /** Reserves an IR variable name based on `base` that no enclosing scope uses. */
  fresh(base: string): string {
    let name = base;
    for (let n = 2; this.uses(name); n++) name = `${base}_${n}`;
    this.names.add(name);
    return name;
  }

  private uses(name: string): boolean {
    return this.names.has(name) || (this.parent?.uses(name) ?? false);
  }
}
