/**
 * Rules → policy files: lowers every selected rule to IR (catalog rules come pre-lowered;
 * user rules go through @kpc/frontend, loaded only when there are any), applies the config
 * and runs the chosen backends through @kpc/compile. Fails closed: a selected rule that
 * cannot be lowered or compiled stops the whole build.
 */

import { dirname, relative, sep } from 'node:path';
import {
  type Backend,
  BackendRegistry,
  compile,
  type OutputFile,
  toCompileInputs,
} from '@kpc/compile';
import { gatekeeperBackend } from '@kpc/compile-gatekeeper';
import {
  DEFAULT_KYVERNO_KINDS,
  kyvernoBackend,
  podSpecResourceName,
  resourceName,
} from '@kpc/compile-kyverno';
import { vapBackend } from '@kpc/compile-vap';
import { type CompileTarget, k8sStructure } from '@kpc/core';
import { isActive } from '@kpc/core/internal';
import { type Diagnostic, lookupsOf, type RuleIR, referencedKinds } from '@kpc/ir';
import { catalogRuleIR } from '@kpc/rules/ir';
import type { Project } from '../project.ts';
import { customKindsOf } from './custom-kinds.ts';
import { withImageVerifications } from './image-verification-files.ts';
import { configImports } from './rule-sources.ts';

export interface PolicyBuild {
  /** Files relative to the output directory, prefixed with the target (`kyverno/…`). */
  readonly files: readonly OutputFile[];
  /** Warnings and infos (errors make buildPolicies throw). */
  readonly diagnostics: readonly Diagnostic[];
}

export class CompileFailed extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super('compilation failed');
    this.name = 'CompileFailed';
  }
}

/**
 * The project's rules as IR (ruleId → IR). Catalog rules come pre-lowered from
 * @kpc/rules/ir (no TypeScript compiler); only user rules go through the frontend, which
 * is loaded only when there are any. `sources`, when given, receives where each rule is
 * defined (`@kpc/rules`, or the user rule's file relative to the config's directory), for
 * the policies' headers. Throws CompileFailed.
 */
export async function lowerProjectRules(
  project: Project,
  sources?: Map<string, string>,
  /** Receives the frontend's warnings about the selected rules (FE_UNUSED_READ). */
  warnings?: Diagnostic[],
): Promise<Map<string, RuleIR>> {
  const irs = new Map<string, RuleIR>();
  const diagnostics: Diagnostic[] = [];
  const userRules = project.rules.filter((r) => !project.catalog.rules.includes(r.rule));
  for (const r of project.rules) {
    if (!project.catalog.rules.includes(r.rule)) continue;
    const { ir, diagnostics: found } = catalogRuleIR(r.rule.id);
    if (ir) irs.set(r.rule.id, ir);
    else diagnostics.push(...found);
    sources?.set(r.rule.id, '@kpc/rules');
  }
  const userFiles = project.configFile ? configImports(project.configFile) : [];
  let lowered: { diagnostics: readonly Diagnostic[] } = { diagnostics: [] };
  if (userRules.length > 0) {
    // The TypeScript compiler is loaded only here, and only when there are user rules.
    const frontend = await import('@kpc/frontend');
    const custom = await customKindsOf(project);
    if (custom.diagnostics.length > 0) throw new CompileFailed(custom.diagnostics);
    const result = frontend.lowerRuleFiles(userFiles, { customKinds: custom.kinds });
    lowered = result;
    const wanted = new Set(userRules.map((r) => r.rule.id));
    for (const l of result.rules) {
      if (!wanted.has(l.ruleId)) continue;
      irs.set(l.ruleId, l.ir);
      // Relative to the config, so the header is the same on every machine.
      if (project.configFile)
        sources?.set(l.ruleId, relative(dirname(project.configFile), l.file).split(sep).join('/'));
    }
  }
  // A rule whose own located errors are reported needs no second, unlocated line.
  const explained = new Set(
    lowered.diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId),
  );
  // TypeScript errors (FE_TYPE_ERROR, per file) stop a whole file from lowering: its rules
  // are named once, pointing at those errors, not once each with an unrelated hint.
  const typeErrors = lowered.diagnostics.some((d) => d.code === 'FE_TYPE_ERROR');
  const blocked: string[] = [];
  let failed = false;
  for (const r of userRules) {
    if (irs.has(r.rule.id)) continue;
    failed = true;
    if (explained.has(r.rule.id)) continue;
    if (typeErrors) {
      blocked.push(r.rule.id);
      continue;
    }
    diagnostics.push({
      code: 'FE_NO_RULE',
      severity: 'error',
      ruleId: r.rule.id,
      message: `rule ${r.rule.id} could not be lowered to IR, so no policy can be generated for it`,
      hint: userFiles.length
        ? 'kpc lowers the rules defined in the files kpc.config.ts imports with relative paths (one level, no re-exports); define the rule in such a file.'
        : 'Import user rules in kpc.config.ts from files next to it.',
    });
  }
  if (blocked.length > 0)
    diagnostics.push({
      code: 'FE_NO_RULE',
      severity: 'error',
      message: `${blocked.length === 1 ? 'rule' : 'rules'} ${blocked.join(', ')} could not be lowered to IR: TypeScript reports errors in the rule files (above)`,
      hint: 'kpc lowers a rule file only once it type-checks: fix the first TypeScript error, then run again.',
    });
  const selected = new Set(project.rules.map((r) => r.rule.id));
  warnings?.push(
    ...lowered.diagnostics.filter(
      (d) => d.severity !== 'error' && (d.ruleId === undefined || selected.has(d.ruleId)),
    ),
  );
  if (failed || diagnostics.length > 0) {
    const relevant = lowered.diagnostics.filter(
      (d) => d.severity === 'error' && (d.ruleId === undefined || selected.has(d.ruleId)),
    );
    throw new CompileFailed([...relevant, ...diagnostics]);
  }
  return irs;
}

