/**
 * The GitOps promise of `kpc compile`: every object reachable from each generated
 * `<target>/kustomization.yaml` is an admission object (no workload, no test kind), every
 * deployable file is reachable from it, and the tests live in `tests/<target>/`, where no
 * suite constraint shares a name with a deployed constraint. Checked on a fresh compile of
 * the whole catalog with every backend and policy kind, and on examples/policies.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { type CompileRuleInput, compile } from '@kpc/compile';
import { KUSTOMIZATION, TEST_TREE } from '@kpc/compile/internal';
import { gatekeeperBackend } from '@kpc/compile-gatekeeper';
import { kyvernoBackend } from '@kpc/compile-kyverno';
import { vapBackend } from '@kpc/compile-vap';
import { isReferential } from '@kpc/ir';
import { rules as catalogRules } from '@kpc/rules';
import { catalogRuleIR } from '@kpc/rules/ir';
import { loadAll } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';

// Rules that read other objects compile to no target yet (asserted in
// tests/ir/lookup-fail-closed.test.ts); the layout is that of every other rule.
const rules = catalogRules.filter((r) => !isReferential(r));

const root = join(import.meta.dirname, '..', '..');

/** apiVersion group → kinds that are admission objects (any kind for constraint groups). */
const ADMISSION: Readonly<Record<string, readonly string[] | '*'>> = {
  'kyverno.io': ['ClusterPolicy', 'Policy', 'PolicyException'],
  'policies.kyverno.io': ['ValidatingPolicy', 'ImageValidatingPolicy', 'PolicyException'],
  // Image verification with Ratify (docs/image-verification.md): the provider Gatekeeper
  // calls and Ratify's own configuration, deployed with the template that uses them.
  'externaldata.gatekeeper.sh': ['Provider'],
  'config.ratify.deislabs.io': ['Store', 'KeyManagementProvider', 'Verifier'],
  'templates.gatekeeper.sh': ['ConstraintTemplate'],
  'constraints.gatekeeper.sh': '*',
  'admissionregistration.k8s.io': ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
};

function isAdmission(o: { apiVersion?: unknown; kind?: unknown }): boolean {
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return false;
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0]! : '';
  const kinds = ADMISSION[group];
  return kinds === '*' || kinds?.includes(o.kind) === true;
}

interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
}

function parseDocs(text: string): Obj[] {
  return (loadAll(text) as (Obj | null)[]).filter((o): o is Obj => o !== null);
}

function docs(file: string): Obj[] {
  return parseDocs(readFileSync(file, 'utf8'));
}

/** Follows a kustomization's `resources` (files, and directories with a kustomization). */
function reachable(dir: string, files: Set<string>): Obj[] {
  const [k] = docs(join(dir, KUSTOMIZATION)) as [{ resources?: string[] }];
  const out: Obj[] = [];
  for (const r of k.resources ?? []) {
    const p = join(dir, r);
    if (statSync(p).isDirectory()) out.push(...reachable(p, files));
    else {
      files.add(p);
      out.push(...docs(p));
    }
  }
  return out;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

const key = (o: Obj) => `${o.apiVersion}/${o.kind}/${o.metadata?.name}`;

const isConstraint = (o: Obj) => o.apiVersion?.startsWith('constraints.gatekeeper.sh/') === true;

/**
 * Gatekeeper's tree is two parts, each its own kustomization, which a tool that dry-runs a
 * whole set (Flux) can sync one after the other: `templates/` has every object whose kind
 * exists before any template is processed (no Constraint), `constraints/` only Constraints,
 * and the tree's kustomization lists the two in that order.
 */
function checkGatekeeperStages(deploy: string): void {
  const [top] = docs(join(deploy, KUSTOMIZATION)) as [{ resources?: string[] }];
  expect(top.resources).toEqual(['templates', 'constraints']);
  const templates = reachable(join(deploy, 'templates'), new Set());
  const constraints = reachable(join(deploy, 'constraints'), new Set());
  expect(templates.filter(isConstraint).map(key)).toEqual([]);
  expect(templates.some((o) => o.kind === 'ConstraintTemplate')).toBe(true);
  expect(constraints.filter((o) => !isConstraint(o)).map(key)).toEqual([]);
  expect(constraints.length).toBeGreaterThan(0);
}

/** Checks one output directory written by `kpc compile` for `targets`. */
function checkLayout(out: string, targets: readonly string[]): void {
  for (const target of targets) {
    const deploy = join(out, target);
    const seen = new Set<string>();
    const objects = reachable(deploy, seen);
    expect(objects.length, target).toBeGreaterThan(0);
    if (target === 'gatekeeper') checkGatekeeperStages(deploy);
    for (const o of objects)
      expect([target, key(o), isAdmission(o)]).toEqual([target, key(o), true]);
    // Nothing in the deployable tree that the kustomization leaves out.
    const stray = walk(deploy).filter((f) => !seen.has(f) && !f.endsWith(`/${KUSTOMIZATION}`));
    expect(stray.map((f) => relative(out, f))).toEqual([]);
    // The tests are in the test tree, and none of its objects could replace a deployed one.
    const tests = walk(join(out, TEST_TREE, target));
    expect(tests.length, `${target} tests`).toBeGreaterThan(0);
    const deployed = new Set(objects.map(key));
    for (const f of tests)
      for (const o of docs(f))
        if (isAdmission(o))
          expect([relative(out, f), deployed.has(key(o))]).toEqual([relative(out, f), false]);
    // kustomize itself (kubectl kustomize) builds the tree to admission objects only.
    const kubectl = spawnSync('kubectl', ['kustomize', deploy], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (kubectl.error === undefined && kubectl.status === 0) {
      const built = parseDocs(kubectl.stdout);
      expect(built.map(key).sort()).toEqual(objects.map(key).sort());
    } else console.log(`[skip] kubectl kustomize ${target}: kubectl is not on PATH`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'kpc-layout-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('GitOps layout: deployable tree + test tree', () => {
  it('the catalog compiled with every backend and policy kind', () => {
    const inputs: CompileRuleInput[] = rules.map((rule) => {
      const { ir } = catalogRuleIR(rule.id);
      if (ir === undefined) throw new Error(`no IR for ${rule.id}`);
      const params: Record<string, string | readonly string[] | number | boolean> = {};
      for (const [n, spec] of Object.entries(rule.params ?? {})) params[n] = spec.default;
      return {
        ir,
        meta: { ...rule, severity: rule.severity },
        action: 'enforce',
        params,
        excludedNamespaces: ['kube-system'],
        examples: rule.examples,
      };
    });
    const backends = [
      kyvernoBackend({ kinds: ['ClusterPolicy', 'ValidatingPolicy'] }),
      gatekeeperBackend(),
      vapBackend(),
    ];
    const result = compile(inputs, backends);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const f of result.files) {
      mkdirSync(dirname(join(work, f.path)), { recursive: true });
      writeFileSync(join(work, f.path), f.content);
    }
    checkLayout(
      work,
      backends.map((b) => b.name),
    );
  }, 300_000);

  it('examples/policies', () => {
    checkLayout(join(root, 'examples', 'policies'), ['kyverno', 'gatekeeper', 'vap']);
  });
});
