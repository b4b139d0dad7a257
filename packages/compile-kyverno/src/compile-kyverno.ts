/**
 * The Kyverno backend: IR → ClusterPolicy (`validate.cel`) and/or ValidatingPolicy, plus a
 * `kyverno test` suite built from the rule's examples. A pure function: no I/O, no caches.
 */

import { checkCelCapabilities, lowerAdmissionRule } from '@kpc/cel';
import {
  type BackendOutput,
  type CompileRuleInput,
  exceptionNotCompiled,
  type GuardResult,
  generatedHeader,
  guardChangesVerdict,
  guardRuleIR,
  type OutputFile,
  ruleHeader,
  toYamlDocuments,
  validatedInputs,
} from '@kpc/compile';
import { kyvernoTestFiles, testResources } from '@kpc/compile/internal';
import {
  type Diagnostic,
  diagnostic,
  type LookupNode,
  lookupsOf,
  POD_SPEC_LOCATIONS,
  referencedKinds,
} from '@kpc/ir';
import { inPolicyException, policyExceptionFiles } from './exceptions.ts';
import { kindGroups, podSpecResourceName } from './kinds.ts';
import { clusterPolicy, clusterPolicyRuleName, validatingPolicy } from './policies.ts';
import { LOOKUP_ROLE_FILE, lookupClusterRole } from './rbac.ts';

/** The backend's name: its output directory and `--target`. */
export const KYVERNO = 'kyverno';

const REGENERATE = 'kpc compile --target kyverno --out <dir>';

/** The Kyverno policy kinds kpc can emit. */
export type KyvernoPolicyKind = 'ClusterPolicy' | 'ValidatingPolicy';

export interface KyvernoOptions {
  /**
   * Which policy kinds to emit; ValidatingPolicy when empty (Kyverno deprecates
   * ClusterPolicy, planned for removal in 1.20).
   */
  readonly kinds: readonly KyvernoPolicyKind[];
}

/** The kind emitted when none is chosen. */
export const DEFAULT_KYVERNO_KINDS: readonly KyvernoPolicyKind[] = Object.freeze([
  'ValidatingPolicy',
]);

/** The file a policy kind is written to, inside the rule's directory. */
export const POLICY_FILE: Readonly<Record<KyvernoPolicyKind, string>> = {
  ClusterPolicy: 'clusterpolicy.yaml',
  ValidatingPolicy: 'validatingpolicy.yaml',
};

/**
 * Compiles rules into Kyverno policies: for each rule `<id>/clusterpolicy.yaml` and/or
 * `<id>/validatingpolicy.yaml` (the deployable tree), and `<id>/resources.yaml` and
 * `<id>/kyverno-test.yaml` in the test tree.
 * A rule with any construct the CEL lowering cannot express exactly yields KYV_UNSUPPORTED
 * diagnostics (one per construct) and no files: never a weaker policy. Output is
 * deterministic; files are sorted by path.
 */
export function compileKyverno(
  inputs: readonly CompileRuleInput[],
  options: KyvernoOptions = { kinds: DEFAULT_KYVERNO_KINDS },
): BackendOutput {
  const kinds: KyvernoPolicyKind[] =
    options.kinds.length === 0
      ? [...DEFAULT_KYVERNO_KINDS]
      : (['ClusterPolicy', 'ValidatingPolicy'] as const).filter((k) => options.kinds.includes(k));
  const files: OutputFile[] = [];
  const checked = validatedInputs(inputs);
  const diagnostics: Diagnostic[] = [...checked.diagnostics];
  for (const input of checked.inputs) {
    try {
      compileOne(input, kinds, files, diagnostics);
    } catch (error) {
      // Malformed IR (an unbound name, an unknown helper) is not a policy: report, emit nothing.
      diagnostics.push(
        diagnostic({
          code: 'INTERNAL',
          severity: 'error',
          ruleId: input.meta.id,
          message: `rule ${input.meta.id}: the Kyverno backend failed: ${error instanceof Error ? error.message : String(error)}`,
          hint: 'Validate the rule IR (validateRuleIR) and report this as a kpc bug.',
        }),
      );
    }
  }
  const compiled = new Set(inputs.map((i) => i.meta.id));
  for (const d of diagnostics) if (d.severity === 'error' && d.ruleId) compiled.delete(d.ruleId);
  files.push(...policyExceptionFiles(inputs, kinds, compiled));
  // What the policies of referential rules list: one ClusterRole, aggregated into Kyverno's.
  const reading = checked.inputs.filter(
    (i) => compiled.has(i.meta.id) && referencedKinds(i.ir).length > 0,
  );
  if (reading.length > 0)
    files.push({
      path: LOOKUP_ROLE_FILE,
      content: toYamlDocuments(generatedHeader(undefined, REGENERATE), [
        lookupClusterRole(reading),
      ]),
    });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics };
}

/**
 * The refusal of a referential rule for ClusterPolicy, located at its first lookup: only a
 * ValidatingPolicy has Kyverno's resource library.
 */