/** The backends kpc ships, configured for the project (Kyverno kinds from the config). */
export function projectBackends(project: Project): BackendRegistry {
  return new BackendRegistry([
    kyvernoBackend({ kinds: project.config.kyverno?.kinds ?? DEFAULT_KYVERNO_KINDS }),
    gatekeeperBackend(),
    vapBackend(),
  ]);
}

/** Builds the policy files of `targets` for the project's rules. */
export async function buildPolicies(
  project: Project,
  targets: readonly CompileTarget[],
  now: number = Date.now(),
): Promise<PolicyBuild> {
  const selection = projectBackends(project).select(targets);
  if (selection.diagnostics.length > 0) throw new CompileFailed(selection.diagnostics);
  const backends = selection.backends.map((b) => withImageVerifications(b, project));
  const sources = new Map<string, string>();
  const warnings: Diagnostic[] = [];
  const irs = await lowerProjectRules(project, sources, warnings);
  const { active, dropped } = activeExceptions(project, now);
  const { inputs, diagnostics: missing } = toCompileInputs(project.rules, irs, {
    sources,
    excludedNamespaces: project.config.excludedNamespaces ?? [],
    exceptions: active,
    podSpecLocations: project.podSpecLocations,
    schemaTypes: k8sStructure(),
  });
  if (missing.length > 0) throw new CompileFailed(missing);
  // ValidatingPolicy and ValidatingAdmissionPolicy match resources by plural name.
  const validatingPolicy = selection.backends.some(
    (b) => b.name === 'kyverno' && usesValidatingPolicy(project),
  );
  if (validatingPolicy || selection.backends.some((b) => b.name === 'vap'))
    await checkCustomPlurals(project, irs, validatingPolicy);
  const result = compile(inputs, backends);
  if (!result.ok) throw new CompileFailed(result.diagnostics.filter((d) => d.severity === 'error'));
  return { files: result.files, diagnostics: [...warnings, ...dropped, ...result.diagnostics] };
}

/**
 * The exceptions to compile: the active ones. An expired exception is dropped with a located
 * EXC_DROPPED warning, so the generated files change and `kpc compile --check` fails until
 * someone renews or removes it.
 */
