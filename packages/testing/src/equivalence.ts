/**
 * The equivalence harness: runs one rule through several evaluators (the native function,
 * the IR interpreter, a CEL or Rego backend, …) on random manifests and fails on the first
 * manifest where they disagree, printing the shrunk counterexample as a YAML manifest plus
 * the rule's TypeScript source (`printRuleTs`).
 *
 * A backend plugs in by providing an `Evaluator`: a function from (manifest, parameter
 * values) to the violations it reports. Evaluators may be async (a CEL or Rego engine in
 * another process). The first evaluator is the reference; every other is compared to it.
 */

import type { RuleIR } from '@kpc/ir';
import { printRuleTs } from '@kpc/ir';
import fc from 'fast-check';
import YAML from 'yaml';
import { arbManifest, arbWorkload, type Manifest } from './arb-workload.ts';

/** One reported offending element. */
export interface EquivalenceViolation {
  readonly message: string;
  readonly pointer: string;
}

/** What an evaluator reports for one manifest. */
export interface EquivalenceVerdict {
  /** Whether the rule applies to the object at all; omitted means "not reported". */
  readonly applies?: boolean;
  readonly violations: readonly EquivalenceViolation[];
}

/** Evaluates the rule under test on one manifest with the given parameter values. */
export type Evaluator = (
  object: Manifest,
  params: Readonly<Record<string, unknown>>,
) => EquivalenceVerdict | Promise<EquivalenceVerdict>;

/** Options of `checkEquivalence`. */
export interface CheckEquivalenceOptions {
  /** The rule: printed in a counterexample, and decides the default manifests. */
  readonly rule: RuleIR;
  /** Named evaluators; the first is the reference. At least two. */
  readonly evaluators: Readonly<Record<string, Evaluator>>;
  /** Runs (default: `defaultNumRuns()`). */
  readonly numRuns?: number;
  /** Manifests to try (default: workloads for podSpec rules, else any manifest kind). */
  readonly manifests?: fc.Arbitrary<Manifest>;
  /** Parameter overrides to try (default: none, i.e. the rule's defaults). */
  readonly params?: fc.Arbitrary<Readonly<Record<string, unknown>>>;
  /**
   * Compare violations in order (default). With `false`, both lists are sorted by pointer
   * and message first: for engines that report the same set in another order.
   */
  readonly ordered?: boolean;
  /** Seed for reproduction (fast-check prints it on failure). */
  readonly seed?: number;
}

/** Thrown by `checkEquivalence` when evaluators disagree. Its message is the report. */
export class EquivalenceError extends Error {
  constructor(
    message: string,
    readonly manifest: Manifest,
    readonly params: Readonly<Record<string, unknown>>,
    readonly verdicts: Readonly<Record<string, EquivalenceVerdict | { error: string }>>,
  ) {
    super(message);
    this.name = 'EquivalenceError';
  }
}

/**
 * Runs per property: `base` (default 200), or `base * 100` when `KPC_DEEP=1` (deep
 * campaigns), or exactly `KPC_NUM_RUNS` when set.
 */
export function defaultNumRuns(base = 200): number {
  const explicit = Number(process.env.KPC_NUM_RUNS);
  if (Number.isInteger(explicit) && explicit > 0) return explicit;
  return process.env.KPC_DEEP === '1' ? base * 100 : base;
}

/**
 * The seed of a property: `KPC_SEED` when set; a fresh random one in deep campaigns
 * (`KPC_DEEP=1`, each campaign explores new cases); else `fixed`, so CI is deterministic.
 */
export function defaultSeed(fixed: number): number | undefined {
  const explicit = Number(process.env.KPC_SEED);
  if (process.env.KPC_SEED !== undefined && Number.isInteger(explicit)) return explicit;
  return process.env.KPC_DEEP === '1' ? undefined : fixed;
}

/** `{ seed }` for fast-check parameters from `defaultSeed(fixed)` (empty: a random seed). */
export function seedOption(fixed: number): { seed?: number } {
  const seed = defaultSeed(fixed);
  return seed === undefined ? {} : { seed };
}

function canonical(v: EquivalenceVerdict, ordered: boolean): string {
  const violations = v.violations.map((x) => ({ pointer: x.pointer, message: x.message }));
  if (!ordered) {
    violations.sort((a, b) =>
      a.pointer === b.pointer
        ? a.message < b.message
          ? -1
          : a.message > b.message
            ? 1
            : 0
        : a.pointer < b.pointer
          ? -1
          : 1,
    );
  }
  return JSON.stringify({ applies: v.applies ?? null, violations });
}

