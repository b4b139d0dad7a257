/**
 * Builds the Kyverno policy objects from a rule lowered to CEL. Both policy kinds carry
 * the same CEL; they differ in how kinds are matched and where the pod spec is picked.
 */

import {
  ADMISSION_OPERATIONS,
  admissionValidation,
  admissionVariables,
  type CelRule,
  type CelVariable,
  celMapAtPath,
  formattedVariables,
  resourceRules,
} from '@kpc/cel';
import type { CompileRuleInput } from '@kpc/compile';
import { policyAnnotations } from './annotations.ts';
import { type KindGroup, kyvernoKind } from './kinds.ts';

/** ClusterPolicy with `validate.cel` and rule-level `failureAction` needs Kyverno 1.13. */
export const CLUSTER_POLICY_MIN_VERSION = '1.13.0';
/** `policies.kyverno.io/v1` ValidatingPolicy is served from Kyverno 1.17. */
export const VALIDATING_POLICY_MIN_VERSION = '1.17.0';

/** Kyverno only judges creations and updates; DELETE carries no new object to validate. */
const OPERATIONS = [...ADMISSION_OPERATIONS];

function rootVariables(group: KindGroup, input: CompileRuleInput): CelVariable[] {
  const vars: CelVariable[] = [];
  const typing = input.schemaTypes && { types: input.schemaTypes, kinds: group.kinds };
  if (group.specPath !== undefined)
    vars.push({ name: 'podSpec', expression: celMapAtPath('object', group.specPath, typing) });
  vars.push({ name: 'metadata', expression: celMapAtPath('object', group.metadataPath, typing) });
  return vars;
}

/** The validation: the rule's CEL, its title as the fixed message. */
function validation(cel: CelRule, input: CompileRuleInput): Record<string, string> {
  return admissionValidation(cel, `${input.meta.title} (kpc rule ${input.meta.id})`);
}

const formatted = formattedVariables;

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
        variables: formatted([...rootVariables(group, input), ...cel.variables]),
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

/** A `policies.kyverno.io/v1` ValidatingPolicy: autogen off, every kind matched explicitly. */
export function validatingPolicy(
  input: CompileRuleInput,
  cel: CelRule,
  groups: readonly KindGroup[],
): Record<string, unknown> {
  const matchConstraints: Record<string, unknown> = { resourceRules: resourceRules(groups) };
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
  const variables = admissionVariables(groups, cel, input.schemaTypes);
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
