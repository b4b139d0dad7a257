/**
 * Lint and admission must not diverge silently: which selected rules cannot be compiled to
 * the configured targets, so that a team never passes lint with a rule admission will not
 * enforce (issue 12, section 5; docs/cli/lint.md, "Rules admission will not enforce").
 */
import type { CompileTarget, Diagnostic, ResolvedRule } from '@kpc/core';
import { UsageError } from '../errors.ts';
import type { Project } from '../project.ts';

/** `kpc compile`'s default targets (config compile.targets, else all). */
const ALL_TARGETS: readonly CompileTarget[] = ['kyverno', 'gatekeeper', 'vap'];

/**
 * Whether a rule's compilation is already known to succeed: a catalog rule with its default
 * parameters (the catalog's tests compile every rule to every target). User rules, and
 * catalog rules with other parameter values, are compiled to find out.
 */
function knownToCompile(project: Project, r: ResolvedRule): boolean {
  if (!project.catalog.rules.includes(r.rule)) return false;
  for (const [name, spec] of Object.entries(r.rule.params ?? {}))
    if (JSON.stringify(r.params[name]) !== JSON.stringify(spec.default)) return false;
  return true;
}

/** The target a compile diagnostic is about (lowering problems concern every target). */
function targetsOf(d: Diagnostic, targets: readonly CompileTarget[]): readonly CompileTarget[] {
  if (d.code.startsWith('KYV_')) return ['kyverno'];
  if (d.code.startsWith('GK_')) return ['gatekeeper'];
  if (d.code.startsWith('VAP_')) return ['vap'];
  return targets;
}

/**
 * Compiles (in memory, nothing written) the selected rules that are not known to compile,
 * for the config's `compile.targets` (default both), and returns one CLI_NOT_ENFORCEABLE
 * per rule and target that fails: a warning, or an error when `strict`. The compiler's own
 * diagnostic follows each, so the user sees why. Nothing to compile: no cost at all.
 */
export async function enforceabilityDiagnostics(
  project: Project,
  strict: boolean,
): Promise<Diagnostic[]> {
  const unknown = project.rules.filter((r) => !knownToCompile(project, r));
  if (unknown.length === 0) return [];
  const targets = project.config.compile?.targets ?? ALL_TARGETS;
  const severity = strict ? 'error' : 'warning';
  // rule → its first cause and the targets it fails for
  const failures = new Map<string, { cause: Diagnostic; targets: Set<CompileTarget> }>();
  // The compile pipeline (backends, and the frontend for user rules) loads only now, when
  // there is a rule to check: a lint of catalog rules never pays for it.
  const { buildPolicies, CompileFailed } = await import('../compile/build-policies.ts');
  try {
    await buildPolicies({ ...project, rules: unknown }, targets);
    return [];
  } catch (error) {
    if (error instanceof UsageError) {
      return [
        {
          code: 'CLI_NOT_ENFORCEABLE',
          severity,
          message: `rules ${unknown.map((r) => r.rule.id).join(', ')} could not be checked against the targets (${targets.join(', ')}): ${error.message}`,
          hint: error.hint ?? 'Run `kpc compile` to see whether admission can enforce them.',
        },
      ];
    }
    if (!(error instanceof CompileFailed)) throw error;
    for (const d of error.diagnostics) {
      const ids = d.ruleId !== undefined ? [d.ruleId] : unknown.map((r) => r.rule.id);
      for (const id of ids) {
        const failure = failures.get(id) ?? { cause: d, targets: new Set<CompileTarget>() };
        for (const t of targetsOf(d, targets)) failure.targets.add(t);
        failures.set(id, failure);
      }
    }
  }
  const out: Diagnostic[] = [];
  for (const [ruleId, { cause, targets: failed }] of [...failures].sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    const names = targets.filter((t) => failed.has(t)).join(' and ');
    out.push({
      code: 'CLI_NOT_ENFORCEABLE',
      severity,
      ruleId,
      message: `rule ${ruleId} runs in lint but cannot be compiled to ${names}: admission will not enforce it`,
      hint: `${cause.message}${strict ? '' : ' (an error with --strict)'}`,
      ...(cause.location ? { location: cause.location } : {}),
    });
  }
  return out;
}
