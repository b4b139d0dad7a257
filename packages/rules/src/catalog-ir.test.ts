import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lowerRuleFiles } from '@kpc/frontend';
import { canonicalJson, declaredReads, isReferential, referencedKinds } from '@kpc/ir';
import { describe, expect, it } from 'vitest';
import { catalogRuleIR } from './catalog-ir.ts';
import { IR_DIR, renderCatalogIR } from './catalog-ir-build.ts';
import { rules } from './index.ts';

describe('pre-lowered catalog IR', () => {
  const rendered = renderCatalogIR();

  it("every rule's reads declare exactly the kinds its IR looks up", () => {
    for (const rule of rules) {
      const looked = referencedKinds(catalogRuleIR(rule.id).ir!).map((k) => k.kind);
      expect([...declaredReads(rule)].sort(), rule.id).toEqual([...new Set(looked)].sort());
    }
    // The catalog has referential rules, so the comparison above is not only of empty lists.
    expect(rules.filter(isReferential).length).toBeGreaterThan(0);
  });

  it('lowers every catalog rule without diagnostics', () => {
    expect(rendered.diagnostics).toEqual([]);
    expect(rendered.files.map((f) => f.fileName)).toEqual(rules.map((r) => `${r.id}.json`));
  });

  it('is not stale: ir/*.json equal a fresh lowering byte for byte (fix: pnpm --filter @kpc/rules build:ir)', () => {
    const onDisk = readdirSync(IR_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(onDisk).toEqual(rendered.files.map((f) => f.fileName));
    for (const f of rendered.files) {
      expect(readFileSync(join(IR_DIR, f.fileName), 'utf8'), f.fileName).toBe(f.content);
    }
  });

  it('loads and validates every file, giving the IR the frontend gives', () => {
    const files = readdirSync(join(IR_DIR, '..', 'src', 'rules'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(IR_DIR, '..', 'src', 'rules', f));
    const fresh = new Map(lowerRuleFiles(files).rules.map((r) => [r.ruleId, r.ir]));
    for (const rule of rules) {
      const { ir, diagnostics } = catalogRuleIR(rule.id);
      expect(diagnostics, rule.id).toEqual([]);
      expect(canonicalJson(ir), rule.id).toBe(canonicalJson(fresh.get(rule.id)));
    }
  });

  it('reports an unknown rule as a diagnostic instead of throwing', () => {
    expect(catalogRuleIR('no-such-rule').diagnostics.map((d) => d.code)).toEqual(['RULE_UNKNOWN']);
  });
});
