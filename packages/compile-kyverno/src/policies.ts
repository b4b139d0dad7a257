/**
 * Builds the Kyverno policy objects from a rule lowered to CEL. Both policy kinds carry
 * the same CEL; they differ in how kinds are matched and where the pod spec is picked.
 */

import { type CelRule, type CelVariable, celMapAtPath, celString, formatCel } from '@kpc/cel';
import type { CompileRuleInput } from '@kpc/compile';
import { policyAnnotations } from './annotations.ts';
import { type KindGroup, kyvernoKind, resourceName } from './kinds.ts';

/** ClusterPolicy with `validate.cel` and rule-level `failureAction` needs Kyverno 1.13. */
export const CLUSTER_POLICY_MIN_VERSION = '1.13.0';
/** `policies.kyverno.io/v1` ValidatingPolicy is served from Kyverno 1.17. */
export const VALIDATING_POLICY_MIN_VERSION = '1.17.0';

/** Kyverno only judges creations and updates; DELETE carries no new object to validate. */
const OPERATIONS = ['CREATE', 'UPDATE'];

function rootVariables(group: KindGroup): CelVariable[] {
  const vars: CelVariable[] = [];
  if (group.specPath !== undefined)
    vars.push({ name: 'podSpec', expression: celMapAtPath('object', group.specPath) });
  vars.push({ name: 'metadata', expression: celMapAtPath('object', group.metadataPath) });
  return vars;
}

function validation(cel: CelRule, input: CompileRuleInput): Record<string, string> {
  return {
    expression: formatCel(cel.validation),
    message: `${input.meta.title} (kpc rule ${input.meta.id})`,
    messageExpression: formatCel(cel.messageExpression),
  };
}

/** Variables laid out over lines for reading (CEL ignores the whitespace). */
function formatted(vars: readonly CelVariable[]): CelVariable[] {
  return vars.map((v) => ({ name: v.name, expression: formatCel(v.expression) }));
}

/** A `kyverno.io/v1` ClusterPolicy: autogen off, one rule per kind group. */
export function clusterPolicy(
  input: CompileRuleInput,
  cel: CelRule,
  groups: readonly KindGroup[],
): Record<string, unknown> {
  const action = input.action === 'enforce' ? 'Enforce' : 'Audit';
  const rules = groups.map((group) => {
    const rule: Record<string, unknown> = {
      name: group.name,
      match: {
        any: [{ resources: { kinds: group.kinds.map(kyvernoKind), operations: OPERATIONS } }],
      },
    };
    if (input.excludedNamespaces.length > 0)
      rule.exclude = { any: [{ resources: { namespaces: [...input.excludedNamespaces] } }] };
    rule.validate = {
      failureAction: action,
      cel: {
        variables: formatted([...rootVariables(group), ...cel.variables]),
        expressions: [validation(cel, input)],
      },
    };
    return rule;
  });
  const spec: Record<string, unknown> = { background: true };
  if (input.action === 'warn') spec.emitWarning = true;
  spec.rules = rules;
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: input.meta.id,
      annotations: policyAnnotations(input.meta, input.ir, CLUSTER_POLICY_MIN_VERSION, {
        // kpc writes one rule per pod-spec location itself (see docs/backends/kyverno.md).
        'pod-policies.kyverno.io/autogen-controllers': 'none',
      }),
    },
    spec,
  };
}

/** Picks `byGroup(group)` by `variables.kind`, falling back to the largest group. */
function byKind(groups: readonly KindGroup[], byGroup: (g: KindGroup) => string): string {
  if (groups.length === 1) return byGroup(groups[0]!);
  const fallback = [...groups].sort((a, b) => b.kinds.length - a.kinds.length)[0]!;
  const branches = groups
    .filter((g) => g !== fallback)
    .map((g) => {
      const test = g.kinds.map((k) => `variables.kind == ${celString(k.kind)}`).join(' || ');
      return `${test} ? (${byGroup(g)}) :`;
    });
  return `${branches.join(' ')} (${byGroup(fallback)})`;
}

/** A `policies.kyverno.io/v1` ValidatingPolicy: autogen off, every kind matched explicitly. */
export function validatingPolicy(
  input: CompileRuleInput,
  cel: CelRule,
  groups: readonly KindGroup[],
): Record<string, unknown> {
  const byGv = new Map<string, { group: string; version: string; resources: string[] }>();
  for (const g of groups)
    for (const k of g.kinds) {
      const key = `${k.group}/${k.version}`;
      const entry = byGv.get(key) ?? { group: k.group, version: k.version, resources: [] };
      const r = resourceName(k.kind);
      if (!entry.resources.includes(r)) entry.resources.push(r);
      byGv.set(key, entry);
    }
  const matchConstraints: Record<string, unknown> = {
    resourceRules: [...byGv.values()].map((e) => ({
      apiGroups: [e.group],
      apiVersions: [e.version],
      operations: OPERATIONS,
      resources: e.resources,
    })),
  };
  if (input.excludedNamespaces.length > 0)
    matchConstraints.namespaceSelector = {
      matchExpressions: [
        {
          key: 'kubernetes.io/metadata.name',
          operator: 'NotIn',
          values: [...input.excludedNamespaces],
        },
      ],
    };
  const variables: CelVariable[] = [];
  if (groups.length > 1)
    variables.push({
      name: 'kind',
      expression: `type(object.?kind.orValue("")) == string ? object.?kind.orValue("") : ""`,
    });
  if (groups.some((g) => g.specPath !== undefined))
    variables.push({
      name: 'podSpec',
      expression: byKind(groups, (g) => celMapAtPath('object', g.specPath ?? [])),
    });
  variables.push({
    name: 'metadata',
    expression: byKind(groups, (g) => celMapAtPath('object', g.metadataPath)),
  });
  variables.push(...cel.variables);
  const action = input.action === 'enforce' ? 'Deny' : input.action === 'audit' ? 'Audit' : 'Warn';
  return {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'ValidatingPolicy',
    metadata: {
      name: input.meta.id,
      annotations: policyAnnotations(input.meta, input.ir, VALIDATING_POLICY_MIN_VERSION),
    },
    spec: {
      validationActions: [action],
      evaluation: { background: { enabled: true } },
      // Kyverno's ValidatingPolicy autogen leaves out ReplicationController and PodTemplate:
      // kpc matches every kind itself and picks the pod spec by kind.
      autogen: { podControllers: { controllers: [] } },
      matchConstraints,
      variables: formatted(variables),
      validations: [validation(cel, input)],
    },
  };
}
