import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineRule } from '../rule/define-rule.ts';
import { findConfigFile, loadConfig } from './load-config.ts';
import { type RuleCatalog, resolveRules } from './resolve-rules.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

const mk = (id: string, severity: 'low' | 'high' = 'high') =>
  defineRule({
    id,
    title: id,
    description: 'd',
    rationale: 'r',
    remediation: 'm',
    severity,
    category: 'c',
    controls: [],
    target: 'Pod',
    check: () => true,
    message: () => id,
    examples: { pass: [], fail: [] },
  });

const catalog: RuleCatalog = {
  rules: [mk('base'), mk('extra'), mk('other')],
  profiles: { base: ['base'] },
};

const RULE_FILE = `import { defineRule } from '@kpc/core';
export default defineRule({
  id: 'outside-rule', title: 't', description: 'd', rationale: 'r', remediation: 'm',
  severity: 'low', category: 'c', controls: [], target: 'Pod',
  check: () => true, message: () => 'm', examples: { pass: [], fail: [] },
});
`;

describe('loadConfig', () => {
  it.each([
    ['CommonJS (no package.json)', undefined],
    ['ESM ("type": "module")', '{ "type": "module" }'],
  ])('loads a project outside the repository that cannot resolve @kpc/core: %s', async (_, pkg) => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-outside-'));
    if (pkg !== undefined) writeFileSync(join(dir, 'package.json'), pkg);
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'outside.ts'), RULE_FILE);
    writeFileSync(
      join(dir, 'kpc.config.ts'),
      "import { defineConfig } from '@kpc/core';\nimport outside from './rules/outside.ts';\nexport default defineConfig({ rules: [outside], severityThreshold: 'high' });\n",
    );
    const loaded = await loadConfig(join(dir, 'kpc.config.ts'));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.config?.severityThreshold).toBe('high');
    const rules = loaded.config?.rules ?? [];
    expect(rules.map((r) => (typeof r === 'string' ? r : r.id))).toEqual(['outside-rule']);
  });

  it('reports rule shapes TypeScript would reject (tsx does not type-check) instead of crashing later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-shape-'));
    writeFileSync(
      join(dir, 'rule.ts'),
      RULE_FILE.replace(
        'examples: { pass: [], fail: [] }',
        "examples: { pass: [{ name: 'p', manifest: 'kind: Pod' }], fail: {} }",
      ).replace("message: () => 'm'", "message: 'm'"),
    );
    writeFileSync(
      join(dir, 'kpc.config.ts'),
      "import r from './rule.ts';\nexport default {\n  rules: [r],\n};\n",
    );
    const loaded = await loadConfig(join(dir, 'kpc.config.ts'));
    expect(loaded.config).toBeUndefined();
    expect(loaded.diagnostics.map((d) => [d.code, d.location?.line, d.message])).toEqual([
      ['CFG_INVALID', 3, 'rule "outside-rule": `message` must be a function'],
      [
        'CFG_INVALID',
        3,
        'rule "outside-rule": `examples.pass[0]` needs `name` and `yaml` strings (the manifest text), got keys name, manifest',
      ],
      ['CFG_INVALID', 3, 'rule "outside-rule": `examples.fail` must be a list'],
    ]);
  });

  it.each([
    ['CommonJS', undefined],
    ['ESM', '{ "type": "module" }'],
  ])('locates a missing import at the import that names it (%s)', async (_, pkg) => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-missing-'));
    if (pkg !== undefined) writeFileSync(join(dir, 'package.json'), pkg);
    mkdirSync(join(dir, 'rules'));
    writeFileSync(
      join(dir, 'rules', 'uses-lib.ts'),
      "import x from 'no-such-lib-kpc';\nexport default x;\n",
    );
    writeFileSync(
      join(dir, 'a.config.ts'),
      "import { defineConfig } from '@kpc/core';\nimport a from './rules/missing.ts';\nexport default defineConfig({ rules: [a] });\n",
    );
    writeFileSync(
      join(dir, 'b.config.ts'),
      "import b from './rules/uses-lib.ts';\nexport default { rules: [b] };\n",
    );
    const a = await loadConfig(join(dir, 'a.config.ts'));
    expect(a.diagnostics.map((d) => [d.code, d.message, d.location])).toEqual([
      [
        'CFG_LOAD_FAILED',
        "config file could not be loaded: cannot find module './rules/missing.ts'",
        { file: join(dir, 'a.config.ts'), line: 2, column: 15 },
      ],
    ]);
    const b = await loadConfig(join(dir, 'b.config.ts'));
    expect(b.diagnostics.map((d) => [d.message, d.location, d.hint])).toEqual([
      [
        "config file could not be loaded: cannot find module 'no-such-lib-kpc'",
        { file: join(dir, 'rules', 'uses-lib.ts'), line: 1, column: 15 },
        "Install 'no-such-lib-kpc' in the project, or import it with a relative path.",
      ],
    ]);
  });

  it('accepts crds as a list of paths and rejects other values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-crds-'));
    writeFileSync(join(dir, 'a.config.ts'), "export default { crds: ['crds', 'more.yaml'] };\n");
    writeFileSync(join(dir, 'b.config.ts'), "export default { crds: 'crds' };\n");
    expect((await loadConfig(join(dir, 'a.config.ts'))).config?.crds).toEqual([
      'crds',
      'more.yaml',
    ]);
    const bad = await loadConfig(join(dir, 'b.config.ts'));
    expect(bad.config).toBeUndefined();
    expect(bad.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['CFG_INVALID', 1]]);
  });

  it('loads a TypeScript config that imports a TypeScript rule file', async () => {
    const loaded = await loadConfig(join(fixtures, 'valid.config.ts'));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.config?.severityThreshold).toBe('medium');
    const { rules, diagnostics } = resolveRules(loaded.config!, catalog, {}, loaded);
    expect(diagnostics).toEqual([]);
    expect(rules.map((r) => [r.rule.id, r.action, r.severity, r.params])).toEqual([
      ['base', 'enforce', 'low', {}],
      ['team-label', 'audit', 'medium', { label: 'owner' }],
    ]);
  });

  it('reports every invalid value with CFG_INVALID and its line', async () => {
    const loaded = await loadConfig(join(fixtures, 'invalid.config.ts'));
    expect(loaded.config).toBeUndefined();
    const found = loaded.diagnostics.map((d) => [d.code, d.location?.line]);
    expect(found).toEqual([
      ['CFG_INVALID', 8],
      ['CFG_INVALID', 6],
      ['CFG_INVALID', 7],
    ]);
    expect(loaded.diagnostics[0]!.message).toContain('severityTreshold');
  });

  it('locates a syntax error (CFG_LOAD_FAILED)', async () => {
    const loaded = await loadConfig(join(fixtures, 'syntax-error.config.ts'));
    expect(loaded.diagnostics).toHaveLength(1);
    expect(loaded.diagnostics[0]).toMatchObject({
      code: 'CFG_LOAD_FAILED',
      location: { file: join(fixtures, 'syntax-error.config.ts'), line: 4 },
    });
  });

  it('reports a rule definition that throws while loading', async () => {
    const loaded = await loadConfig(join(fixtures, 'throws.config.ts'));
    expect(loaded.diagnostics[0]).toMatchObject({
      code: 'CFG_LOAD_FAILED',
      location: { file: join(fixtures, 'throws.config.ts') },
    });
    // The exact line depends on source maps, which vitest's stack handling bypasses; the
    // CLI end-to-end test asserts it under plain Node.
    expect(loaded.diagnostics[0]!.message).toContain('Not_Kebab');
  });

  it('requires a default export', async () => {
    const loaded = await loadConfig(join(fixtures, 'no-default.config.ts'));
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['CFG_INVALID']);
  });

  it('reports a missing file', async () => {
    const loaded = await loadConfig('does-not-exist.ts', fixtures);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['CFG_LOAD_FAILED']);
  });

  it('checks parameters and rule ids against the rules', async () => {
    const loaded = await loadConfig(join(fixtures, 'bad-params.config.ts'));
    expect(loaded.diagnostics).toEqual([]);
    const { diagnostics } = resolveRules(loaded.config!, catalog, {}, loaded);
    expect(diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ['RULE_UNKNOWN', 5],
      ['CFG_INVALID', 7],
      ['CFG_INVALID', 7],
    ]);
  });

  it('finds kpc.config.ts in a parent directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-cfg-'));
    writeFileSync(join(dir, 'kpc.config.ts'), 'export default {};\n');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    expect(findConfigFile(join(dir, 'a', 'b'))).toBe(join(dir, 'kpc.config.ts'));
  });
});

