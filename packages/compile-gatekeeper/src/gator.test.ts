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
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompileException, CompileRuleInput } from '@kpc/compile';
import { toYamlDocuments } from '@kpc/compile/internal';
import {
  type AnyRule,
  containerAt,
  evaluateRule,
  exceptionFor,
  k8sStructure,
  type ResolvedException,
  subjectOf,
} from '@kpc/core';
import { lookupsOf, type PodSpecLocation, type RuleIR } from '@kpc/ir';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from './catalog-support.ts';
import {
  compileGatekeeper,
  constraintPath,
  GATEKEEPER,
  templatePath,
} from './compile-gatekeeper.ts';
import {
  gatorTestJson,
  inputFor,
  runGator,
  writeGatekeeperFiles as writeFiles,
} from './test-support.ts';

const probe = spawnSync('gator', ['--help'], { encoding: 'utf8' });
const GATOR = probe.error === undefined && probe.status === 0;
if (!GATOR)
  console.log(
    '[skip] gator is not on PATH: Gatekeeper evaluation tests skipped. Build gator from ' +
      'open-policy-agent/gatekeeper (tag v3.12.0 vendors its Go dependencies: `go build -mod=vendor ./cmd/gator`) ' +
      'and put it on PATH to run them.',
  );

const RUNS = process.env.KPC_DEEP === '1' ? 2000 : 60;
const work = GATOR ? mkdtempSync(join(tmpdir(), 'kpc-gator-')) : '';
afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

interface Found {
  readonly message: string;
  readonly pointer: string;
}

