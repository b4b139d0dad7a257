/**
 * Kubernetes label selector matching (metav1.LabelSelector: matchLabels and matchExpressions
 * with In, NotIn, Exists, DoesNotExist), the semantics of the `labelSelectorMatches` helper
 * shared by the native engine and the interpreter (docs/ir.md, "Helpers").
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */

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