describe('resolveRules', () => {
  it('uses every catalog rule when nothing is selected', () => {
    expect(resolveRules({}, catalog).rules.map((r) => r.rule.id)).toEqual([
      'base',
      'extra',
      'other',
    ]);
  });
  it('lets --profile and --rules override the config', () => {
    expect(
      resolveRules({ profile: 'base' }, catalog, { rules: ['other'] }).rules.map((r) => r.rule.id),
    ).toEqual(['other']);
    const bad = resolveRules({}, catalog, { profile: 'nope', rules: ['zzz'] });
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['CFG_INVALID', 'RULE_UNKNOWN']);
  });
  it('suggests the rule id a misspelled one probably means', () => {
    const { diagnostics } = resolveRules({ rules: ['extar'], settings: { othr: 'off' } }, catalog, {
      rules: ['zzz'],
    });
    expect(diagnostics.map((d) => [d.message, d.hint?.split('?')[0]])).toEqual([
      ['unknown rule "extar"', 'Did you mean "extra"'],
      [
        'unknown rule "zzz"',
        'Use a catalog rule id (`kpc explain --list`) or a rule from your config.',
      ],
      ['settings for unknown rule "othr"', 'Did you mean "other"'],
    ]);
  });
  it('rejects a user rule that reuses a catalog id', () => {
    const { diagnostics } = resolveRules({ rules: [mk('base')] }, catalog);
    expect(diagnostics.map((d) => d.code)).toEqual(['RULE_DUPLICATE_ID']);
  });
});
