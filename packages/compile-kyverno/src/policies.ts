/**
 * Builds the Kyverno policy objects from a rule lowered to CEL. Both policy kinds carry
 * the same CEL and the same variables (the pod spec and metadata picked by kind); they
 * differ in how kinds are matched.
 */

import {
  ADMISSION_OPERATIONS,
  admissionValidation,
  admissionVariables,
  type CelRule,
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

/** Kyverno's limit on a rule name (a DNS label). */
const MAX_RULE_NAME = 63;

/**
 * The name of a ClusterPolicy's only rule: the rule id (policy reports then name the rule
 * as kpc does), `validate` when the id is longer than a rule name may be.
 */
export function clusterPolicyRuleName(id: string): string {
  return id.length <= MAX_RULE_NAME ? id : 'validate';
}

/** The validation: the rule's CEL, its title as the fixed message. */
function validation(cel: CelRule, input: CompileRuleInput): Record<string, string> {
  return admissionValidation(cel, `${input.meta.title} (kpc rule ${input.meta.id})`);
}

const formatted = formattedVariables;

/**
 * A `kyverno.io/v1` ClusterPolicy: autogen off, one rule that matches every kind of every
 * group by exact GVK and picks the pod spec and metadata by kind in its variables, as the
 * ValidatingPolicy does. Kyverno sets `object`'s apiVersion and kind to the resource's GVK
 * before it evaluates validate.cel (pkg/engine/handlers/validation/validate_cel.go), so the
 * pick by `object.kind` is exact in admission and in background scans.
 */
export function clusterPolicy(
  input: CompileRuleInput,
  cel: CelRule,
  groups: readonly KindGroup[],
): Record<string, unknown> {
  const action = input.action === 'enforce' ? 'Enforce' : 'Audit';
  const rule: Record<string, unknown> = {
    name: clusterPolicyRuleName(input.meta.id),
    match: {
      any: [
        {
          resources: {
            kinds: groups.flatMap((g) => g.kinds.map(kyvernoKind)),
            operations: OPERATIONS,
          },
        },
      ],
    },
  };
  if (input.excludedNamespaces.length > 0)
    rule.exclude = { any: [{ resources: { namespaces: [...input.excludedNamespaces] } }] };
  // No `cel.generate`: Kyverno generates a ValidatingAdmissionPolicy from a one-rule policy
  // only when it is set to true, so Kyverno itself evaluates this rule.
  rule.validate = {
    failureAction: action,
    cel: {
      variables: formatted(admissionVariables(groups, cel, input.schemaTypes)),
      expressions: [validation(cel, input)],
    },
  };
  const spec: Record<string, unknown> = { background: true };
  if (input.action === 'warn') spec.emitWarning = true;
  spec.rules = [rule];
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: input.meta.id,
      annotations: policyAnnotations(input.meta, input.ir, CLUSTER_POLICY_MIN_VERSION, {
        // kpc matches every pod-spec kind itself (see docs/backends/kyverno.md).
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
      // Background scans are on: `evaluation.background.enabled` defaults to true (the CRD's
      // default, and Kyverno's BackgroundEnabled() when the field is absent), so it is not written.
      // Kyverno's ValidatingPolicy autogen leaves out ReplicationController and PodTemplate:
      // kpc matches every kind itself and picks the pod spec by kind.
      autogen: { podControllers: { controllers: [] } },
      matchConstraints,
      variables: formatted(variables),
      validations: [validation(cel, input)],
    },
  };
}
