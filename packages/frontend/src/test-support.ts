/**
 * Test support for the frontend: builds a complete rule source around a few functions so
 * that each test states only what it is about. Not exported from the package.
 */
import type { Diagnostic, RuleIR } from '@kpc/ir';
import { beforeAll, test } from 'vitest';
import { type LowerResult, lowerRuleSource, lowerRuleSources } from './lower-rule-files.ts';

export interface RuleParts {
  readonly prelude?: string;
  readonly target?: string;
  readonly params?: string;
  /** The `reads` value as source text, e.g. `['NetworkPolicy']`; omitted: none. */
  readonly reads?: string;
  /** Defaults to `({ spec }) => spec.containers` for PodSpec rules; null for none. */
  readonly each?: string | null;
  readonly check: string;
  readonly message?: string;
}

/** A full rule module; `check`, `each`, `message` are the property values as source text. */
export function ruleSource(p: RuleParts): string {
  return [
    "import { allContainers, defineRule, imageDigest, imageRegistry, imageTag } from '@kpc/core';",
    p.prelude ?? '',
    'export default defineRule({',
    "  id: 'test-rule',",
    "  title: 'Test rule',",
    "  description: 'A rule for frontend tests.',",
    "  rationale: 'Tests.',",
    "  remediation: 'None.',",
    "  severity: 'low',",
    "  category: 'Tests',",
    '  controls: [],',
    `  target: ${p.target ?? "'PodSpec'"},`,
    ...(p.reads !== undefined ? [`  reads: ${p.reads},`] : []),
    ...(p.params !== undefined ? [`  params: ${p.params},`] : []),
    ...(eachOf(p) !== null ? [`  each: ${eachOf(p)},`] : []),
    `  check: ${p.check},`,
    `  message: ${p.message ?? "() => 'bad'"},`,
    '  examples: { pass: [], fail: [] },',
    '});',
    '',
  ].join('\n');
}

function eachOf(p: RuleParts): string | null {
  if (p.each !== undefined) return p.each;
  return p.target === undefined ? '({ spec }) => spec.containers' : null;
}

function onlyRule(r: LowerResult): RuleIR {
  if (r.diagnostics.length > 0 || r.rules.length !== 1)
    throw new Error(`expected one lowered rule, got diagnostics:\n${format(r.diagnostics)}`);
  return r.rules[0]!.ir;
}

/** Lowers a one-rule source and returns its IR, failing with the diagnostics otherwise. */
export function lowerOne(p: RuleParts): RuleIR {
  return onlyRule(lowerRuleSource(ruleSource(p)));
}

/** Lowers a one-rule source that must be rejected, and returns the diagnostics. */
export function rejectOne(p: RuleParts): { diagnostics: Diagnostic[]; source: string } {
  return rejectAll([p])[0]!;
}

/**
 * {@link rejectOne} of a table of cases, type-checked in one TypeScript program (a program
 * per case costs about a second; a table shares one). Results in table order.
 */
export function rejectAll(
  parts: readonly RuleParts[],
): { diagnostics: Diagnostic[]; source: string }[] {
  const sources = parts.map(ruleSource);
  return lowerRuleSources(sources.map((source) => ({ source }))).map((r, i) => ({
    diagnostics: r.diagnostics,
    source: sources[i]!,
  }));
}

/** {@link lowerOne} of a table of cases, in one TypeScript program. */
export function lowerAll(parts: readonly RuleParts[]): RuleIR[] {
  return lowerRuleSources(parts.map((p) => ({ source: ruleSource(p) }))).map(onlyRule);
}

/** Thrown by a lowering in a collecting pass: the body stops there. */
const COLLECTING = Symbol('collecting');

/**
 * A test file's lowerings in as few TypeScript programs as possible, without changing how its
 * tests read (a program and checker per case cost about a second; a table shares one). The
 * returned `test` registers each test as vitest's does and remembers its body. Before the first
 * test runs, every body is run in a collecting pass, in which `lowerOne`/`rejectOne` record the
 * source they need and stop the body; all recorded sources are lowered together, each as if
 * alone (`lowerRuleSources`). Passes repeat until no body needs a new source (a body that
 * lowers twice needs two). Then the tests run for real, against the remembered results; a
 * source no pass saw is lowered on its own.
 */
export function batchedLowering(): {
  test: (name: string, body: () => void, timeout?: number) => void;
  lowerOne: (p: RuleParts) => RuleIR;
  rejectOne: (p: RuleParts) => { diagnostics: Diagnostic[]; source: string };
} {
  const bodies: (() => void)[] = [];
  const results = new Map<string, LowerResult>();
  let pending: string[] | undefined;
  const lower = (source: string): LowerResult => {
    const known = results.get(source);
    if (known !== undefined) return known;
    if (pending !== undefined) {
      pending.push(source);
      throw COLLECTING;
    }
    const alone = lowerRuleSource(source);
    results.set(source, alone);
    return alone;
  };
  beforeAll(() => {
    for (;;) {
      const needed: string[] = [];
      pending = needed;
      for (const body of bodies) {
        try {
          body();
        } catch {
          // COLLECTING, or an assertion on a result not known yet: the real run reports it.
        }
      }
      pending = undefined;
      const sources = [...new Set(needed)];
      if (sources.length === 0) return;
      const lowered = lowerRuleSources(sources.map((source) => ({ source })));
      for (const [i, source] of sources.entries()) results.set(source, lowered[i]!);
    }
  }, 600_000);
  return {
    test: (name, body, timeout) => {
      bodies.push(body);
      test(name, body, timeout);
    },
    lowerOne: (p) => onlyRule(lower(ruleSource(p))),
    rejectOne: (p) => {
      const source = ruleSource(p);
      return { diagnostics: lower(source).diagnostics, source };
    },
  };
}

/** `f` computed on first use and remembered: a table's batch, shared by its tests. */
export function once<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value;
  };
}

/** The 1-based line and column of the `occurrence`-th match of `needle` in `source`. */
export function positionOf(
  source: string,
  needle: string,
  occurrence = 1,
): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = source.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found in source`);
  }
  const before = source.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

export function format(ds: readonly Diagnostic[]): string {
  return ds
    .map(
      (d) => `${d.code} ${d.location?.line}:${d.location?.column} ${d.message} (${d.hint ?? ''})`,
    )
    .join('\n');
}
