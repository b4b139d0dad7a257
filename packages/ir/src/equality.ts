import type { Expr } from './nodes/expr.ts';
import type { RuleIR } from './rule-ir.ts';

/**
 * Canonical JSON of an IR value: keys sorted, `span` dropped. Two IR trees are
 * structurally equal exactly when their canonical JSON is equal.
 */
export function canonicalJson(value: Expr | RuleIR | unknown): string {
  return JSON.stringify(strip(value));
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (key === 'span') continue;
      out[key] = strip((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/** Structural equality, ignoring source spans. */
export function irEquals(a: Expr | RuleIR, b: Expr | RuleIR): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
