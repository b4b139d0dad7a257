/**
 * Test-only: how Kyverno applies a generated PolicyException to one object, modelled from
 * Kyverno's documented semantics. kyverno.io/v2 (ClusterPolicy): an entry of
 * `spec.exceptions` names the policy and the rule, and one `match.any` resource filter
 * matches — kinds (`group/version/Kind` exactly, or a bare kind), names and namespaces as
 * Kyverno wildcards (`*`, `?`; a Namespace object's namespace is its own name, a
 * cluster-scoped object's is empty), `selector.matchLabels`. policies.kyverno.io/v1
 * (ValidatingPolicy): a `policyRefs` entry names the policy, and every matchCondition
 * evaluates to true with cel-js.
 */
import { globMatch, parseApiVersion } from '@kpc/ir';
import { CelContext } from '@kpc/testing';

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function filterMatches(res: Obj, object: Obj): boolean {
  const meta = isMap(object.metadata) ? object.metadata : {};
  const kind = String(object.kind);
  const { group, version } = parseApiVersion(String(object.apiVersion));
  const gvk = `${group === '' ? version : `${group}/${version}`}/${kind}`;
  const kinds = res.kinds as string[];
  if (!kinds.some((k) => (k.includes('/') ? k === gvk : globMatch(k, kind)))) return false;
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (res.names !== undefined && !(res.names as string[]).some((p) => globMatch(p, name)))
    return false;
  const ns = kind === 'Namespace' ? name : typeof meta.namespace === 'string' ? meta.namespace : '';
  if (res.namespaces !== undefined && !(res.namespaces as string[]).some((p) => globMatch(p, ns)))
    return false;
  const selector = res.selector as { matchLabels: Record<string, string> } | undefined;
  if (selector !== undefined) {
    const labels = isMap(meta.labels) ? meta.labels : {};
    for (const [k, v] of Object.entries(selector.matchLabels))
      if (typeof labels[k] !== 'string' || !globMatch(v, labels[k] as string)) return false;
  }
  return true;
}

/** True when the PolicyException exempts `object` from rule `ruleName` of policy `policyName`. */
export function policyExceptionApplies(
  pe: Obj,
  policyName: string,
  ruleName: string | undefined,
  object: Obj,
): boolean {
  const spec = pe.spec as Obj;
  if (pe.apiVersion === 'kyverno.io/v2') {
    const named = (spec.exceptions as { policyName: string; ruleNames: string[] }[]).some(
      (x) =>
        x.policyName === policyName && ruleName !== undefined && x.ruleNames.includes(ruleName),
    );
    if (!named) return false;
    return ((spec.match as Obj).any as Obj[]).some((f) =>
      filterMatches(f.resources as Obj, object),
    );
  }
  const refs = spec.policyRefs as { name: string; kind: string }[];
  if (!refs.some((r) => r.name === policyName && r.kind === 'ValidatingPolicy')) return false;
  const ctx = new CelContext(
    { object, oldObject: null, request: { operation: 'CREATE', object } },
    [],
    'kubernetes',
  );
  return (spec.matchConditions as { expression: string }[]).every(
    (c) => ctx.evaluate(c.expression) === true,
  );
}
