/**
 * The Kubernetes ValidatingAdmissionPolicy backend: Rule IR → ValidatingAdmissionPolicy +
 * ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io/v1, GA in Kubernetes
 * 1.30), from the same CEL lowering as Kyverno's ValidatingPolicy. No policy engine runs in
 * the cluster: the API server evaluates the CEL. A pure function: no I/O, no caches.
 */
import {
  admissionValidation,
  admissionVariables,
  celString,
  checkCelCapabilities,
  formattedVariables,
  kindGroups,
  lowerAdmissionRule,
  resourceRules,
} from '@kpc/cel';
import {
  type BackendOutput,
  type CompileRuleInput,
  exceptionNotCompiled,
  guardRuleIR,
  type OutputFile,
  ruleHeader,
  toYamlDocuments,
  validatedInputs,
} from '@kpc/compile';
import { guardChangesVerdict, kyvernoTestFiles, testResources } from '@kpc/compile/internal';
import { type Diagnostic, diagnostic, lookupsOf, type RuleAction } from '@kpc/ir';

/**
 * The refusal of a referential rule (one that reads other objects): a ValidatingAdmissionPolicy
 * sees only the object under admission, its old version, its namespace and a parameter
 * object, so no CEL can say "some NetworkPolicy of this namespace" (docs/backends/vap.md).
 * Located at the rule's first lookup. A rule is refused whole: never a weaker policy.
 */
function referentialRefusal(id: string, reads: ReturnType<typeof lookupsOf>): Diagnostic {
  const first = reads[0]!;
  const kinds = [...new Set(reads.map((r) => `${r.apiVersion} ${r.resourceKind}`))].sort();
  return diagnostic({
    code: 'VAP_REFERENTIAL',
    severity: 'error',
    ruleId: id,
    message: `rule ${id} reads other objects (${kinds.join(', ')}); a ValidatingAdmissionPolicy cannot`,
    hint: 'compile this rule with --target kyverno or gatekeeper; Kubernetes ValidatingAdmissionPolicy cannot read other objects',
    ...(first.span
      ? { location: { file: first.span.file, line: first.span.line, column: first.span.column } }
      : {}),
  });
}

/** The backend's name: its output directory and `--target`. */
export const VAP = 'vap';

/** The file of each rule, inside the rule's directory. */
export const VAP_FILE = 'policy.yaml';

const REGENERATE = 'kpc compile --target vap --out <dir>';

/** Kubernetes object names are DNS subdomains (253); kpc keeps them at 63 like its other backends. */
const MAX_NAME = 63;

/** The binding's validationActions: enforce → Deny, warn → Warn, audit → Audit. */
export function validationActions(action: RuleAction): ('Deny' | 'Warn' | 'Audit')[] {
  return action === 'enforce' ? ['Deny'] : action === 'warn' ? ['Warn'] : ['Audit'];
}

/** The policy and its binding for one rule lowered to CEL. */
export function vapObjects(
  input: CompileRuleInput,
  cel: Parameters<typeof admissionVariables>[1],
): [Record<string, unknown>, Record<string, unknown>] {
  const { meta } = input;
  const groups = kindGroups(input.ir, input.podSpecLocations);
  const spec: Record<string, unknown> = {
    failurePolicy: 'Fail',
    matchConstraints: { resourceRules: resourceRules(groups) },
  };
  const excluded = [...new Set(input.excludedNamespaces)];
  if (excluded.length > 0)
    spec.matchConditions = [
      {
        name: 'not-in-excluded-namespace',
        expression: `!(request.namespace in [${excluded.map(celString).join(', ')}])`,
      },
    ];
  spec.variables = formattedVariables(admissionVariables(groups, cel, input.schemaTypes));
  spec.validations = [
    {
      ...admissionValidation(cel, `${meta.title} (kpc rule ${meta.id})`),
      reason: 'Invalid',
    },
  ];
  const labels = { 'app.kubernetes.io/managed-by': 'kpc' };
  const annotations = {
    'kpc.dev/rule': meta.id,
    'kpc.dev/severity': meta.severity,
    'kpc.dev/title': meta.title,
  };
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: meta.id, labels, annotations },
    spec,
  };
  const binding = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: meta.id, labels, annotations: { 'kpc.dev/rule': meta.id } },
    spec: { policyName: meta.id, validationActions: validationActions(input.action) },
  };
  return [policy, binding];
}