/** Runs `gator test -o json` on `objects` and returns the violations per object name. */
async function gatorTest(
  dir: string,
  ruleId: string,
  objects: readonly Record<string, unknown>[],
): Promise<Map<string, Found[]>> {
  const manifests = join(dir, 'objects.yaml');
  // Written as kpc writes every file: gator reads YAML as go-yaml does (`yes` is a boolean).
  writeFileSync(manifests, toYamlDocuments('', objects));
  const results = (await gatorTestJson([
    '--filename',
    join(dir, GATEKEEPER, templatePath(ruleId)),
    '--filename',
    join(dir, GATEKEEPER, constraintPath(ruleId)),
    '--filename',
    manifests,
  ])) as {
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
async function compareOnObjects(
  dir: string,
  input: CompileRuleInput,
  objects: readonly Record<string, unknown>[],
  reference: (o: Record<string, unknown>) => readonly Found[],
): Promise<{ failing: number; passing: number }> {
  const named = objects.map((o, i) => ({
    ...o,
    metadata: { ...((o.metadata as object | undefined) ?? {}), name: `kpc-obj-${i}` },
  }));
  const got = await gatorTest(dir, input.ir.id, named);
  let failing = 0;
  for (const o of named) {
    const name = (o.metadata as { name: string }).name;
    const want = reference(o);
    expect([input.ir.id, name, sorted(got.get(name) ?? [])]).toEqual([
      input.ir.id,
      name,
      sorted(want),
    ]);
    if (want.length > 0) failing++;
  }
  return { failing, passing: named.length - failing };
}

/**
 * The catalog rules judged one object at a time: a referential rule needs the whole object
 * set (the native engine without one errs), so those are compared in gator-lookup.test.ts.
 */
function perObject<T extends { readonly input: CompileRuleInput }>(rules: readonly T[]): T[] {
  return rules.filter((r) => lookupsOf(r.input.ir).length === 0);
}

/** Both verdicts occurred: the comparison was not vacuous. */
function expectBothVerdicts(totals: { failing: number; passing: number }): void {
  expect(totals.failing).toBeGreaterThan(0);
  expect(totals.passing).toBeGreaterThan(0);
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
    const suites = loaded.rules
      .map(({ rule }) => rule.id)
      .filter((id) => out.files.some((f) => f.path === `${id}/suite.yaml`));
    expect(suites.length).toBeGreaterThan(0);
    // One gator process walks the whole tree (`dir/...`) and prints one line per suite.
    const r = await runGator(['verify', `${dir}/tests/${GATEKEEPER}/...`]);
    const text = r.stdout + r.stderr;
    expect([r.status, text]).toEqual([0, expect.stringContaining('PASS')]);
    for (const id of suites)
      expect([id, text]).toEqual([
        id,
        expect.stringMatching(new RegExp(`ok\\s+\\S*/${id}/suite\\.yaml`)),
      ]);
  }, 600_000);

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
    const totals = { failing: 0, passing: 0 };
    for (const { rule, input } of perObject(loaded.rules)) {
      const out = compileGatekeeper([input]);
      writeFiles(dir, out.files);
      const arb =
        input.ir.target.kind === 'podSpec' ? testing.arbWorkload() : testing.arbManifest();
      const objects = fc.sample(arb, { numRuns: RUNS, seed: 42 });
      const t = await compareOnObjects(
        dir,
        input,
        objects,
        (o) => evaluateRule(rule as AnyRule, o).violations,
      );
      totals.failing += t.failing;
      totals.passing += t.passing;
    }
    expectBothVerdicts(totals);
  }, 900_000);

  it('gator test agrees with the native engine for the versioned PSS rules at several PSS versions', async () => {
    const loaded = await loadCatalog();
    const testing = (await import('@kpc/testing' as string).catch(() => undefined)) as
      | {
          arbWorkload?: () => fc.Arbitrary<Record<string, unknown>>;
          VERSIONED_PSS_RULES?: readonly string[];
        }
      | undefined;
    if (
      'skip' in loaded ||
      testing?.arbWorkload === undefined ||
      testing.VERSIONED_PSS_RULES === undefined
    ) {
      console.log('[skip] PSS versions: catalog or @kpc/testing not available');
      return;
    }
    const dir = join(work, 'pss-versions');
    const totals = { failing: 0, passing: 0 };
    // Each side of every change (v1.25 Windows exemptions, v1.27/29/32/37 sysctls, v1.31
    // SELinux type, v1.34 host probes, v1.35 user namespaces).
    const minors = [23, 24, 25, 30, 31, 33, 34, 35, 37];
    for (const { rule, input } of perObject(loaded.rules)) {
      if (!testing.VERSIONED_PSS_RULES.includes(rule.id)) continue;
      for (const minor of minors) {
        const params = { ...input.params, pssMinorVersion: minor };
        const out = compileGatekeeper([{ ...input, params }]);
        writeFiles(dir, out.files);
        const objects = fc.sample(testing.arbWorkload(), { numRuns: 15, seed: minor });
        const t = await compareOnObjects(
          dir,
          { ...input, params },
          objects,
          (o) => evaluateRule(rule as AnyRule, o, { pssMinorVersion: minor }).violations,
        );
        totals.failing += t.failing;
        totals.passing += t.passing;
      }
    }
    expectBothVerdicts(totals);
  }, 900_000);

  it('gator test agrees with the native engine on custom pod template kinds (config podTemplates)', async () => {
    const loaded = await loadCatalog();
    const testing = (await import('@kpc/testing' as string).catch(() => undefined)) as
      | {
          arbPodTemplateWorkload?: () => fc.Arbitrary<Record<string, unknown>>;
          TEST_POD_SPEC_LOCATIONS?: readonly PodSpecLocation[];
        }
      | undefined;
    const locations = testing?.TEST_POD_SPEC_LOCATIONS;
    if ('skip' in loaded || testing?.arbPodTemplateWorkload === undefined || !locations) {
      console.log('[skip] pod template comparison: catalog or @kpc/testing not available');
      return;
    }
    const dir = join(work, 'pod-templates');
    const totals = { failing: 0, passing: 0 };
    let customFailing = 0;
    for (const { rule, input: plain } of perObject(loaded.rules)) {
      if (plain.ir.target.kind !== 'podSpec') continue;
      const input = { ...plain, podSpecLocations: locations };
      const out = compileGatekeeper([input]);
      expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      writeFiles(dir, out.files);
      const objects = fc.sample(testing.arbPodTemplateWorkload(), { numRuns: RUNS, seed: 11 });
      const reference = (o: Record<string, unknown>) =>
        evaluateRule(rule as AnyRule, o, {}, undefined, locations).violations;
      const t = await compareOnObjects(dir, input, objects, reference);
      customFailing += objects.filter(
        (o) => ['Rollout', 'Pipeline', 'Mouse'].includes(String(o.kind)) && reference(o).length > 0,
      ).length;
      totals.failing += t.failing;
      totals.passing += t.passing;
    }
    expectBothVerdicts(totals);
    expect(customFailing).toBeGreaterThan(0);
  }, 900_000);

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
    const totals = { failing: 0, passing: 0 };
    for (const [i, ir] of rules.entries()) {
      const rule = { ...ir, id: `random-${i}` };
      // With the schema types, as kpc compile lowers: typed paths drop their guards.
      const input = inputFor(rule, { schemaTypes: k8sStructure() });
      const out = compileGatekeeper([input]);
      if (out.diagnostics.length > 0) continue; // refused up front: nothing emitted
      writeFiles(dir, out.files);
      const evaluate = testing.irEvaluator(rule);
      const objects = fc.sample(testing.arbWorkload(), { numRuns: 30, seed: i });
      const t = await compareOnObjects(dir, input, objects, (o) => evaluate(o, {}).violations);
      totals.failing += t.failing;
      totals.passing += t.passing;
    }
    expectBothVerdicts(totals);
  }, 900_000);

  it('message parts print as JavaScript String() does: kpc_str and kpc_scalar_str', async () => {
    const testing = (await import('@kpc/testing' as string).catch(() => undefined)) as
      | {
          irEvaluator?: (
            ir: RuleIR,
          ) => (o: unknown, p: Record<string, unknown>) => { violations: readonly Found[] };
        }
      | undefined;
    if (testing?.irEvaluator === undefined) {
      console.log('[skip] message printing: @kpc/testing irEvaluator not available');
      return;
    }
    const { ir, IR_VERSION } = await import('@kpc/ir');
    const el = ir.ref('element');
    // `v` is no schema field (kpc_str), runAsUser a schema number (kpc_scalar_str).
    const rule: RuleIR = {
      irVersion: IR_VERSION,
      id: 'test-message-parts',
      target: { kind: 'podSpec' },
      params: {},
      each: ir.call('allContainers', [ir.ref('spec')]),
      check: ir.literal(false),
      message: ir.concat([
        ir.literal('v='),
        ir.get(el, 'v'),
        ir.literal(' u='),
        ir.get(ir.get(el, 'securityContext'), 'runAsUser'),
      ]),
    };
    const input = inputFor(rule, { schemaTypes: k8sStructure() });
    const out = compileGatekeeper([input]);
    expect(out.diagnostics).toEqual([]);
    const rego = out.files.find((f) => f.path.endsWith('template.yaml'))!.content;
    expect(rego).toContain('kpc_str(kpc_get(el, "v"))');
    expect(rego).toContain('kpc_scalar_str(kpc_get(el, ["securityContext", "runAsUser"]))');
    const dir = join(work, 'message-parts');
    writeFiles(dir, out.files);
    // Integers below 1e21 (above, JavaScript writes an exponent: a documented difference).
    const number = fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e20, max: 1e20 }),
      fc.constantFrom(0.5, -0.25, 1e-7, 1.5e-7, 0.000001, 123456789.5, 5e-324),
    );
    const leaf = fc.oneof(number, fc.boolean(), fc.string({ maxLength: 3 }), fc.constant(null));
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('a', 'b'), tie('value'), { maxKeys: 2 }),
      ),
    }));
    const pods = fc
      .sample(
        fc.array(fc.tuple(value, fc.option(number, { nil: undefined })), {
          minLength: 1,
          maxLength: 6,
        }),
        {
          numRuns: 40,
          seed: 11,
        },
      )
      .map((cs) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {},
        spec: {
          containers: cs.map(([v, u], i) => ({
            name: `c${i}`,
            v,
            ...(u === undefined ? {} : { securityContext: { runAsUser: u } }),
          })),
        },
      }));
    const evaluate = testing.irEvaluator(rule);
    const t = await compareOnObjects(dir, input, pods, (o) => evaluate(o, {}).violations);
    expect(t.failing).toBe(pods.length);
  }, 300_000);

  it('allowed-images agrees with the native engine on random references and patterns', async () => {
    const loaded = await loadCatalog();
    const testing = (await import('@kpc/testing' as string).catch(() => undefined)) as
      | {
          arbImageCase?: (
            normalise: (image: string) => string | undefined,
          ) => fc.Arbitrary<{ image: string; patterns: string[] }>;
        }
      | undefined;
    const entry =
      'skip' in loaded ? undefined : loaded.rules.find((r) => r.rule.id === 'allowed-images');
    if (entry === undefined || testing?.arbImageCase === undefined) {
      console.log('[skip] allowed-images comparison: catalog or @kpc/testing not available');
      return;
    }
    const { imageReference } = await import('@kpc/ir');
    const dir = join(work, 'allowed-images');
    const totals = { failing: 0, passing: 0 };
    const batches = process.env.KPC_DEEP === '1' ? 40 : 4;
    for (let b = 0; b < batches; b++) {
      // One constraint per batch: its patterns come from the batch's own images (so that
      // they match often) and from random references; pods carry one or two images.
      const cases = fc.sample(testing.arbImageCase(imageReference), { numRuns: 90, seed: 300 + b });
      const images = [...new Set(cases.slice(0, 45).flatMap((c) => c.patterns))].slice(0, 40);
      const input = { ...entry.input, params: { images } };
      writeFiles(dir, compileGatekeeper([input]).files);
      const pods = Array.from({ length: 60 }, (_, i) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p${i}` },
        spec: {
          containers: cases
            .slice(i < 30 ? i : 2 * i - 30, i < 30 ? i + 1 : 2 * i - 28)
            .map((c, j) => ({ name: `c${j}`, image: c.image })),
        },
      }));
      const t = await compareOnObjects(
        dir,
        input,
        pods,
        (o) => evaluateRule(entry.rule as AnyRule, o, { images }).violations,
      );
      totals.failing += t.failing;
      totals.passing += t.passing;
    }
    expectBothVerdicts(totals);
  }, 600_000);

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
    for (const [i, { rule, input }] of perObject(loaded.rules)
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
      await compareOnObjects(dir, withExc, objects, (o) => {
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
    // One gator run per pod-spec rule of the catalog (45 rules): minutes on a loaded machine.
  }, 600_000);

  it('random exceptions (resources, globs, labels, images) exempt in gator what lint exempts', async () => {
    const loaded = await loadCatalog();
    const testing = (await import('@kpc/testing' as string).catch(() => undefined)) as
      | {
          arbWorkload?: () => fc.Arbitrary<Record<string, unknown>>;
          arbManifest?: () => fc.Arbitrary<Record<string, unknown>>;
          arbRuleIR?: () => fc.Arbitrary<RuleIR>;
          arbExceptions?: () => fc.Arbitrary<CompileException[]>;
          irEvaluator?: (
            ir: RuleIR,
          ) => (o: unknown, p: Record<string, unknown>) => { violations: readonly Found[] };
        }
      | undefined;
    if (
      'skip' in loaded ||
      testing?.arbWorkload === undefined ||
      testing.arbManifest === undefined ||
      testing.arbRuleIR === undefined ||
      testing.arbExceptions === undefined ||
      testing.irEvaluator === undefined
    ) {
      console.log('[skip] random exception comparison: catalog or @kpc/testing not available');
      return;
    }
    const { arbWorkload, arbManifest, arbExceptions, irEvaluator } = testing;
    const dir = join(work, 'random-exceptions');
    let exempted = 0;
    /** Compiles `input` with random exceptions and compares gator with lint on random objects. */
    const check = async (
      input: CompileRuleInput,
      violations: (o: Record<string, unknown>) => readonly Found[],
      seed: number,
    ) => {
      for (const [k, exceptions] of fc.sample(arbExceptions(), { numRuns: 2, seed }).entries()) {
        const withExc = { ...input, exceptions };
        const out = compileGatekeeper([withExc]);
        // Every `each` shape of the catalog and of arbRuleIR is placed: nothing is refused.
        expect(out.diagnostics.filter((d) => d.code === 'EXC_NOT_COMPILED')).toEqual([]);
        writeFiles(dir, out.files);
        const resolved: ResolvedException[] = exceptions.map((e) => ({
          ...e,
          rules: [input.ir.id],
          location: { file: 'x', line: 1, column: 1 },
        }));
        const arb = input.ir.target.kind === 'podSpec' ? arbWorkload() : arbManifest();
        const objects = fc.sample(arb, { numRuns: 30, seed: seed * 7 + k });
        await compareOnObjects(dir, withExc, objects, (o) => {
          const all = violations(o);
          const kept = all.filter(
            (v) =>
              exceptionFor(resolved, 0, input.ir.id, subjectOf(o), containerAt(o, v.pointer))
                .exception === undefined,
          );
          exempted += all.length - kept.length;
          return kept;
        });
      }
    };
    for (const [i, { rule, input }] of perObject(loaded.rules).entries()) {
      await check(input, (o) => evaluateRule(rule as AnyRule, o).violations, 300 + i);
    }
    const rules = fc.sample(testing.arbRuleIR(), { numRuns: 12, seed: 11 });
    for (const [i, ir] of rules.entries()) {
      const rule = { ...ir, id: `random-exc-${i}` };
      const input = inputFor(rule);
      if (compileGatekeeper([input]).diagnostics.length > 0) continue;
      const evaluate = irEvaluator(rule);
      await check(input, (o) => evaluate(o, {}).violations, 600 + i);
    }
    // The comparison must have seen exempted findings, not only objects the exceptions miss.
    expect(exempted).toBeGreaterThan(20);
  }, 900_000);
});
