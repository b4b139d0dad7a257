/**
 * The Kyverno backend: IR → ClusterPolicy (`validate.cel`) and/or ValidatingPolicy, plus a
 * `kyverno test` suite built from the rule's examples. A pure function: no I/O, no caches.
 */

import { lowerRule } from '@kpc/cel';
import {
  type BackendOutput,
  type CompileRuleInput,
  generatedHeader,
  type OutputFile,
  toYamlDocuments,
} from '@kpc/compile';
import { type Diagnostic, diagnostic } from '@kpc/ir';
import { policyExceptionFiles } from './exceptions.ts';
import { kindGroups } from './kinds.ts';
import { kyvernoTest, testResources } from './kyverno-test.ts';
import { clusterPolicy, validatingPolicy } from './policies.ts';

/** The Kyverno policy kinds kpc can emit. */
export type KyvernoPolicyKind = 'ClusterPolicy' | 'ValidatingPolicy';

export interface KyvernoOptions {
  /** Which policy kinds to emit; ClusterPolicy when empty. */
  readonly kinds: readonly KyvernoPolicyKind[];
}

/** The file a policy kind is written to, inside the rule's directory. */
export const POLICY_FILE: Readonly<Record<KyvernoPolicyKind, string>> = {
  ClusterPolicy: 'clusterpolicy.yaml',
  ValidatingPolicy: 'validatingpolicy.yaml',
};

/**
 * Compiles rules into Kyverno policies: for each rule `<id>/clusterpolicy.yaml` and/or
 * `<id>/validatingpolicy.yaml`, `<id>/resources.yaml` and `<id>/kyverno-test.yaml`.
 * A rule with any construct the CEL lowering cannot express exactly yields KYV_UNSUPPORTED
 * diagnostics (one per construct) and no files: never a weaker policy. Output is
 * deterministic; files are sorted by path.
 */
export function compileKyverno(
  inputs: readonly CompileRuleInput[],
  options: KyvernoOptions = { kinds: ['ClusterPolicy'] },
): BackendOutput {
  const kinds: KyvernoPolicyKind[] =
    options.kinds.length === 0
      ? ['ClusterPolicy']
      : (['ClusterPolicy', 'ValidatingPolicy'] as const).filter((k) => options.kinds.includes(k));
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
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
  const exceptions = policyExceptionFiles(inputs, kinds, compiled);
  files.push(...exceptions.files);
  diagnostics.push(...exceptions.diagnostics);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics };
}

function compileOne(
  input: CompileRuleInput,
  kinds: readonly KyvernoPolicyKind[],
  files: OutputFile[],
  diagnostics: Diagnostic[],
): void {
  {
    const id = input.meta.id;
    const lowered = lowerRule(input.ir, input.params, {
      spec: input.ir.target.kind === 'podSpec' ? 'variables.podSpec' : undefined,
      metadata: 'variables.metadata',
      object: 'object',
    });
    if (!lowered.ok) {
      for (const u of lowered.unsupported)
        diagnostics.push(
          diagnostic({
            code: 'KYV_UNSUPPORTED',
            severity: 'error',
            ruleId: id,
            message: `rule ${id}: ${u.construct} cannot be compiled to Kyverno CEL exactly: ${u.reason}`,
            hint: 'Rewrite the rule within the supported subset (docs/backends/kyverno.md), or compile it with --target gatekeeper only until the Kyverno backend learns the construct.',
            ...(u.span
              ? { location: { file: u.span.file, line: u.span.line, column: u.span.column } }
              : {}),
          }),
        );
      return;
    }
    const groups = kindGroups(input.ir);
    for (const kind of kinds) {
      const policy =
        kind === 'ClusterPolicy'
          ? clusterPolicy(input, lowered.rule, groups)
          : validatingPolicy(input, lowered.rule, groups);
      files.push({
        path: `${id}/${POLICY_FILE[kind]}`,
        content: toYamlDocuments(generatedHeader(id, 'kpc compile --target kyverno --out <dir>'), [
          policy,
        ]),
      });
    }
    const { resources, diagnostics: exampleDiagnostics } = testResources(input, groups);
    diagnostics.push(...exampleDiagnostics);
    const testKind = kinds[0]!;
    const header = generatedHeader(id, 'kpc compile --target kyverno --out <dir>');
    files.push({
      path: `${id}/resources.yaml`,
      content: toYamlDocuments(
        header,
        resources.length === 0 ? [] : resources.map((r) => r.object),
      ),
    });
    files.push({
      path: `${id}/kyverno-test.yaml`,
      content: toYamlDocuments(header, [
        kyvernoTest(id, POLICY_FILE[testKind], testKind === 'ValidatingPolicy', resources),
      ]),
    });
  }
}