function clusterPolicyRefusal(id: string, reads: readonly LookupNode[]): Diagnostic {
  const first = reads[0]!;
  const kinds = [...new Set(reads.map((r) => `${r.apiVersion} ${r.resourceKind}`))].sort();
  return diagnostic({
    code: 'KYV_UNSUPPORTED',
    severity: 'error',
    ruleId: id,
    message: `rule ${id} reads other objects (${kinds.join(', ')}), which a ClusterPolicy's validate.cel cannot`,
    hint: "Emit ValidatingPolicy for this project (kyverno: { kinds: ['ValidatingPolicy'] }, the default): its resource.List reads the cluster (Kyverno 1.17+).",
    ...(first.span
      ? { location: { file: first.span.file, line: first.span.line, column: first.span.column } }
      : {}),
  });
}

function compileOne(
  input: CompileRuleInput,
  kinds: readonly KyvernoPolicyKind[],
  files: OutputFile[],
  diagnostics: Diagnostic[],
): void {
  {
    const id = input.meta.id;
    // What a PolicyException cannot say exactly (`images`, which spare only some containers;
    // for ClusterPolicy also Kyverno's own reading of wildcards and namespaces) is folded into
    // the policy's own CEL; the other exceptions become PolicyExceptions (exceptions.ts).
    const hint =
      'Select the containers by image with `*` globs only, for rules that check containers or elements under one container (docs/exceptions.md#kyverno).';
    // A ClusterPolicy's validate.cel runs in Kubernetes' CEL environment, which cannot read
    // other objects (only a context apiCall could, which kpc does not lower): refuse the
    // rule rather than emit a policy that could not say what it says.
    const reads = lookupsOf(input.ir);
    if (reads.length > 0 && kinds.includes('ClusterPolicy')) {
      diagnostics.push(clusterPolicyRefusal(id, reads));
      return;
    }
    // A lookup lists the kind by the resource name the cluster serves it under.
    const locations = input.podSpecLocations ?? POD_SPEC_LOCATIONS;
    const resourceOf = (_apiVersion: string, kind: string) => podSpecResourceName(locations, kind);
    const guards = new Map<KyvernoPolicyKind, GuardResult>();
    const lowerings = new Map<string, ReturnType<typeof lowerAdmissionRule>>();
    for (const kind of kinds) {
      const folded = (input.exceptions ?? []).filter((e) => !inPolicyException(e, input, kind));
      const guard = guardRuleIR(input.ir, folded, {
        codePointRegex: true,
        accepts: (ir) => checkCelCapabilities(ir, { lookups: true }).length === 0,
        ...(input.podSpecLocations ? { podSpecLocations: input.podSpecLocations } : {}),
      });
      guards.set(kind, guard);
      const key = JSON.stringify(guard.ir);
      if (!lowerings.has(key))
        lowerings.set(
          key,
          lowerAdmissionRule(
            guard.ir,
            input.params,
            {
              code: 'KYV_UNSUPPORTED',
              target: 'Kyverno CEL',
              hint: 'Rewrite the rule within the supported subset (docs/backends/kyverno.md), or compile it with --target gatekeeper only until the Kyverno backend learns the construct.',
            },
            {
              resources: resourceOf,
              ...(input.schemaTypes ? { schemaTypes: input.schemaTypes } : {}),
              ...(input.podSpecLocations ? { podSpecLocations: input.podSpecLocations } : {}),
            },
          ),
        );
    }
    const failed = [...lowerings.values()].find((l) => !l.ok);
    if (failed !== undefined && !failed.ok) {
      diagnostics.push(...failed.diagnostics);
      return;
    }
    const groups = kindGroups(input.ir, input.podSpecLocations);
    for (const kind of kinds) {
      const guard = guards.get(kind)!;
      for (const r of guard.refused)
        diagnostics.push(
          exceptionNotCompiled(r.exception, id, `the Kyverno ${kind}`, r.reason, hint),
        );
      const lowered = lowerings.get(JSON.stringify(guard.ir))!;
      if (!lowered.ok) continue;
      const policy =
        kind === 'ClusterPolicy'
          ? clusterPolicy(input, lowered.rule, groups)
          : validatingPolicy(input, lowered.rule, groups);
      files.push({
        path: `${id}/${POLICY_FILE[kind]}`,
        content: toYamlDocuments(ruleHeader(input, REGENERATE), [policy]),
      });
    }
    // A referential rule's examples hold their cluster, which kyverno-test.yaml cannot be
    // shown to supply as resource.List sees it (the CLI's context resources were not checked
    // against a Kyverno CLI here): no test is written rather than one that could mislead
    // (docs/backends/kyverno.md, "kyverno-test.yaml").
    if (reads.length > 0) return;
    const testKind = kinds[0]!;
    const guard = guards.get(testKind)!;
    // An example an image exception exempts no longer fails: kyverno-test.yaml leaves it out.
    const { resources, diagnostics: exampleDiagnostics } = testResources(input, groups, {
      code: 'KYV_UNSUPPORTED',
      exempted: (o) => guardChangesVerdict(input.ir, guard.ir, o, input.params),
    });
    diagnostics.push(...exampleDiagnostics);
    const header = ruleHeader(input, REGENERATE);
    files.push(
      ...kyvernoTestFiles(
        KYVERNO,
        id,
        header,
        `${id}/${POLICY_FILE[testKind]}`,
        testKind === 'ValidatingPolicy'
          ? 'ValidatingPolicy'
          : { clusterPolicyRule: clusterPolicyRuleName(id) },
        resources,
      ),
    );
  }
}
