/**
 * Referential rules (IR `lookup`) through the real Gatekeeper CLI: `gator test` loads every
 * given object into data.inventory before it reviews each of them (gator v3.12
 * pkg/gator/test), so one object set is both the inventory and the objects under review,
 * exactly the interpreter's object set in `kpc lint`. Random object sets × the sample
 * referential rules: every object's violations (messages, details.path) equal the IR
 * interpreter's. Also `gator verify` of suites that carry an inventory. Without gator on PATH
 * the tests skip with a printed reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toYamlDocuments } from '@kpc/compile/internal';
import { type AnyRule, evaluateRule } from '@kpc/core';
import { evaluateRuleIR, IR_VERSION, ir, lookupsOf, objectSet, type RuleIR } from '@kpc/ir';
import {
  arbLookupObjectSet,
  arbObjectSet,
  inputForIR,
  REFERENTIAL_SAMPLE_RULES,
} from '@kpc/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from './catalog-support.ts';
import { compileGatekeeper, constraintPath, templatePath } from './compile-gatekeeper.ts';
import { gatorTestJson, runGator, writeGatekeeperFiles } from './test-support.ts';

const probe = spawnSync('gator', ['--help'], { encoding: 'utf8' });
const GATOR = probe.error === undefined && probe.status === 0;
if (!GATOR)
  console.log(
    '[skip] gator is not on PATH: referential-rule evaluation through Gatekeeper skipped ' +
      '(see docs/backends/gatekeeper.md, "Evaluator availability").',
  );

const SETS = process.env.KPC_DEEP === '1' ? 400 : 40;
const work = GATOR ? mkdtempSync(join(tmpdir(), 'kpc-gator-lookup-')) : '';
afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

type Obj = Record<string, unknown>;

const nsPolicies = ir.lookup('networking.k8s.io/v1', 'NetworkPolicy', {
  namespace: ir.get(ir.ref('metadata'), 'namespace'),
});
/**
 * Rules whose result depends on the (namespace, name) order, which Rego reproduces by
 * sorting (Kyverno refuses them: the API server's order is not kpc's).
 */