/**
 * Compares verdicts: the same violations (pointer and message), in the same order unless
 * `ordered` is false; `applies` only when both evaluators report it. Returns the names of
 * the evaluators that disagree with the first one.
 */
export function disagreeing(
  verdicts: Readonly<Record<string, EquivalenceVerdict>>,
  ordered = true,
): string[] {
  const entries = Object.entries(verdicts);
  const [reference] = entries;
  if (!reference) return [];
  const norm = (v: EquivalenceVerdict, other: EquivalenceVerdict) =>
    canonical(
      v.applies === undefined || other.applies === undefined ? { violations: v.violations } : v,
      ordered,
    );
  return entries
    .slice(1)
    .filter(([, v]) => norm(v, reference[1]) !== norm(reference[1], v))
    .map(([name]) => name);
}

async function runAll(
  evaluators: Readonly<Record<string, Evaluator>>,
  manifest: Manifest,
  params: Readonly<Record<string, unknown>>,
): Promise<Record<string, EquivalenceVerdict | { error: string }>> {
  const out: Record<string, EquivalenceVerdict | { error: string }> = {};
  for (const [name, evaluate] of Object.entries(evaluators)) {
    try {
      // Each evaluator gets its own deep copy: none may see another's mutations.
      out[name] = await evaluate(structuredClone(manifest), params);
    } catch (error) {
      out[name] = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  return out;
}

/** Formats a counterexample: the verdicts, the manifest as YAML and the rule's source. */
export function formatCounterexample(
  rule: RuleIR,
  manifest: Manifest,
  params: Readonly<Record<string, unknown>>,
  verdicts: Readonly<Record<string, EquivalenceVerdict | { error: string }>>,
): string {
  const lines = [`evaluators disagree on rule ${rule.id}`, ''];
  for (const [name, v] of Object.entries(verdicts)) {
    lines.push(`${name}:`);
    if ('error' in v) lines.push(`  threw: ${v.error}`);
    else {
      if (v.applies !== undefined) lines.push(`  applies: ${v.applies}`);
      if (v.violations.length === 0) lines.push('  (no violations)');
      for (const x of v.violations) lines.push(`  ${x.pointer || '(root)'}: ${x.message}`);
    }
  }
  lines.push('', '--- manifest ---', YAML.stringify(manifest).trimEnd());
  if (Object.keys(params).length > 0) {
    lines.push('', '--- params ---', YAML.stringify(params).trimEnd());
  }
  lines.push('', '--- rule source ---', printRuleTs(rule).trimEnd());
  return lines.join('\n');
}

/**
 * Checks that every evaluator gives the reference evaluator's verdict on random manifests.
 * Resolves when they agree on every run; rejects with an `EquivalenceError` whose message
 * shows the shrunk counterexample (YAML manifest, parameters, rule source). An evaluator
 * that throws counts as disagreeing.
 */
export async function checkEquivalence(options: CheckEquivalenceOptions): Promise<void> {
  const names = Object.keys(options.evaluators);
  if (names.length < 2) throw new Error('checkEquivalence needs at least two evaluators');
  const ordered = options.ordered ?? true;
  const manifests =
    options.manifests ?? (options.rule.target.kind === 'podSpec' ? arbWorkload() : arbManifest());
  const params = options.params ?? fc.constant({});
  let failure: EquivalenceError | undefined;
  const property = fc.asyncProperty(manifests, params, async (manifest, p) => {
    const verdicts = await runAll(options.evaluators, manifest, p);
    const threw = Object.values(verdicts).some((v) => 'error' in v);
    const differ =
      threw || disagreeing(verdicts as Record<string, EquivalenceVerdict>, ordered).length > 0;
    if (differ) {
      // fast-check shrinks: the last failure recorded is the smallest one.
      failure = new EquivalenceError(
        formatCounterexample(options.rule, manifest, p, verdicts),
        manifest,
        p,
        verdicts,
      );
    }
    return !differ;
  });
  const details = await fc.check(property, {
    numRuns: options.numRuns ?? defaultNumRuns(),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  if (details.failed) {
    const shrunk = details.counterexample
      ? await runAll(options.evaluators, details.counterexample[0], details.counterexample[1])
      : undefined;
    if (shrunk && details.counterexample) {
      throw new EquivalenceError(
        `${formatCounterexample(options.rule, details.counterexample[0], details.counterexample[1], shrunk)}\n\n(seed ${details.seed}, path ${details.counterexample ? details.counterexamplePath : ''})`,
        details.counterexample[0],
        details.counterexample[1],
        shrunk,
      );
    }
    throw failure ?? new Error(`equivalence check failed: ${String(details.errorInstance)}`);
  }
}
