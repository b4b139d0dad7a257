import type { Expr } from './nodes/expr.ts';

/**
 * Whether `e`'s value is a list for every input, by its node alone: a list literal, a list
 * concatenation, `Object.keys/values/entries`, a `lookup`, `filter`/`map`/`flatMap`, and the
 * helpers that return lists (`allContainers`, `flagValues`). A backend may then skip the
 * list guard it writes for any other value. Names, fields and parameters are the backend's
 * to judge (their types come from the scope, the schema or the parameter declaration).
 */
export function isListNode(e: Expr): boolean {
  switch (e.kind) {
    case 'list':
    case 'listConcat':
    case 'objectView':
    case 'lookup':
      return true;
    case 'comprehension':
      return e.op === 'filter' || e.op === 'map' || e.op === 'flatMap';
    case 'call':
      return e.helper === 'allContainers' || e.helper === 'flagValues';
    default:
      return false;
  }
}
