/**
 * The CRD workflow end to end with the real binary: `kpc types` writes the committed types
 * of the fixture CRD (and --check sees them up to date), `kpc lint` validates custom
 * resources against the config's `crds`, and the typed rule on the custom kind runs.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { runKpcInProcess } from './test-support.ts';

const project = join(import.meta.dirname, 'fixtures', 'crd-project');
const kpc = (args: string[], cwd = project) => runKpcInProcess(args, cwd);

describe('kpc types and crds', () => {
  it('generates the committed types, and --check finds them up to date', async () => {
    const generated = join(project, 'rules', 'types', 'widgets.generated.ts');
    const stdout = await kpc(['types', 'crds/widgets.yaml']);
    expect(stdout.status).toBe(0);
    expect(stdout.out).toBe(readFileSync(generated, 'utf8'));
    expect(stdout.out).toContain('export interface WidgetV1 {');
    expect(stdout.out).toContain('Widget: WidgetV1Beta1 | WidgetV1;');
    expect(stdout.out).toContain('// Regenerate with: kpc types crds/widgets.yaml');
    const check = await kpc([
      'types',
      'crds',
      '--out',
      'rules/types/widgets.generated.ts',
      '--check',
    ]);
    expect(check).toMatchObject({ status: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'kpc-types-'));
    const stale = join(dir, 'stale.ts');
    writeFileSync(stale, '// old\n');
    expect((await kpc(['types', 'crds', '--out', stale, '--check'])).status).toBe(1);
    const written = await kpc(['types', 'crds', '--out', join(dir, 'sub', 'w.ts')]);
    expect(written.status).toBe(0);
    expect(readFileSync(join(dir, 'sub', 'w.ts'), 'utf8')).toContain('interface KindTypes');
  });

  it('rejects inputs without CRDs and reports CRD errors at their file and line', async () => {
    const none = await kpc(['types', 'manifests/widgets.yaml']);
    expect(none.status).toBe(2);
    expect(none.err).toContain('no CustomResourceDefinition found');
    const dir = mkdtempSync(join(tmpdir(), 'kpc-types-'));
    const ok = readFileSync(join(project, 'crds', 'widgets.yaml'), 'utf8');
    writeFileSync(join(dir, 'a.yaml'), ok);
    writeFileSync(join(dir, 'b.yaml'), 'kind: [unclosed\n');
    const bad = await kpc(['types', 'a.yaml', 'b.yaml', '-o', 'out.ts'], dir);
    expect(bad.status).toBe(2);
    expect(bad.err).toMatch(/^b\.yaml:2:1: error .*LOAD_YAML_SYNTAX/m);
    expect(bad.err).toContain('no types were written');
    expect((await kpc(['types'])).status).toBe(2);
  });

  it('lints custom resources against their CRD schema and runs the typed rule', async () => {
    const r = await kpc(['lint', '-f', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.out) as {
      findings: { ruleId: string; code?: string; pointer: string; resource: { name?: string } }[];
      diagnostics: { code: string }[];
    };
    const seen = report.findings.map(
      (f) => `${f.resource.name} ${f.ruleId} ${f.code ?? ''} ${f.pointer}`,
    );
    expect(seen.sort()).toEqual([
      'bad schema SCHEMA_ENUM /spec/mode',
      'bad schema SCHEMA_UNKNOWN_FIELD /spec/privilaged',
      'bad widget-not-privileged  ',
    ]);
    expect(report.diagnostics.map((d) => d.code)).not.toContain('SCHEMA_UNCHECKED_KIND');
    // Without the config's crds the kind is unchecked, and only the rule finds anything.
    const dir = mkdtempSync(join(tmpdir(), 'kpc-crd-'));
    writeFileSync(join(dir, 'w.yaml'), readFileSync(join(project, 'manifests', 'widgets.yaml')));
    const unchecked = await kpc([
      'lint',
      '--no-config',
      '--rules',
      'pss-privileged',
      '-f',
      'json',
      join(dir, 'w.yaml'),
    ]);
    expect(unchecked.status).toBe(0);
    expect(unchecked.out).toContain('SCHEMA_UNCHECKED_KIND');
  });

  it('compiles the typed rule on the custom kind for the CRD group and served versions', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kpc-crd-out-'));
    const r = await kpc(['compile', '--target', 'all', '--out', out]);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    // ValidatingPolicy (the default) and ValidatingAdmissionPolicy match by group, version
    // and the CRD's plural.
    for (const file of [
      join(out, 'kyverno', 'widget-not-privileged', 'validatingpolicy.yaml'),
      join(out, 'vap', 'widget-not-privileged', 'policy.yaml'),
    ]) {
      // The first document: the policy (the VAP file also holds its binding).
      const policy = parseAllDocuments(readFileSync(file, 'utf8'))[0]!.toJS() as {
        spec: { matchConstraints: { resourceRules: Record<string, string[]>[] } };
      };
      for (const version of ['v1', 'v1beta1'])
        expect(policy.spec.matchConstraints.resourceRules).toContainEqual({
          apiGroups: ['example.com'],
          apiVersions: [version],
          operations: ['CREATE', 'UPDATE'],
          resources: ['widgets'],
        });
    }
    const constraint = parse(
      readFileSync(
        join(out, 'gatekeeper', 'constraints', 'widget-not-privileged', 'constraint.yaml'),
        'utf8',
      ),
    ) as { spec: { match: { kinds: unknown[] } } };
    expect(constraint.spec.match.kinds).toContainEqual({
      apiGroups: ['example.com'],
      kinds: ['Widget'],
    });
    // Without the config's crds the custom kind has no group to match: a located error.
    const dir = mkdtempSync(join(tmpdir(), 'kpc-crd-'));
    cpSync(join(project, 'rules'), join(dir, 'rules'), { recursive: true });
    writeFileSync(
      join(dir, 'kpc.config.ts'),
      "import w from './rules/widget-not-privileged.ts';\nexport default { rules: [w] };\n",
    );
    const bare = await kpc(['compile', '--target', 'all', '--out', join(dir, 'out')], dir);
    expect(bare.status).toBe(2);
    expect(bare.err).toContain('target "Widget" has no known apiVersion [FE_RULE_SHAPE]');
    expect(bare.err).toContain('list its CustomResourceDefinition in `crds`');
  });

  it('emits a ValidatingPolicy for the custom kind only when the CRD plural is the derived one', async () => {
    const run = async (plural: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'kpc-crd-vp-'));
      cpSync(join(project, 'rules'), join(dir, 'rules'), { recursive: true });
      mkdirSync(join(dir, 'crds'));
      const crd = readFileSync(join(project, 'crds', 'widgets.yaml'), 'utf8');
      writeFileSync(
        join(dir, 'crds', 'w.yaml'),
        crd.replace('plural: widgets', `plural: ${plural}`),
      );
      writeFileSync(
        join(dir, 'kpc.config.ts'),
        "import w from './rules/widget-not-privileged.ts';\nexport default { rules: [w], crds: ['crds'], kyverno: { kinds: ['ValidatingPolicy'] } };\n",
      );
      return kpc(['compile', '--target', 'kyverno', '--out', 'out'], dir);
    };
    const same = await run('widgets');
    expect(same.status).toBe(0);
    const other = await run('widgetz');
    expect(other.status).toBe(2);
    expect(other.err).toContain(
      'a ValidatingPolicy would match Widget as "widgets", but its CRD names the resource "widgetz"',
    );
  });

  it('reports a crds path that does not exist as an input error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-crd-'));
    writeFileSync(
      join(dir, 'kpc.config.ts'),
      "export default { rules: ['pss-privileged'], crds: ['missing-crds'] };\n",
    );
    writeFileSync(join(dir, 'w.yaml'), readFileSync(join(project, 'manifests', 'widgets.yaml')));
    const r = await kpc(['lint', 'w.yaml'], dir);
    expect(r.status).toBe(2);
    expect(r.out).toContain('missing-crds');
  });
});
