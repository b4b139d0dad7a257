/**
 * Rules → policy files: lowers every selected rule to IR with the frontend, applies the
 * config (action, parameters, excluded namespaces) and runs the chosen backends. Fails
 * closed: a selected rule that cannot be lowered or compiled stops the whole build.
 */
import type { CompileRuleInput, CompileTarget, Diagnostic, OutputFile } from '@kpc/core';
import type { RuleIR } from '@kpc/core/ir';
import { catalogRuleIR } from '@kpc/rules/ir';
import { UsageError } from '../errors.ts';
import type { Project } from '../project.ts';
import { customKindsOf } from './custom-kinds.ts';
import {
  FRONTEND,
  type FrontendModule,
  GATEKEEPER,
  type GatekeeperModule,
  importOptional,
  KYVERNO,
  type KyvernoModule,
} from './optional-import.ts';
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
 * is loaded only when there are any. Throws CompileFailed or UsageError.
 */
export async function lowerProjectRules(project: Project): Promise<Map<string, RuleIR>> {
  const irs = new Map<string, RuleIR>();
  const diagnostics: Diagnostic[] = [];
  const userRules = project.rules.filter((r) => !project.catalog.rules.includes(r.rule));
  for (const r of project.rules) {
    if (!project.catalog.rules.includes(r.rule)) continue;
    const { ir, diagnostics: found } = catalogRuleIR(r.rule.id);
    if (ir) irs.set(r.rule.id, ir);
    else diagnostics.push(...found);
  }
  const userFiles = project.configFile ? configImports(project.configFile) : [];
  let lowered: { diagnostics: readonly Diagnostic[] } = { diagnostics: [] };
  if (userRules.length > 0) {
    const frontend = await importOptional<FrontendModule>(FRONTEND);
    if (!frontend?.lowerRuleFiles)
      throw new UsageError(
        'the TypeScript frontend is not available in this build of kpc',
        '`kpc compile` needs @kpc/core/frontend for user rules; `kpc lint` works without it.',
      );
    const custom = await customKindsOf(project);
    if (custom.diagnostics.length > 0) throw new CompileFailed(custom.diagnostics);
    const result = frontend.lowerRuleFiles(userFiles, { customKinds: custom.kinds });
    lowered = result;
    const wanted = new Set(userRules.map((r) => r.rule.id));
    for (const l of result.rules) if (wanted.has(l.ruleId)) irs.set(l.ruleId, l.ir);
  }
  // A rule whose own located errors are reported needs no second, unlocated line.
  const explained = new Set(
    lowered.diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId),
  );
  let failed = false;
  for (const r of userRules) {
    if (irs.has(r.rule.id)) continue;
    failed = true;
    if (explained.has(r.rule.id)) continue;
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
  if (failed || diagnostics.length > 0) {
    const selected = new Set(project.rules.map((r) => r.rule.id));
    const relevant = lowered.diagnostics.filter(
      (d) => d.severity === 'error' && (d.ruleId === undefined || selected.has(d.ruleId)),
    );
    throw new CompileFailed([...relevant, ...diagnostics]);
  }
  return irs;
}

/** Builds the policy files of `targets` for the project's rules. */
export async function buildPolicies(
  project: Project,
  targets: readonly CompileTarget[],
): Promise<PolicyBuild> {
  const kyverno = targets.includes('kyverno')
    ? await importOptional<KyvernoModule>(KYVERNO)
    : undefined;
  const gatekeeper = targets.includes('gatekeeper')
    ? await importOptional<GatekeeperModule>(GATEKEEPER)
    : undefined;
  for (const [t, mod] of [
    ['kyverno', kyverno?.compileKyverno],
    ['gatekeeper', gatekeeper?.compileGatekeeper],
  ] as const) {
    if (targets.includes(t) && !mod)
      throw new UsageError(
        `the ${t} backend is not available yet in this build of kpc`,
        'Use another --target, or `kpc lint` meanwhile.',
      );
  }
  const irs = await lowerProjectRules(project);
  const inputs: CompileRuleInput[] = project.rules.map((r) => ({
    ir: irs.get(r.rule.id)!,
    meta: {
      id: r.rule.id,
      title: r.rule.title,
      description: r.rule.description,
      rationale: r.rule.rationale,
      remediation: r.rule.remediation,
      severity: r.severity,
      category: r.rule.category,
      controls: r.rule.controls,
    },
    action: r.action,
    params: r.params,
    excludedNamespaces: project.config.excludedNamespaces ?? [],
    examples: r.rule.examples,
  }));
  const kyvernoKinds = project.config.kyverno?.kinds ?? ['ClusterPolicy'];
  if (kyverno && kyvernoKinds.includes('ValidatingPolicy'))
    await checkCustomPlurals(project, irs, kyverno);
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const outputs: [
    CompileTarget,
    () => { files: readonly OutputFile[]; diagnostics: readonly Diagnostic[] },
  ][] = [];
  if (kyverno)
    outputs.push([
      'kyverno',
      () =>
        kyverno.compileKyverno(inputs, {
          kinds: kyvernoKinds,
        }),
    ]);
  if (gatekeeper) outputs.push(['gatekeeper', () => gatekeeper.compileGatekeeper(inputs)]);
  for (const [target, compile] of outputs) {
    const out = compile();
    diagnostics.push(...out.diagnostics);
    for (const f of out.files) files.push({ path: `${target}/${f.path}`, content: f.content });
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new CompileFailed(errors);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics };
}

/**
 * A ValidatingPolicy matches resources by plural name, which the Kyverno backend derives
 * from the kind. For a custom kind whose CRD declares another plural the policy would
 * match nothing: refuse (fail closed) rather than emit it.
 */
async function checkCustomPlurals(
  project: Project,
  irs: ReadonlyMap<string, RuleIR>,
  kyverno: KyvernoModule,
): Promise<void> {
  const { kinds, plurals } = await customKindsOf(project);
  const problems: Diagnostic[] = [];
  for (const [ruleId, ir] of irs) {
    if (ir.target.kind !== 'resources') continue;
    for (const kind of new Set(ir.target.resources.map((r) => r.kind))) {
      if (kinds[kind] === undefined) continue;
      const derived = kyverno.resourceName?.(kind);
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
