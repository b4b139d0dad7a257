/**
 * The real check: generated templates run through Gatekeeper's own CLI, `gator`
 * (open-policy-agent/gatekeeper), when a `gator` binary is on PATH. Without it these tests
 * skip with a printed reason (no JavaScript Rego evaluator exists to stand in; see
 * docs/backends/gatekeeper.md). Build gator from the upstream source on your own machine
 * and put it on PATH to run them; never commit it.
 *
 * - `gator verify` on every generated suite (the catalog's examples, DELETE reviews);
 * - `gator test -o json` on random workloads, compared per object with the native engine
 *   (`evaluateRule`) for catalog rules and the IR interpreter for random rules: the same
 *   objects fail, with the same messages and the same offending elements (details.path).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CompileRuleInput, OutputFile } from '@kpc/compile';
import {
  type AnyRule,
  containerAt,
  evaluateRule,
  exceptionFor,
  type ResolvedException,
  subjectOf,
} from '@kpc/core';
import type { RuleIR } from '@kpc/ir';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadCatalog } from './catalog-support.ts';
import { compileGatekeeper } from './compile-gatekeeper.ts';
import { inputFor } from './test-support.ts';

const probe = spawnSync('gator', ['--help'], { encoding: 'utf8' });
const GATOR = probe.error === undefined && probe.status === 0;
if (!GATOR)
  console.log(
    '[skip] gator is not on PATH (and no Go toolchain here can build it): Gatekeeper evaluation tests skipped. ' +
      'Build gator from open-policy-agent/gatekeeper (cmd/gator) and put it on PATH to run them.',
  );

const RUNS = process.env.KPC_DEEP === '1' ? 2000 : 60;
const work = GATOR ? mkdtempSync(join(tmpdir(), 'kpc-gator-')) : '';
afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

function writeFiles(root: string, files: readonly OutputFile[]): void {
  for (const f of files) {
    const p = join(root, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
}

interface Found {
  readonly message: string;
  readonly pointer: string;
}

/** Runs `gator test -o json` on `objects` and returns the violations per object name. */
function gatorTest(
  dir: string,
  ruleId: string,
  objects: readonly Record<string, unknown>[],
): Map<string, Found[]> {
  const manifests = join(dir, 'objects.yaml');
  writeFileSync(manifests, objects.map((o) => stringify(o)).join('---\n'));
  const r = spawnSync(
    'gator',
    [
      'test',
      '--filename',
      join(dir, ruleId, 'template.yaml'),
      '--filename',
      join(dir, ruleId, 'constraint.yaml'),
      '--filename',
      manifests,
      '--output',
      'json',
    ],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  // gator exits 1 when there are violations; anything else is an error.
  if (r.status !== 0 && r.status !== 1) throw new Error(`gator test failed: ${r.stderr}`);
  // `gator test -o json` prints `null` when nothing violates.
  const results = ((r.stdout.trim() === '' ? null : JSON.parse(r.stdout)) ?? []) as {
    msg?: string;
    metadata?: { details?: { path?: string } };
    details?: { path?: string };
    violatingObject?: { metadata?: { name?: string } };
  }[];
  const out = new Map<string, Found[]>();
  for (const v of results) {
    const name = v.violatingObject?.metadata?.name ?? '?';
    const list = out.get(name) ?? [];
    list.push({ message: v.msg ?? '', pointer: (v.metadata?.details ?? v.details)?.path ?? '' });
    out.set(name, list);
  }
  return out;
}

const sorted = (xs: readonly Found[]) =>
  [...xs].map((x) => `${x.pointer}\u0000${x.message}`).sort();

/** Compares gator with `reference` on `objects` (each renamed to a unique name). */
function compareOnObjects(
  dir: string,
  input: CompileRuleInput,
  objects: readonly Record<string, unknown>[],
  reference: (o: Record<string, unknown>) => readonly Found[],
): void {
  const named = objects.map((o, i) => ({
    ...o,
    metadata: { ...((o.metadata as object | undefined) ?? {}), name: `kpc-obj-${i}` },
  }));
  const got = gatorTest(dir, input.ir.id, named);
  for (const o of named) {
    const name = (o.metadata as { name: string }).name;
    const want = reference(o);
    expect([input.ir.id, name, sorted(got.get(name) ?? [])]).toEqual([
      input.ir.id,
      name,
      sorted(want),
    ]);
  }
}

describe.skipIf(!GATOR)('gator (real Gatekeeper evaluation)', () => {
  it('gator verify passes every generated suite of the catalog', async () => {
    const loaded = await loadCatalog();
    if ('skip' in loaded) {
      console.log(`[skip] gator verify on the catalog: ${loaded.skip}`);
      return;
    }
    const out = compileGatekeeper(loaded.rules.map((r) => r.input));
    const dir = join(work, 'catalog');
    writeFiles(dir, out.files);
    for (const { rule } of loaded.rules) {
      if (!out.files.some((f) => f.path === `${rule.id}/suite.yaml`)) continue;
      const r = spawnSync('gator', ['verify', join(dir, rule.id)], { encoding: 'utf8' });
      expect([rule.id, r.status, r.stdout + r.stderr]).toEqual([rule.id, 0, expect.any(String)]);
    }
  });

  it('gator test agrees with the native engine on random workloads, for every catalog rule', async () => {
    const loaded = await loadCatalog();
    const testing = (await import('@kpc/testing' as string).catch(() => undefined)) as
      | {
          arbWorkload?: () => fc.Arbitrary<Record<string, unknown>>;
          arbManifest?: () => fc.Arbitrary<Record<string, unknown>>;
        }
      | undefined;
    if (
      'skip' in loaded ||
      testing?.arbWorkload === undefined ||
      testing.arbManifest === undefined
    ) {
      console.log('[skip] random-workload comparison: catalog or @kpc/core/testing not available');
      return;
    }
    const dir = join(work, 'random');
    for (const { rule, input } of loaded.rules) {
      const out = compileGatekeeper([input]);
      writeFiles(dir, out.files);
      const arb =
        input.ir.target.kind === 'podSpec' ? testing.arbWorkload() : testing.arbManifest();
      const objects = fc.sample(arb, { numRuns: RUNS, seed: 42 });
      compareOnObjects(dir, input, objects, (o) => evaluateRule(rule as AnyRule, o).violations);
    }
  });

  it('gator test agrees with the IR interpreter on random rules and workloads', async () => {
    const testing = (await import('@kpc/testing' as string).catch(() => undefined)) as
      | {
          arbRuleIR?: () => fc.Arbitrary<RuleIR>;
          arbWorkload?: () => fc.Arbitrary<Record<string, unknown>>;
          irEvaluator?: (
            ir: RuleIR,
          ) => (o: unknown, p: Record<string, unknown>) => { violations: readonly Found[] };
        }
      | undefined;
    if (
      testing?.arbRuleIR === undefined ||
      testing.arbWorkload === undefined ||
      testing.irEvaluator === undefined
    ) {
      console.log(
        '[skip] random-rule comparison: @kpc/core/testing (arbRuleIR, irEvaluator) not available',
      );
      return;
    }
    const dir = join(work, 'random-rules');
    const rules = fc.sample(testing.arbRuleIR(), {
      numRuns: process.env.KPC_DEEP === '1' ? 500 : 20,
      seed: 7,
    });
    for (const [i, ir] of rules.entries()) {
      const rule = { ...ir, id: `random-${i}` };
      const input = inputFor(rule);
      const out = compileGatekeeper([input]);
      if (out.diagnostics.length > 0) continue; // refused up front: nothing emitted
      writeFiles(dir, out.files);
      const evaluate = testing.irEvaluator(rule);
      const objects = fc.sample(testing.arbWorkload(), { numRuns: 30, seed: i });
      compareOnObjects(dir, input, objects, (o) => evaluate(o, {}).violations);
    }
  });

  it('namespace exceptions compiled to match.excludedNamespaces exempt what lint exempts', async () => {
    const loaded = await loadCatalog();
    const testing = (await import('@kpc/testing' as string).catch(() => undefined)) as
      | { arbWorkload?: () => fc.Arbitrary<Record<string, unknown>> }
      | undefined;
    if ('skip' in loaded || testing?.arbWorkload === undefined) {
      console.log('[skip] exception comparison: catalog or @kpc/testing not available');
      return;
    }
    const dir = join(work, 'exceptions');
    let exempted = 0;
    const globs = fc.array(fc.constantFrom('default', 'team-*', '*-a', '*ea*', 'prod', 'kube-*'), {
      minLength: 1,
      maxLength: 2,
    });
    for (const [i, { rule, input }] of loaded.rules
      .filter((r) => r.input.ir.target.kind === 'podSpec')
      .entries()) {
      const namespaces = fc.sample(globs, { numRuns: 1, seed: i })[0]!;
      const exc = { id: 'ns', namespaces, reason: 'r', owner: 'o', expires: 'never' };
      const withExc = { ...input, exceptions: [exc] };
      const out = compileGatekeeper([withExc]);
      expect(out.diagnostics.filter((d) => d.code === 'EXC_NOT_COMPILED')).toEqual([]);
      writeFiles(dir, out.files);
      const resolved: ResolvedException[] = [
        { ...exc, rules: [rule.id], location: { file: 'x', line: 1, column: 1 } },
      ];
      const objects = fc.sample(testing.arbWorkload(), { numRuns: 30, seed: 100 + i });
      compareOnObjects(dir, withExc, objects, (o) => {
        const all = evaluateRule(rule as AnyRule, o).violations;
        const kept = all.filter(
          (v) =>
            exceptionFor(resolved, 0, rule.id, subjectOf(o), containerAt(o, v.pointer))
              .exception === undefined,
        );
        exempted += all.length - kept.length;
        return kept;
      });
    }
    // The comparison must have seen exempted findings, not only objects outside the globs.
    expect(exempted).toBeGreaterThan(0);
  });
});
