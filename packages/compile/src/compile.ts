/**
 * The compile pipeline as a library: rules (IR plus configuration) → policy files in memory,
 * for any set of backends. Pure: no I/O (writing and `--check` are in output-dir.ts).
 */
import type {
  ControlMapping,
  Diagnostic,
  PodSpecLocation,
  RuleAction,
  RuleExample,
  RuleIR,
  RuleSeverity,
  SchemaTypeData,
} from '@kpc/ir';
import type { Backend, CompileException, CompileRuleInput, OutputFile } from './backend.ts';
import { placeFiles } from './layout.ts';
import { checkedRuleIR } from './validated-inputs.ts';

/** What {@link toCompileInputs} needs of a selected rule (`@kpc/core`'s `ResolvedRule` fits). */
export interface SelectedRule {
  readonly rule: {
    readonly id: string;
    readonly title: string;
    readonly description: string;
    readonly rationale: string;
    readonly remediation: string;
    readonly category: string;
    readonly controls: readonly ControlMapping[];
    readonly examples: {
      readonly pass: readonly RuleExample[];
      readonly fail: readonly RuleExample[];
    };
  };
  /** The effective severity (config overrides applied). */
  readonly severity: RuleSeverity;
  readonly action: RuleAction;
  readonly params: CompileRuleInput['params'];
}

/** Settings that apply to every rule of one compile. */
export interface CompileSettings {
  /** Namespaces no policy applies to (config `excludedNamespaces`). */
  readonly excludedNamespaces?: readonly string[];
  /**
   * The active exceptions (the caller drops expired ones); each rule gets those whose
   * `rules` name it.
   */
  readonly exceptions?: readonly (CompileException & { readonly rules: readonly string[] })[];
  /**
   * Where pod specs live (`podSpecLocationsOf(config.podTemplates)`). Absent, or the
   * built-in table itself: the built-in kinds, and output as before custom kinds existed.
   */
  readonly podSpecLocations?: readonly PodSpecLocation[];
  /** The structure map for static types (`@kpc/core`'s `k8sStructure()`); absent: untyped. */
  readonly schemaTypes?: SchemaTypeData;
  /** Where each rule is defined, by rule id (CompileRuleInput `source`). */
  readonly sources?: ReadonlyMap<string, string>;
}

/**
 * Pairs each selected rule with its IR (by rule id). A rule without IR is an FE_NO_RULE
 * error diagnostic and is left out; the caller decides whether to go on (kpc does not).
 */
export function toCompileInputs(
  rules: readonly SelectedRule[],
  irs: ReadonlyMap<string, RuleIR>,
  settings: CompileSettings = {},
): { readonly inputs: readonly CompileRuleInput[]; readonly diagnostics: readonly Diagnostic[] } {
  const inputs: CompileRuleInput[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const r of rules) {
    const ir = irs.get(r.rule.id);
    if (!ir) {
      diagnostics.push({
        code: 'FE_NO_RULE',
        severity: 'error',
        ruleId: r.rule.id,
        message: `rule ${r.rule.id} has no IR, so no policy can be generated for it`,
        hint: 'Lower the rule first (@kpc/frontend lowerRuleFiles, or catalogRuleIR for catalog rules).',
      });
      continue;
    }
    // Backends lower validated IR only: IR from validateRuleIR (the catalog's, the frontend's)
    // passes as it is; anything else is validated here.
    const checked = checkedRuleIR(ir);
    if (checked.ir === undefined) {
      diagnostics.push(...checked.diagnostics);
      continue;
    }
    const { id, title, description, rationale, remediation, category, controls } = r.rule;
    inputs.push({
      ir: checked.ir,
      meta: {
        id,
        title,
        description,
        rationale,
        remediation,
        severity: r.severity,
        category,
        controls,
      },
      ...(settings.sources?.has(id) ? { source: settings.sources.get(id)! } : {}),
      action: r.action,
      params: r.params,
      excludedNamespaces: settings.excludedNamespaces ?? [],
      ...exceptionsFor(id, settings.exceptions),
      ...(settings.podSpecLocations !== undefined
        ? { podSpecLocations: settings.podSpecLocations }
        : {}),
      ...(settings.schemaTypes !== undefined ? { schemaTypes: settings.schemaTypes } : {}),
      examples: r.rule.examples,
    });
  }
  return { inputs, diagnostics };
}

function exceptionsFor(
  ruleId: string,
  all: CompileSettings['exceptions'],
): { exceptions?: readonly CompileException[] } {
  const mine = (all ?? []).filter((e) => e.rules.includes(ruleId));
  if (mine.length === 0) return {};
  return {
    exceptions: mine.map((e) => ({
      id: e.id,
      ...(e.resources !== undefined ? { resources: e.resources } : {}),
      ...(e.namespaces !== undefined ? { namespaces: e.namespaces } : {}),
      ...(e.labels !== undefined ? { labels: e.labels } : {}),
      ...(e.images !== undefined ? { images: e.images } : {}),
      reason: e.reason,
      owner: e.owner,
      expires: e.expires,
      ...(e.location !== undefined ? { location: e.location } : {}),
    })),
  };
}

/** The files of one compile, and everything the backends reported. */
export interface CompileResult {
  /**
   * Every file, placed in the output layout (`kyverno/…` with its kustomization.yaml,
   * `tests/kyverno/…`; layout.ts), sorted by path.
   * Empty when any backend reported an error: a partial policy set is never returned.
   */
  readonly files: readonly OutputFile[];
  readonly diagnostics: readonly Diagnostic[];
  /** True when no diagnostic is an error. */
  readonly ok: boolean;
}

/**
 * Compiles `inputs` with each backend, in order. Fails closed: when any backend reports an
 * error, `files` is empty and `ok` false. Never throws for backend diagnostics; a backend
 * that throws is a bug and propagates.
 */
export function compile(
  inputs: readonly CompileRuleInput[],
  backends: readonly Backend[],
): CompileResult {
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const backend of backends) {
    const out = backend.compile(inputs);
    diagnostics.push(...out.diagnostics);
    files.push(...placeFiles(backend.name, out.files, backend.stages));
  }
  const ok = !diagnostics.some((d) => d.severity === 'error');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: ok ? files : [], diagnostics, ok };
}