const ORDERED_RULES: readonly RuleIR[] = [
  {
    irVersion: IR_VERSION,
    id: 'xs-first-policy',
    target: { kind: 'podSpec' },
    params: {},
    each: null,
    // The first NetworkPolicy of the namespace (in order) is named deny-*; its name in the message.
    check: ir.stringTest(
      'startsWith',
      ir.get(ir.get(ir.index(nsPolicies, ir.literal(0)), 'metadata'), 'name'),
      ir.literal('deny'),
    ),
    message: ir.concat([
      ir.literal('first policy: '),
      ir.get(ir.get(ir.index(nsPolicies, ir.literal(0)), 'metadata'), 'name'),
    ]),
  },
  {
    irVersion: IR_VERSION,
    id: 'xs-first-anywhere',
    target: { kind: 'resources', resources: [{ group: '', version: 'v1', kind: 'Pod' }] },
    params: {},
    each: null,
    // No NetworkPolicy at all; else the message names the first of the cluster (one without
    // a namespace sorts first).
    check: ir.compare(
      'eq',
      ir.index(ir.lookup('networking.k8s.io/v1', 'NetworkPolicy'), ir.literal(0)),
      ir.absent(),
    ),
    message: ir.concat([
      ir.literal('first: '),
      ir.get(
        ir.get(
          ir.index(ir.lookup('networking.k8s.io/v1', 'NetworkPolicy'), ir.literal(0)),
          'metadata',
        ),
        'name',
      ),
    ]),
  },
  {
    irVersion: IR_VERSION,
    id: 'xs-each-account',
    target: {
      kind: 'resources',
      resources: [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
    },
    params: {},
    // One violation per ServiceAccount of the whole cluster that does not disable automount,
    // named in order.
    each: ir.comprehension(
      'map',
      ir.lookup('v1', 'ServiceAccount'),
      's',
      ir.concat([
        ir.get(ir.get(ir.ref('s'), 'metadata'), 'namespace'),
        ir.literal('/'),
        ir.get(ir.get(ir.ref('s'), 'metadata'), 'name'),
      ]),
    ),
    check: ir.stringTest('startsWith', ir.ref('element'), ir.literal('kube-system/')),
    message: ir.concat([ir.literal('account '), ir.ref('element')]),
  },
];
const identity = (o: Obj) => {
  const m = (o.metadata ?? {}) as Obj;
  return `${String(o.kind)}/${String(m.namespace ?? '')}/${String(m.name ?? '')}`;
};
/** gator's violations by constraint name (the rule id) and object identity. */
function violationsByRuleAndObject(
  violations: readonly unknown[],
): Map<string, { message: string; pointer: string }[]> {
  const got = new Map<string, { message: string; pointer: string }[]>();
  for (const v of violations as {
    msg?: string;
    metadata?: { details?: { path?: string } };
    constraint?: { metadata?: { name?: string } };
    violatingObject?: Obj;
  }[]) {
    const k = `${v.constraint?.metadata?.name}\u0000${identity(v.violatingObject ?? {})}`;
    const list = got.get(k) ?? [];
    list.push({ message: v.msg ?? '', pointer: v.metadata?.details?.path ?? '' });
    got.set(k, list);
  }
  return got;
}

const key = (xs: readonly { message: string; pointer: string }[]) =>
  xs.map((x) => `${x.pointer}\u0000${x.message}`).sort();

type Reference = (
  o: Obj,
  set: ReturnType<typeof objectSet>,
) => {
  readonly applies: boolean;
  readonly violations: readonly { message: string; pointer: string }[];
};

/**
 * Runs `gator test` with the templates and constraints of `rules` (compiled under `dir`) on
 * each object set (gator loads it as inventory and reviews every object), and compares every
 * object's violations with `reference` over the same set. Asserts both verdicts occurred.
 */
async function gatorOnSets(
  dir: string,
  rules: readonly { readonly id: string; readonly reference: Reference }[],
  sets: readonly Obj[][],
): Promise<void> {
  const policyFiles = rules.flatMap((r) => [
    join(dir, 'gatekeeper', templatePath(r.id)),
    join(dir, 'gatekeeper', constraintPath(r.id)),
  ]);
  const totals = { failing: 0, passing: 0 };
  for (const [n, objects] of sets.entries()) {
    const file = join(dir, `set-${n}.yaml`);
    writeFileSync(file, toYamlDocuments('', objects));
    const got = violationsByRuleAndObject(
      await gatorTestJson([...policyFiles.flatMap((f) => ['--filename', f]), '--filename', file]),
    );
    const set = objectSet(objects);
    for (const rule of rules)
      for (const o of objects) {
        const want = rule.reference(o, set);
        if (!want.applies) continue;
        const k = `${rule.id}\u0000${identity(o)}`;
        expect([k, key(got.get(k) ?? [])]).toEqual([k, key(want.violations)]);
        if (want.violations.length > 0) totals.failing++;
        else totals.passing++;
      }
  }
  // Not vacuous: both verdicts occurred.
  expect(totals.failing).toBeGreaterThan(0);
  expect(totals.passing).toBeGreaterThan(0);
}

describe.skipIf(!GATOR)(
  'gator: referential rules read data.inventory like lint reads the set',
  () => {
    it('gator test agrees with the IR interpreter on random object sets, for every sample rule', async () => {
      const rules = [...REFERENTIAL_SAMPLE_RULES, ...ORDERED_RULES];
      const inputs = rules.map((ir) => inputForIR(ir));
      const out = compileGatekeeper(inputs);
      expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      writeGatekeeperFiles(work, out.files);
      await gatorOnSets(
        work,
        rules.map((ir) => ({
          id: ir.id,
          reference: (o, set) => evaluateRuleIR(ir, o, {}, undefined, set),
        })),
        fc.sample(arbLookupObjectSet(), { numRuns: SETS, seed: 14 }),
      );
    }, 900_000);

    it('gator verify passes the suite of a referential rule, each case with its inventory', async () => {
      const pod = (ns: string) =>
        `apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: ${ns}}\nspec:\n  containers: [{name: c, image: nginx}]\n`;
      const policy = (selector: string) =>
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: team-a}\nspec:\n  podSelector: ${selector}\n`;
      const plain = inputForIR(REFERENTIAL_SAMPLE_RULES[0]!);
      const input = {
        ...plain,
        examples: {
          // Passes only with its cluster: without the inventory gator would report it.
          pass: [{ name: 'isolated', yaml: pod('team-a'), cluster: policy('{}') }],
          fail: [
            { name: 'no-policy', yaml: pod('team-b') },
            {
              name: 'selects-some',
              yaml: pod('team-a'),
              cluster: policy('{matchLabels: {app: web}}'),
            },
          ],
        },
      };
      const out = compileGatekeeper([input]);
      expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const dir = join(work, 'verify');
      writeGatekeeperFiles(dir, out.files);
      const r = await runGator(['verify', `${dir}/tests/gatekeeper/...`]);
      expect([r.status, r.stdout + r.stderr]).toEqual([0, expect.stringContaining('ok')]);
      // The inventory is what makes the pass case pass: emptied, gator verify fails.
      const inv = out.files.find((f) => f.path.endsWith('allowed/isolated.inventory.yaml'));
      expect(inv).toBeDefined();
      writeFileSync(join(dir, 'tests/gatekeeper', inv!.path), '');
      const broken = await runGator(['verify', `${dir}/tests/gatekeeper/...`]);
      expect(broken.status).not.toBe(0);
    }, 300_000);

    it('gator test agrees with the native engine on random object sets, for the catalog referential rules', async () => {
      const loaded = await loadCatalog();
      if ('skip' in loaded) {
        console.log(`[skip] catalog referential rules: ${loaded.skip}`);
        return;
      }
      const referential = loaded.rules.filter((r) => lookupsOf(r.input.ir).length > 0);
      const compiled = referential.filter((r) =>
        compileGatekeeper([r.input]).diagnostics.every((d) => d.severity !== 'error'),
      );
      console.log(
        `[info] catalog referential rules compiled for Gatekeeper: ${compiled.map((r) => r.rule.id).join(', ')}; ` +
          `refused: ${
            referential
              .filter((r) => !compiled.includes(r))
              .map((r) => r.rule.id)
              .join(', ') || 'none'
          }`,
      );
      expect(compiled.length).toBeGreaterThan(0);
      const out = compileGatekeeper(compiled.map((r) => r.input));
      const dir = join(work, 'catalog-referential');
      writeGatekeeperFiles(dir, out.files);
      // Their suites (examples with their clusters as inventories) pass in gator verify.
      const verify = await runGator(['verify', `${dir}/tests/gatekeeper/...`]);
      expect([verify.status, verify.stdout + verify.stderr]).toEqual([
        0,
        expect.stringContaining('ok'),
      ]);
      await gatorOnSets(
        dir,
        compiled.map(({ rule }) => ({
          id: rule.id,
          reference: (o, set) => evaluateRule(rule as AnyRule, o, {}, undefined, undefined, set),
        })),
        fc.sample(arbObjectSet(), { numRuns: SETS, seed: 15 }),
      );
    }, 900_000);
  },
);