function activeExceptions(
  project: Project,
  now: number,
): { active: Project['exceptions']; dropped: Diagnostic[] } {
  const active = project.exceptions.filter((e) => isActive(e, now));
  const dropped: Diagnostic[] = project.exceptions
    .filter((e) => !isActive(e, now))
    .map((e) => ({
      code: 'EXC_DROPPED',
      severity: 'warning',
      message: `exception "${e.id}" (owner ${e.owner}) expired on ${e.expires} and is not compiled: the generated policies no longer exempt its objects`,
      hint: 'Renew it (a new expires date, approved again) or remove it, then run kpc compile.',
      location: e.location,
    }));
  return { active, dropped };
}

function usesValidatingPolicy(project: Project): boolean {
  return (project.config.kyverno?.kinds ?? DEFAULT_KYVERNO_KINDS).includes('ValidatingPolicy');
}

export type { Backend };

/**
 * A ValidatingPolicy matches resources by plural name, which the Kyverno backend derives
 * from the kind. For a custom kind whose CRD declares another plural the policy would
 * match nothing: refuse (fail closed) rather than emit it.
 */
async function checkCustomPlurals(
  project: Project,
  irs: ReadonlyMap<string, RuleIR>,
  lookups: boolean,
): Promise<void> {
  const { kinds, plurals } = await customKindsOf(project);
  const problems: Diagnostic[] = [];
  // Pod template kinds (config podTemplates): the declared or derived plural must be the CRD's.
  const podRules = [...irs.values()].filter((ir) => ir.target.kind === 'podSpec');
  if (podRules.length > 0)
    for (const loc of project.podSpecLocations) {
      const kind = loc.gvk.kind;
      if (
        plurals[kind] === undefined ||
        kinds[kind]?.some((g) => g.group === loc.gvk.group) !== true
      )
        continue;
      const matched = podSpecResourceName(project.podSpecLocations, kind);
      if (matched === plurals[kind]) continue;
      problems.push({
        code: 'KYV_UNSUPPORTED',
        severity: 'error',
        message: `podTemplates: the ValidatingPolicy and ValidatingAdmissionPolicy of ${podRules.length} PodSpec rule(s) would match ${kind} as "${matched}", but its CRD names the resource "${plurals[kind]}"`,
        hint: `Add plural: '${plurals[kind]}' to the podTemplates entry of ${kind}.`,
      });
    }
  // A ValidatingPolicy's resource.List names the kinds a referential rule reads by plural too.
  if (lookups)
    for (const [ruleId, ir] of irs)
      for (const { kind } of referencedKinds(ir)) {
        if (kinds[kind] === undefined) continue;
        const derived = podSpecResourceName(project.podSpecLocations, kind);
        if (derived === plurals[kind]) continue;
        const at = lookupsOf(ir).find((l) => l.resourceKind === kind)?.span;
        problems.push({
          code: 'KYV_UNSUPPORTED',
          severity: 'error',
          ruleId,
          ...(at !== undefined
            ? { location: { file: at.file, line: at.line, column: at.column } }
            : {}),
          message: `rule ${ruleId}: a ValidatingPolicy would list ${kind} as "${derived}", but its CRD names the resource "${plurals[kind] ?? '?'}"`,
          hint: 'Compile this rule with --target gatekeeper, which reads data.inventory by kind.',
        });
      }
  for (const [ruleId, ir] of irs) {
    if (ir.target.kind !== 'resources') continue;
    for (const kind of new Set(ir.target.resources.map((r) => r.kind))) {
      if (kinds[kind] === undefined) continue;
      const derived = resourceName(kind);
      if (derived !== undefined && derived === plurals[kind]) continue;
      problems.push({
        code: 'KYV_UNSUPPORTED',
        severity: 'error',
        ruleId,
        message: `rule ${ruleId}: a ValidatingPolicy would match ${kind} as "${derived ?? '?'}", but its CRD names the resource "${plurals[kind] ?? '?'}"`,
        hint: "Emit only ClusterPolicy for this project (kyverno: { kinds: ['ClusterPolicy'] }), which matches by kind.",
      });
    }
  }
  if (problems.length > 0) throw new CompileFailed(problems);
}
