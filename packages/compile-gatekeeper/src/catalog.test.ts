import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CatalogRule, loadCatalog } from './catalog-support.ts';
import { compileGatekeeper, templatePath } from './compile-gatekeeper.ts';
import { lintRego, unusedDefinitions } from './rego-lint.ts';

describe('the whole catalog compiles to Gatekeeper', () => {
  it('every catalog rule compiles without diagnostics (except explicitly unsupported constructs)', async () => {
    const loaded = await loadCatalog();
    if ('skip' in loaded) {
      console.log(`[skip] catalog compile: ${loaded.skip}`);
      return;
    }
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.rules.length).toBeGreaterThan(0);
    const out = compileGatekeeper(loaded.rules.map((r: CatalogRule) => r.input));
    const unsupported = out.diagnostics.filter((d) => d.code === 'GK_UNSUPPORTED');
    for (const d of unsupported) console.log(`[gatekeeper] ${d.ruleId}: ${d.message}`);
    expect(out.diagnostics.filter((d) => d.code !== 'GK_UNSUPPORTED')).toEqual([]);
    const files = new Map(out.files.map((f) => [f.path, f.content]));
    for (const { rule } of loaded.rules) {
      if (unsupported.some((d) => d.ruleId === rule.id)) continue;
      const t = parse(files.get(templatePath(rule.id))!) as {
        spec: { targets: { rego: string }[] };
      };
      expect([rule.id, lintRego(t.spec.targets[0]!.rego)]).toEqual([rule.id, []]);
      // Exactly the definitions the violation rules reach: no helper the rule does not use.
      expect([rule.id, unusedDefinitions(t.spec.targets[0]!.rego)]).toEqual([rule.id, []]);
      // Readable in review: the Rego is a YAML block scalar, not a quoted one-liner.
      expect(files.get(templatePath(rule.id))).toContain('      rego: |\n        package ');
      const suite = parse(files.get(`${rule.id}/suite.yaml`)!) as { tests: { cases: unknown[] }[] };
      const cases = suite.tests.reduce((n, t) => n + t.cases.length, 0);
      const examples = rule.examples.pass.length + rule.examples.fail.length;
      expect(cases).toBe(examples + (rule.examples.fail.length > 0 ? 1 : 0));
    }
  });
});
