/**
 * Every generated object validates against the Kyverno CRD schema of its served version
 * (openAPIV3Schema from ../shared/schemas/kyverno). Skips with a notice when absent.
 */
import type { CompileRuleInput } from '@kpc/compile';
import type { AnyRule } from '@kpc/core';
import { isReferential } from '@kpc/ir';
import { rules } from '@kpc/rules';
import {
  SAMPLE_RULES,
  crdSchema as sharedCrdSchema,
  sharedSchemaDir,
  TEST_POD_SPEC_LOCATIONS,
} from '@kpc/testing';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileKyverno } from './compile-kyverno.ts';
import { lowerCatalog } from './test-support/catalog.ts';
import { inputForIR } from './test-support/cel-evaluator.ts';

const SCHEMA_DIR = sharedSchemaDir('kyverno');
const present = SCHEMA_DIR !== undefined;
const crdSchema = (file: string, version: string) => sharedCrdSchema(SCHEMA_DIR!, file, version);

function inputs(): CompileRuleInput[] {
  const fromSamples = SAMPLE_RULES.map((s) => ({
    ...inputForIR(s.ir),
    action: 'warn' as const,
    excludedNamespaces: ['kube-system', 'kpc-"odd"'],
  }));
  return fromSamples;
}

describe.skipIf(!present)('generated objects validate against the Kyverno CRDs', () => {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validators: Record<string, ValidateFunction> | undefined = present
    ? {
        ClusterPolicy: ajv.compile(crdSchema('kyverno.io_clusterpolicies.yaml', 'v1')),
        ValidatingPolicy: ajv.compile(
          crdSchema('policies.kyverno.io_validatingpolicies.yaml', 'v1'),
        ),
      }
    : undefined;

  it('ClusterPolicy and ValidatingPolicy for sample rules, all actions', () => {
    for (const action of ['enforce', 'audit', 'warn'] as const) {
      const out = compileKyverno(
        inputs().map((i) => ({ ...i, action })),
        { kinds: ['ClusterPolicy', 'ValidatingPolicy'] },
      );
      expect(out.diagnostics).toEqual([]);
      let checked = 0;
      for (const f of out.files) {
        for (const doc of parseAllDocuments(f.content)) {
          const obj = doc.toJS() as { kind: string };
          const validate = validators![obj.kind];
          if (!validate) continue;
          const ok = validate(obj);
          expect(ok ? [] : validate.errors, `${f.path} (${action})`).toEqual([]);
          checked++;
        }
      }
      expect(checked).toBe(SAMPLE_RULES.length * 2);
    }
  });

  it('the catalog rules compiled from their IR are valid too', () => {
    const lowered = lowerCatalog();
    const byId = new Map(rules.map((r) => [r.id, r as AnyRule]));
    const all: CompileRuleInput[] = [...lowered.values()].map((l) => ({
      ...inputForIR(l.ir),
      meta: byId.get(l.ruleId)!,
      examples: byId.get(l.ruleId)!.examples,
    }));
    // Referential rules compile to ValidatingPolicy only (or are refused there, located).
    const ins = all.filter((i) => !isReferential(i.meta));
    const referential = compileKyverno(
      all.filter((i) => isReferential(i.meta)),
      { kinds: ['ValidatingPolicy'] },
    );
    const vps = referential.files.filter((x) => x.path.endsWith('/validatingpolicy.yaml'));
    expect(vps.length).toBeGreaterThan(0);
    for (const f of vps) {
      const obj = parseAllDocuments(f.content)[0]!.toJS() as { kind: string };
      const validate = validators![obj.kind]!;
      expect(validate(obj) ? [] : validate.errors, f.path).toEqual([]);
    }
    // Also with custom pod template kinds (config podTemplates): `group/*/Kind` kinds,
    // `apiVersions: ['*']`, the rules of the custom paths.
    for (const podSpecLocations of [undefined, TEST_POD_SPEC_LOCATIONS]) {
      const out = compileKyverno(
        ins.map((i) => (podSpecLocations ? { ...i, podSpecLocations } : i)),
        { kinds: ['ClusterPolicy', 'ValidatingPolicy'] },
      );
      expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      for (const f of out.files.filter((x) => /policy\.yaml$/.test(x.path))) {
        const obj = parseAllDocuments(f.content)[0]!.toJS() as { kind: string };
        const validate = validators![obj.kind]!;
        expect(validate(obj) ? [] : validate.errors, f.path).toEqual([]);
      }
    }
  }, 180_000);
});
