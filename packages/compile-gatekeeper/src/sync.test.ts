/**
 * What referential rules add to the Gatekeeper output: the requires-sync-data annotation on
 * their templates, one Config merged across rules in the deployable tree (listed by the
 * kustomization), both valid against Gatekeeper's CRDs, deterministic, and nothing of it for
 * rules that read no other object.
 */
import { placeFiles } from '@kpc/compile/internal';
import { ir, type RuleIR } from '@kpc/ir';
import { crdValidator, inputForIR, REFERENTIAL_SAMPLE_RULES, sharedSchemaDir } from '@kpc/testing';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileGatekeeper, GATEKEEPER_STAGES } from './compile-gatekeeper.ts';
import { lintRego } from './rego-lint.ts';
import { privilegedIR } from './test-support.ts';

type Obj = Record<string, unknown>;
const doc = (content: string): Obj => parseAllDocuments(content)[0]!.toJS() as Obj;

const at = { file: 'rules/r.ts', line: 3, column: 9 };
const twoKinds: RuleIR = {
  ...privilegedIR,
  id: 'test-two-kinds',
  each: null,
  check: ir.and([
    ir.comprehension(
      'some',
      ir.lookup('policy/v1', 'PodDisruptionBudget', {
        namespace: ir.get(ir.ref('metadata'), 'namespace'),
      }),
      'b',
      ir.literal(true),
    ),
    ir.compare(
      'gt',
      ir.length(ir.lookup('v1', 'Namespace', { name: ir.literal('prod') }, at)),
      ir.literal(0),
    ),
    ir.compare('gt', ir.length(ir.lookup('policy/v1', 'PodDisruptionBudget')), ir.literal(0)),
  ]),
  message: ir.literal('m'),
};

describe('Gatekeeper sync requirements of referential rules', () => {
  it('annotates the template with every kind it reads, sorted and unique, core group ""', () => {
    const out = compileGatekeeper([inputForIR(twoKinds)]);
    expect(out.diagnostics).toEqual([]);
    const t = doc(
      out.files.find((f) => f.path === 'templates/test-two-kinds/template.yaml')!.content,
    ) as {
      metadata: { annotations: Record<string, string> };
      spec: { targets: { rego: string }[] };
    };
    const value = t.metadata.annotations['metadata.gatekeeper.sh/requires-sync-data'];
    expect(JSON.parse(value!)).toEqual([
      [{ groups: [''], versions: ['v1'], kinds: ['Namespace'] }],
      [{ groups: ['policy'], versions: ['v1'], kinds: ['PodDisruptionBudget'] }],
    ]);
    expect(lintRego(t.spec.targets[0]!.rego)).toEqual([]);
  });

  it('one Config for all rules: merged, sorted, in the deployable tree and its kustomization', () => {
    const inputs = [twoKinds, ...REFERENTIAL_SAMPLE_RULES, privilegedIR].map((r) => inputForIR(r));
    const out = compileGatekeeper(inputs);
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const configs = out.files.filter((f) => f.path === 'templates/config.yaml');
    expect(configs).toHaveLength(1);
    expect(configs[0]!.tree).toBeUndefined();
    const config = doc(configs[0]!.content);
    expect(config).toEqual({
      apiVersion: 'config.gatekeeper.sh/v1alpha1',
      kind: 'Config',
      metadata: {
        name: 'config',
        namespace: 'gatekeeper-system',
        annotations: {
          'kpc.dev/rules': [twoKinds, ...REFERENTIAL_SAMPLE_RULES]
            .map((r) => r.id)
            .sort()
            .join(', '),
        },
      },
      spec: {
        sync: {
          syncOnly: [
            { group: '', version: 'v1', kind: 'Namespace' },
            { group: '', version: 'v1', kind: 'ServiceAccount' },
            { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy' },
            { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' },
          ],
        },
      },
    });
    const kustomization = placeFiles('gatekeeper', out.files, GATEKEEPER_STAGES).find(
      (f) => f.path === 'gatekeeper/templates/kustomization.yaml',
    )!;
    expect((doc(kustomization.content) as { resources: string[] }).resources).toContain(
      'config.yaml',
    );
    // Byte-identical whatever the order of the rules.
    const again = compileGatekeeper([...inputs].reverse());
    expect(again.files.find((f) => f.path === 'templates/config.yaml')!.content).toBe(
      configs[0]!.content,
    );
  });

  it('no annotation and no Config without referential rules', () => {
    const out = compileGatekeeper([inputForIR(privilegedIR)]);
    expect(out.files.some((f) => f.path === 'templates/config.yaml')).toBe(false);
    expect(out.files.some((f) => f.content.includes('requires-sync-data'))).toBe(false);
  });

  it('a referential rule that does not compile adds nothing to the Config', () => {
    const broken: RuleIR = {
      ...twoKinds,
      id: 'test-broken',
      check: ir.and([
        twoKinds.check,
        ir.stringTest('includes', ir.literal('x'), ir.literal('\ud800')),
      ]),
    };
    const out = compileGatekeeper([inputForIR(broken)]);
    expect(out.diagnostics.map((d) => d.code)).toContain('GK_UNSUPPORTED');
    expect(out.files).toEqual([]);
  });

  const dir = sharedSchemaDir('gatekeeper');
  it.skipIf(dir === undefined)(
    'the Config and the annotated templates validate against Gatekeeper v3.23 CRDs',
    () => {
      const out = compileGatekeeper(
        [twoKinds, ...REFERENTIAL_SAMPLE_RULES].map((r) => inputForIR(r)),
      );
      const config = crdValidator(dir!, 'config-customresourcedefinition.yaml', 'v1alpha1');
      const c = doc(out.files.find((f) => f.path === 'templates/config.yaml')!.content);
      expect([config(c), config.errors]).toEqual([true, null]);
      // The check can fail: an unknown field is refused (the schema is closed).
      expect(
        config({ ...c, spec: { sync: { syncOnly: [{ group: '', kind: 'X', versions: 'v1' }] } } }),
      ).toBe(false);
      const template = crdValidator(dir!, 'constrainttemplate-customresourcedefinition.yaml', 'v1');
      for (const f of out.files.filter((x) => x.path.endsWith('/template.yaml'))) {
        const t = doc(f.content);
        expect([f.path, template(t), template.errors]).toEqual([f.path, true, null]);
      }
    },
  );
});
