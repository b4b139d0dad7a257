/**
 * Every IR node factory, for `import { ir } from '@kpc/ir'` and `ir.get(…)`, `ir.list(…)`:
 * the factories' names (`get`, `list`, `index`, `not`, `length`) are ordinary words that
 * would otherwise shadow, or be shadowed by, the identifiers of the code that builds IR.
 */
import type { ExprKind } from './expr.ts';

export { absent } from './absent.ts';
export { call } from './call.ts';
export { coalesce } from './coalesce.ts';
export { compare } from './compare.ts';
export { comprehension } from './comprehension.ts';
export { concat } from './concat.ts';
export { cond } from './cond.ts';
export { get } from './get.ts';
export { index } from './index-node.ts';
export { length } from './length.ts';
export { let_ } from './let.ts';
export { list } from './list.ts';
export { listConcat } from './list-concat.ts';
export { listIncludes } from './list-includes.ts';
export { literal } from './literal.ts';
export { and, or } from './logical.ts';
export { lookup } from './lookup.ts';
export { not } from './not.ts';
export { objectView } from './object-view.ts';
export { param } from './param.ts';
export { ref } from './ref.ts';
export { regexTest } from './regex-test.ts';
export { stringTest } from './string-test.ts';
export { truthy } from './truthy.ts';

/**
 * Complete by construction: every node kind has a factory here. A kind added to `Expr`
 * without one is `Missing`, and the constraint of `_EveryKindHasAFactory` a type error that
 * names it (tests/ir/new-node-kind.test.ts).
 */
type Missing = Exclude<ExprKind, ReturnType<Factories[keyof Factories]>['kind']>;
type Factories = typeof import('./factories.ts');
type NoneOf<T extends never> = T;
type _EveryKindHasAFactory = NoneOf<Missing>;
