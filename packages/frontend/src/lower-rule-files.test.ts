import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson, ir } from '@kpc/ir';
import { describe, expect, test } from 'vitest';
import { lowerRuleFiles, lowerRuleSource } from './index.ts';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => join(fixtures, name);

describe('lowerRuleFiles', () => {
  test('lowers a rule in a project outside the repository that does not install @kpc/core', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-outside-'));
    const file = join(dir, 'rule.ts');
    writeFileSync(
      file,
      `import { allContainers, defineRule } from '@kpc/core';
export default defineRule({
  id: 'outside', title: 't', description: 'd', rationale: 'r', remediation: 'm',
  severity: 'low', category: 'c', controls: [], target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) => c.resources?.limits?.memory !== undefined,
  message: (c) => c.name,
  examples: { pass: [], fail: [] },
});
`,
    );
    const r = lowerRuleFiles([file]);
    expect(r.diagnostics).toEqual([]);
    expect(r.rules.map((x) => x.ruleId)).toEqual(['outside']);
    expect(r.rules[0]!.ir.each).toEqual(expect.objectContaining({ helper: 'allContainers' }));
  });

  test('a custom kind targets the group/versions given as customKinds, else FE_RULE_SHAPE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-custom-'));
    const types = join(fixtures, '..', '..', '..', 'cli', 'src', 'fixtures', 'crd-project');
    mkdirSync(join(dir, 'types'));
    copyFileSync(
      join(types, 'rules', 'types', 'widgets.generated.ts'),
      join(dir, 'types', 'widgets.generated.ts'),
    );
    const file = join(dir, 'rule.ts');
    writeFileSync(
      file,
      `import './types/widgets.generated.ts';
import { defineRule } from '@kpc/core';
export default defineRule({
  id: 'w', title: 't', description: 'd', rationale: 'r', remediation: 'm',
  severity: 'low', category: 'c', controls: [], target: 'Widget',
  check: (w) => w.apiVersion !== 'example.com/v1' || w.spec?.privileged !== true,
  message: () => 'm',
  examples: { pass: [], fail: [] },
});
`,
    );
    const gvks = [
      { group: 'example.com', version: 'v1', kind: 'Widget' },
      { group: 'example.com', version: 'v1beta1', kind: 'Widget' },
    ];
    const ok = lowerRuleFiles([file], { customKinds: { Widget: gvks } });
    expect(ok.diagnostics.map((d) => d.message)).toEqual([]);
    expect(ok.rules[0]!.ir.target).toEqual({ kind: 'resources', resources: gvks });
    const bare = lowerRuleFiles([file]);
    expect(bare.rules).toEqual([]);
    expect(bare.diagnostics.map((d) => [d.code, d.message, d.location?.line])).toEqual([
      ['FE_RULE_SHAPE', 'target "Widget" has no known apiVersion', 5],
    ]);
  });

  test('lowers every rule of several files in one project, in file and source order', () => {
    const files = [
      fixture('two-rules.ts'),
      fixture('not-a-rule.ts'),
      fixture('type-error.ts'),
      fixture('missing.ts'),
    ];
    const r = lowerRuleFiles(files);
    expect(r.rules.map((x) => [x.ruleId, x.exportName, x.file])).toEqual([
      ['fixture-no-forbidden-capabilities', 'noForbiddenCapabilities', files[0]],
      ['fixture-no-low-ports', 'noLowPorts', files[0]],
    ]);
    expect(
      r.diagnostics.map((d) => [d.code, d.location?.file, d.location?.line, d.location?.column]),
    ).toEqual([
      ['LOAD_NOT_FOUND', files[3], 1, 1],
      ['FE_NO_RULE', files[1], 1, 1],
      ['FE_TYPE_ERROR', files[2], 14, 25],
    ]);
    const [caps, ports] = r.rules;
    // Imported constants are inlined; the aliased helper is still the helper.
    expect(caps!.ir.each).toEqual(
      expect.objectContaining({ kind: 'call', helper: 'allContainers' }),
    );
    expect(JSON.stringify(caps!.ir.check)).toContain('"SYS_ADMIN"');
    expect(ports!.ir.target).toEqual({
      kind: 'resources',
      resources: [{ group: '', version: 'v1', kind: 'Service' }],
    });
    expect(canonicalJson(ports!.ir.message)).toBe(
      canonicalJson({
        kind: 'concat',
        parts: [
          ir.literal('service '),
          {
            kind: 'coalesce',
            left: ir.get(ir.get(ir.ref('element'), 'metadata'), 'name'),
            right: ir.literal(''),
          },
          ir.literal(' exposes a privileged port'),
        ],
      }),
    );
    // Spans point back into the file under the caller's name.
    expect(caps!.ir.check.span?.file).toBe(files[0]);
  });

  test('an explicit tsconfig is used; an unreadable one is CFG_LOAD_FAILED', () => {
    const root = join(fixtures, '..', '..', '..', '..');
    const ok = lowerRuleFiles([fixture('two-rules.ts')], {
      tsconfig: join(root, 'tsconfig.base.json'),
    });
    expect(ok.diagnostics.map((d) => d.message)).toEqual([]);
    expect(ok.rules).toHaveLength(2);
    const bad = lowerRuleFiles([fixture('two-rules.ts')], {
      tsconfig: join(fixtures, 'nope.json'),
    });
    expect(bad.rules).toEqual([]);
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['CFG_LOAD_FAILED']);
  });
});

describe('lowerRuleSource', () => {
  test('reports under the given file name; rules not exported get exportName ""', () => {
    const src = [
      "import { defineRule } from '@kpc/core';",
      'const r = defineRule({',
      "  id: 'local-rule', title: 't', description: 'd', rationale: 'r', remediation: 'r',",
      "  severity: 'low', category: 'c', controls: [], target: 'Namespace',",
      "  params: { label: { type: 'string', default: 'team', description: 'The label.' } },",
      '  check: (ns, { params }) => ns.metadata?.name !== params.label,',
      "  message: () => 'm', examples: { pass: [], fail: [] },",
      '});',
      'export default r;',
      '',
    ].join('\n');
    const r = lowerRuleSource(src, 'my-rule.ts');
    expect(r.diagnostics).toEqual([]);
    expect(r.rules.map((x) => [x.ruleId, x.exportName, x.file])).toEqual([
      ['local-rule', '', 'my-rule.ts'],
    ]);
    expect(canonicalJson(r.rules[0]!.ir.check)).toBe(
      canonicalJson(
        ir.compare('ne', ir.get(ir.get(ir.ref('element'), 'metadata'), 'name'), ir.param('label')),
      ),
    );
    expect(r.rules[0]!.ir.params).toEqual({
      label: { type: 'string', default: 'team', description: 'The label.' },
    });
  });

  test('the same source lowers to the same IR every time (deterministic)', () => {
    const src = [
      "import { defineRule } from '@kpc/core';",
      "export default defineRule({ id: 'det', title: 't', description: 'd', rationale: 'r', remediation: 'r', severity: 'low', category: 'c', controls: [], target: 'PodSpec',",
      '  each: ({ spec }) => spec.containers, check: (c) => c.securityContext?.privileged !== true, message: (c) => `x ${c.name}`, examples: { pass: [], fail: [] } });',
      '',
    ].join('\n');
    const a = lowerRuleSource(src);
    const b = lowerRuleSource(src);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
