/**
 * Pod templates in custom resources end to end (config `podTemplates`): `kpc lint` runs every
 * PodSpec rule on an Argo Rollout and a declared custom kind, at their own paths, checks the
 * Rollout's pod template without its CRD; `kpc compile` covers the kinds in every backend,
 * and the policies validate against the engines' CRD schemas; bad declarations are located
 * config errors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crdValidator, sharedSchemaDir } from '@kpc/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { runKpcInProcess } from './test-support.ts';

const project = join(import.meta.dirname, 'fixtures', 'pod-templates');
const out = mkdtempSync(join(tmpdir(), 'kpc-pod-templates-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('podTemplates', { timeout: 240_000 }, () => {
  it('kpc lint checks a Rollout and a declared kind like any workload', async () => {
    const r = await runKpcInProcess(['lint', '-f', 'json'], project);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.out) as {
      findings: {
        ruleId: string;
        code?: string;
        pointer: string;
        resource: { kind: string; name?: string };
        location: { line: number };
      }[];
      diagnostics: { code: string; message: string }[];
    };
    const seen = report.findings.map(
      (f) =>
        `${f.resource.kind}/${f.resource.name} ${f.ruleId} ${f.code ?? ''} ${f.pointer} :${f.location.line}`,
    );
    expect(seen).toEqual([
      'Rollout/web pss-privileged  /spec/template/spec/containers/0 :17',
      'Rollout/api pss-host-namespaces  /spec/template/spec :29',
      'Rollout/api schema SCHEMA_UNKNOWN_FIELD /spec/template/spec/containers/0/securityContext/privilaged :35',
      'Runner/batch pss-host-namespaces  /spec/pod :44',
    ]);
    // The Rollout has no CRD in crds: its pod template was checked; the Runner has one.
    const notes = report.diagnostics.filter((d) => d.code === 'SCHEMA_UNCHECKED_KIND');
    expect(notes.map((d) => d.message)).toEqual([
      expect.stringContaining(
        'Rollout (argoproj.io/v1alpha1) has no known schema; only its pod template (spec.template)',
      ),
      expect.stringContaining(
        'Rollout (argoproj.io/v1alpha1) has no known schema; only its pod template (spec.template)',
      ),
    ]);
  });

  it('without the declaration the same Rollout is not checked by any PodSpec rule', async () => {
    const r = await runKpcInProcess(
      ['lint', '--no-config', '--profile', 'pss-baseline', '-f', 'json', 'manifests'],
      project,
    );
    const report = JSON.parse(r.out) as { findings: { ruleId: string }[] };
    expect(report.findings.filter((f) => f.ruleId !== 'schema')).toEqual([]);
  });

  it('kpc compile covers the kinds in every backend, and the policies validate against the CRDs', async () => {
    const r = await runKpcInProcess(['compile', '--target', 'all', '--out', out], project);
    expect([r.status, r.err]).toEqual([0, expect.any(String)]);
    const read = (f: string) => parse(readFileSync(join(out, f), 'utf8'));
    const cp = read('kyverno/pss-privileged/validatingpolicy.yaml');
    expect(cp.spec.matchConstraints.resourceRules).toEqual(
      expect.arrayContaining([
        {
          apiGroups: ['argoproj.io'],
          apiVersions: ['*'],
          operations: ['CREATE', 'UPDATE'],
          resources: ['rollouts'],
        },
        {
          apiGroups: ['ops.example.io'],
          apiVersions: ['v1'],
          operations: ['CREATE', 'UPDATE'],
          resources: ['runners'],
        },
      ]),
    );
    const constraint = read('gatekeeper/constraints/pss-privileged/constraint.yaml');
    expect(constraint.spec.match.kinds).toEqual(
      expect.arrayContaining([
        { apiGroups: ['argoproj.io'], kinds: ['Rollout'] },
        { apiGroups: ['ops.example.io'], kinds: ['Runner'] },
      ]),
    );
    const template = readFileSync(
      join(out, 'gatekeeper/templates/pss-privileged/template.yaml'),
      'utf8',
    );
    // The exact [apiVersion, kind] table first, then custom kinds of any version by [group, kind].
    expect(template).toContain('"ops.example.io/v1": {"Runner": ["spec", "pod"]}}');
    expect(template).toMatch(/^ *kpc_spec_path := x if \{ x := \{"v1": /m);
    expect(template).toContain(
      'else := ["spec", "template", "spec"] if { kpc_group_kind in {["argoproj.io", "Rollout"]} }',
    );
    const vap = parseAllDocuments(
      readFileSync(join(out, 'vap/pss-privileged/policy.yaml'), 'utf8'),
    )[0]!.toJS();
    expect(vap.spec.matchConstraints.resourceRules).toContainEqual(
      expect.objectContaining({ apiGroups: ['argoproj.io'], resources: ['rollouts'] }),
    );
    for (const [engine, f, crd, version] of [
      [
        'kyverno',
        'kyverno/pss-privileged/validatingpolicy.yaml',
        'policies.kyverno.io_validatingpolicies.yaml',
        'v1',
      ],
      [
        'gatekeeper',
        'gatekeeper/templates/pss-privileged/template.yaml',
        'constrainttemplate-customresourcedefinition.yaml',
        'v1',
      ],
    ] as const) {
      const schemas = sharedSchemaDir(engine);
      if (schemas === undefined) {
        console.info(`[skip] ${engine} CRD schemas not found: schema check of ${f} skipped`);
        continue;
      }
      const validate = crdValidator(schemas, crd, version);
      expect([f, validate(read(f)) ? [] : validate.errors]).toEqual([f, []]);
    }
  });

  it('a ClusterPolicy matches the custom kinds by group, in its one rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-pod-templates-cp-'));
    const config = readFileSync(join(project, 'kpc.config.ts'), 'utf8').replace(
      "crds: ['crds'],",
      `crds: [${JSON.stringify(join(project, 'crds'))}], kyverno: { kinds: ['ClusterPolicy'] },`,
    );
    writeFileSync(join(dir, 'kpc.config.ts'), config);
    const r = await runKpcInProcess(['compile', '--target', 'kyverno', '--out', 'p'], dir);
    expect(r.status).toBe(0);
    const cp = parse(
      readFileSync(join(dir, 'p/kyverno/pss-privileged/clusterpolicy.yaml'), 'utf8'),
    );
    const rules = cp.spec.rules as {
      name: string;
      match: { any: { resources: { kinds: string[] } }[] };
    }[];
    expect(rules.map((r) => r.name)).toEqual(['pss-privileged']);
    expect(rules[0]!.match.any[0]!.resources.kinds).toEqual(
      expect.arrayContaining(['argoproj.io/*/Rollout', 'ops.example.io/v1/Runner']),
    );
    const schemas = sharedSchemaDir('kyverno');
    if (schemas !== undefined) {
      const validate = crdValidator(schemas, 'kyverno.io_clusterpolicies.yaml', 'v1');
      expect(validate(cp) ? [] : validate.errors).toEqual([]);
    }
  });

  it("a declared plural that is not the CRD's is refused (the policies would match nothing)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-pod-templates-plural-'));
    const config = readFileSync(join(project, 'kpc.config.ts'), 'utf8')
      .replace("crds: ['crds'],", `crds: [${JSON.stringify(join(project, 'crds'))}],`)
      .replace("specPath: 'spec.pod' }", "specPath: 'spec.pod', plural: 'runnerz' }");
    writeFileSync(join(dir, 'kpc.config.ts'), config);
    const r = await runKpcInProcess(['compile', '--target', 'vap', '--out', 'p'], dir);
    expect(r.status).toBe(2);
    expect(r.err).toContain(
      'would match Runner as "runnerz", but its CRD names the resource "runners"',
    );
  });

  it('a bad declaration is a located config error with a hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-pod-templates-bad-'));
    writeFileSync(
      join(dir, 'kpc.config.ts'),
      `import { defineConfig } from '@kpc/core';
export default defineConfig({
  podTemplates: [
    { group: 'jobset.x-k8s.io', kind: 'JobSet', path: 'spec.replicatedJobs[].template.spec.template' },
  ],
});
`,
    );
    writeFileSync(
      join(dir, 'm.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n',
    );
    const r = await runKpcInProcess(['lint', 'm.yaml'], dir);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(
      /kpc\.config\.ts:4:\d+: error .*podTemplates\[0\]\.path: .* goes through a list/,
    );
    expect(r.err).toContain('JobSet');
  });
});