/**
 * Compiles each rule into `<rule-id>/policy.yaml` (policy and binding) and, in the test tree,
 * `<rule-id>/kyverno-test.yaml` with `<rule-id>/resources.yaml` (its examples). Parameters are
 * inlined as CEL literals (no paramKind). A construct the CEL lowering cannot express
 * exactly is a VAP_UNSUPPORTED error and no file: never a weaker policy. Never throws.
 */
export function compileVap(inputs: readonly CompileRuleInput[]): BackendOutput {
  const files: OutputFile[] = [];
  const checked = validatedInputs(inputs);
  const diagnostics: Diagnostic[] = [...checked.diagnostics];
  for (const input of checked.inputs) {
    const id = input.meta.id;
    if (id.length > MAX_NAME) {
      diagnostics.push(
        diagnostic({
          code: 'VAP_UNSUPPORTED',
          severity: 'error',
          ruleId: id,
          message: `rule ${id}: the rule id is longer than ${MAX_NAME} characters, too long for the policy name`,
          hint: 'Choose a shorter rule id.',
        }),
      );
      continue;
    }
    const reads = lookupsOf(input.ir);
    if (reads.length > 0) {
      diagnostics.push(referentialRefusal(id, reads));
      continue;
    }
    try {
      // Kubernetes has no exception object: every exception is folded into the policy's CEL
      // (inlined, like the parameters); what cannot be folded exactly is said, per exception.
      const guard = guardRuleIR(input.ir, input.exceptions ?? [], {
        codePointRegex: true,
        accepts: (ir) => checkCelCapabilities(ir).length === 0,
        ...(input.podSpecLocations ? { podSpecLocations: input.podSpecLocations } : {}),
      });
      const lowered = lowerAdmissionRule(
        guard.ir,
        input.params,
        {
          code: 'VAP_UNSUPPORTED',
          target: 'ValidatingAdmissionPolicy CEL',
          hint: 'Rewrite the rule within the supported CEL subset (docs/backends/vap.md), or compile it with --target gatekeeper only.',
        },
        {
          ...(input.schemaTypes ? { schemaTypes: input.schemaTypes } : {}),
          ...(input.podSpecLocations ? { podSpecLocations: input.podSpecLocations } : {}),
        },
      );
      if (!lowered.ok) {
        diagnostics.push(...lowered.diagnostics);
        continue;
      }
      for (const r of guard.refused)
        diagnostics.push(
          exceptionNotCompiled(
            r.exception,
            id,
            'the ValidatingAdmissionPolicy',
            r.reason,
            'Select the containers by image with `*` globs only, for rules that check containers or elements under one container (docs/exceptions.md#validatingadmissionpolicy---target-vap).',
          ),
        );
      const header = ruleHeader(input, REGENERATE);
      files.push({
        path: `${id}/${VAP_FILE}`,
        content: toYamlDocuments(header, vapObjects(input, lowered.rule)),
      });
      // The test tree: the rule's examples and the result each must get, for `kyverno test`
      // (the Kyverno CLI evaluates ValidatingAdmissionPolicies offline). An example an
      // exception exempts no longer fails: it is left out, as in the Kyverno tests.
      const { resources, diagnostics: exampleDiagnostics } = testResources(
        input,
        kindGroups(input.ir, input.podSpecLocations),
        {
          code: 'VAP_UNSUPPORTED',
          exempted: (o) => guardChangesVerdict(input.ir, guard.ir, o, input.params),
        },
      );
      diagnostics.push(...exampleDiagnostics);
      files.push(
        ...kyvernoTestFiles(
          VAP,
          id,
          header,
          `${id}/${VAP_FILE}`,
          'ValidatingAdmissionPolicy',
          resources,
        ),
      );
    } catch (error) {
      diagnostics.push(
        diagnostic({
          code: 'INTERNAL',
          severity: 'error',
          ruleId: id,
          message: `rule ${id}: the vap backend failed: ${error instanceof Error ? error.message : String(error)}`,
          hint: 'Validate the rule IR (validateRuleIR) and report this as a kpc bug.',
        }),
      );
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics };
}
