/**
 * Kubernetes label selector matching (metav1.LabelSelector: matchLabels and matchExpressions
 * with In, NotIn, Exists, DoesNotExist), the semantics of the `labelSelectorMatches` helper
 * shared by the native engine and the interpreter (docs/ir.md, "Helpers").
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */

import { absent } from '../nodes/absent.ts';
import { compare } from '../nodes/compare.ts';
import { comprehension } from '../nodes/comprehension.ts';
import { cond } from '../nodes/cond.ts';
import type { Expr } from '../nodes/expr.ts';
import { get } from '../nodes/get.ts';
import { index } from '../nodes/index-node.ts';
import { let_ } from '../nodes/let.ts';
import { listIncludes } from '../nodes/list-includes.ts';
import { literal } from '../nodes/literal.ts';
import { and, or } from '../nodes/logical.ts';
import { not } from '../nodes/not.ts';
import { objectView } from '../nodes/object-view.ts';
import { ref } from '../nodes/ref.ts';
import { truthy } from '../nodes/truthy.ts';

const isMap = (v: unknown): v is Readonly<Record<string, unknown>> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function expressionMatches(e: unknown, labels: Readonly<Record<string, unknown>>): boolean {
  if (!isMap(e) || typeof e.key !== 'string') return false;
  const has = Object.hasOwn(labels, e.key);
  const value = has ? labels[e.key] : undefined;
  const values = e.values ?? [];
  if (!Array.isArray(values)) return false;
  switch (e.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // An operator Kubernetes does not know selects nothing (the API server rejects it).
      return false;
  }
}

/**
 * Whether `selector` selects an object with `labels`. A selector that is not a map (absent,
 * null) selects nothing; `{}` selects everything; `matchLabels` and every `matchExpressions`
 * requirement must all hold. A malformed selector (matchLabels not a map, values not a list,
 * an unknown operator) selects nothing. `labels` that are not a map count as no labels.
 */
export function labelSelectorMatches(selector: unknown, labels: unknown): boolean {
  if (!isMap(selector)) return false;
  const have = isMap(labels) ? labels : {};
  const matchLabels = selector.matchLabels ?? {};
  const matchExpressions = selector.matchExpressions ?? [];
  if (!isMap(matchLabels) || !Array.isArray(matchExpressions)) return false;
  for (const [k, v] of Object.entries(matchLabels))
    if (!Object.hasOwn(have, k) || have[k] !== v) return false;
  return matchExpressions.every((e) => expressionMatches(e, have));
}

/**
 * `labelSelectorMatches(selector, labels)` written with the IR's own nodes, for backends
 * that have no primitive for it (the CEL lowering): the same semantics as the function above,
 * step by step. Its variables are named with a `$`, which no rule's name can contain, so they
 * never capture a name of the selector or labels expressions.
 */
export function labelSelectorMatchesExpr(selector: Expr, labels: Expr): Expr {
  const s = ref('$lsmSelector');
  const l = ref('$lsmLabels');
  const entry = ref('$lsmEntry');
  const req = ref('$lsmRequirement');
  const isAbsent = (e: Expr) => compare('eq', e, absent());
  // typeof x === 'string', the empty string included.
  const isString = (e: Expr) => or([truthy('string', e), compare('eq', e, literal(''))]);
  const matchLabels = get(s, 'matchLabels');
  const matchExpressions = get(s, 'matchExpressions');
  const key = get(req, 'key');
  const has = compare('ne', index(l, key), absent());
  const values = get(req, 'values');
  const includes = listIncludes(values, index(l, key));
  const op = (name: string) => compare('eq', get(req, 'operator'), literal(name));
  const requirement = and([
    truthy('object', req),
    isString(key),
    or([isAbsent(values), truthy('list', values)]),
    cond(
      op('In'),
      and([has, includes]),
      cond(
        op('NotIn'),
        or([not(has), not(includes)]),
        cond(op('Exists'), has, cond(op('DoesNotExist'), not(has), literal(false))),
      ),
    ),
  ]);
  return let_(
    '$lsmSelector',
    selector,
    let_(
      '$lsmLabels',
      labels,
      and([
        truthy('object', s),
        or([isAbsent(matchLabels), truthy('object', matchLabels)]),
        or([isAbsent(matchExpressions), truthy('list', matchExpressions)]),
        comprehension(
          'every',
          objectView('entries', matchLabels),
          '$lsmEntry',
          and([
            compare('ne', index(l, index(entry, literal(0))), absent()),
            compare('eq', index(l, index(entry, literal(0))), index(entry, literal(1))),
          ]),
        ),
        comprehension('every', matchExpressions, '$lsmRequirement', requirement),
      ]),
    ),
  );
}
