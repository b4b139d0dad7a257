/**
 * Test-only: evaluates a generated Kyverno policy (parsed back from its YAML) on one object
 * with a real CEL implementation, the way Kyverno does for an admission request
 * (CREATE/UPDATE) or a background scan: pick the rule (ClusterPolicy) or check
 * matchConstraints (ValidatingPolicy), evaluate the variables lazily, then the validation
 * and, when it fails, the messageExpression.
 */

import { parseApiVersion } from '@kpc/ir';
import {
  CelContext,
  fromCelValue,
  type NumberMode,
  offendingMessages,
  type ResourceLibraryMock,
  type VariableDecl,
} from '@kpc/testing';
import { resourceName } from '../kinds.ts';

/** What the policy decided for one object. */
export interface PolicyVerdict {
  /** Whether any rule of the policy matched the object's kind and operation. */
  readonly matched: boolean;
  readonly allowed: boolean;
  /** Offending elements in order, as JSON values. */
  readonly offending: readonly unknown[];
  /** JSON Pointer of each offending element inside the object, when it is one of its maps or lists. */
  readonly pointers: readonly (string | undefined)[];
  readonly messages: readonly string[];
  readonly message: string;
  /** The name of the ClusterPolicy rule that judged the object. */
  readonly rule?: string;
}

type Obj = Record<string, unknown>;

function gvk(object: Obj): { group: string; version: string; kind: string } | undefined {
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return undefined;
  return { ...parseApiVersion(object.apiVersion), kind: object.kind };
}

function run(
  variables: readonly VariableDecl[],
  validation: { expression: string; messageExpression: string },
  object: Obj,
  mode: NumberMode,
  operation: string,
  resource: ResourceLibraryMock | undefined,
): Omit<PolicyVerdict, 'matched' | 'rule'> {
  const ctx = new CelContext(
    {
      object,
      oldObject: null,
      request: { operation, object },
      ...(resource === undefined ? {} : { resource }),
    },
    variables,
    mode,
  );
  const allowed = ctx.evaluate(validation.expression);
  if (typeof allowed !== 'boolean')
    throw new Error(`validation returned ${String(allowed)}, not a bool`);
  const found = offendingMessages(ctx, variables, validation.messageExpression);
  const raw = found.offending;
  const pointers = raw.map((e) =>
    e !== null && typeof e === 'object' ? ctx.objectPointers.get(e) : undefined,
  );
  const offending = raw.map(fromCelValue);
  const messages = found.messages as string[];
  const message = allowed ? '' : String(ctx.evaluate(validation.messageExpression));
  return { allowed, offending, pointers, messages, message };
}

/**
 * Evaluates a ClusterPolicy or ValidatingPolicy object on `object`. CEL errors throw.
 * `resourceOf` is the cluster's resource (plural) name of a kind: the API server's, from
 * the CRD for custom kinds (default the regular plural). `resource` is Kyverno's resource
 * library (the cluster a referential rule reads), when the policy uses it.
 */
export function evaluatePolicy(
  policy: Obj,
  object: Obj,
  mode: NumberMode,
  operation: 'CREATE' | 'UPDATE' | 'DELETE' = 'CREATE',
  resourceOf: (kind: string) => string = resourceName,
  resource?: ResourceLibraryMock,
): PolicyVerdict {
  const none: PolicyVerdict = {
    matched: false,
    allowed: true,
    offending: [],
    pointers: [],
    messages: [],
    message: '',
  };
  const id = gvk(object);
  if (id === undefined) return none;
  const spec = policy.spec as Obj;
  if (policy.kind === 'ClusterPolicy') {
    for (const rule of spec.rules as Obj[]) {
      const res = ((rule.match as Obj).any as Obj[])[0]!.resources as Obj;
      const kinds = res.kinds as string[];
      const ops = res.operations as string[];
      const gv = id.group === '' ? id.version : `${id.group}/${id.version}`;
      // Kyverno's `Group/*/Kind` matches every version of the group.
      const kindMatches =
        kinds.includes(`${gv}/${id.kind}`) ||
        (id.group !== '' && kinds.includes(`${id.group}/*/${id.kind}`));
      if (!kindMatches || !ops.includes(operation)) continue;
      const cel = (rule.validate as Obj).cel as Obj;
      const expr = (cel.expressions as Obj[])[0] as {
        expression: string;
        messageExpression: string;
      };
      return {
        matched: true,
        rule: rule.name as string,
        ...run(cel.variables as VariableDecl[], expr, object, mode, operation, resource),
      };
    }
    return none;
  }
  const rules = (spec.matchConstraints as Obj).resourceRules as Obj[];
  const hit = rules.some(
    (r) =>
      (r.apiGroups as string[]).includes(id.group) &&
      ((r.apiVersions as string[]).includes(id.version) ||
        (r.apiVersions as string[]).includes('*')) &&
      (r.operations as string[]).includes(operation) &&
      (r.resources as string[]).includes(resourceOf(id.kind)),
  );
  if (!hit) return none;
  const expr = (spec.validations as Obj[])[0] as { expression: string; messageExpression: string };
  return {
    matched: true,
    ...run(spec.variables as VariableDecl[], expr, object, mode, operation, resource),
  };
}
