/**
 * Every generated object validates against the Kyverno CRD schema of its served version
 * (openAPIV3Schema from ../shared/schemas/kyverno). Skips with a notice when absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { CompileRuleInput } from '@kpc/compile';
import type { AnyRule } from '@kpc/core';
import { rules } from '@kpc/rules';
import { SAMPLE_RULES } from '@kpc/testing';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { compileKyverno } from './compile-kyverno.ts';
import { lowerCatalog } from './test-support/catalog.ts';
import { inputForIR } from './test-support/cel-evaluator.ts';

const SCHEMA_DIR = new URL('../../../../shared/schemas/kyverno/', import.meta.url);
const present = existsSync(SCHEMA_DIR);
if (!present)
  console.info(
    `Kyverno CRD schemas not found at ${SCHEMA_DIR.pathname}: schema validation skipped`,
  );

function crdSchema(file: string, version: string): object {
  const crd = parseYaml(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as {
    spec: { versions: { name: string; served: boolean; schema: { openAPIV3Schema: object } }[] };
  };
  const v = crd.spec.versions.find((x) => x.name === version && x.served);
  if (!v) throw new Error(`${file}: version ${version} not served`);
  return closed(v.schema.openAPIV3Schema);
}

/**
 * The API server prunes unknown fields instead of rejecting them; a field kpc emits that
 * the schema does not know would silently vanish. Closing every object schema that lists
 * its properties (and does not preserve unknown fields) turns that into a test failure.
 */
function closed(schema: unknown): object {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema as object;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema))
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as object).map(([pk, pv]) => [pk, closed(pv)]))
        : closed(v);
  if (
    out.properties !== undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true &&
    out.additionalProperties === undefined
  )
    out.additionalProperties = false;
  return out;
}

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
    const ins: CompileRuleInput[] = [...lowered.values()].map((l) => ({
      ...inputForIR(l.ir),
      meta: byId.get(l.ruleId)!,
      examples: byId.get(l.ruleId)!.examples,
    }));
    const out = compileKyverno(ins, { kinds: ['ClusterPolicy', 'ValidatingPolicy'] });
    for (const f of out.files.filter((x) => /policy\.yaml$/.test(x.path))) {
      const obj = parseAllDocuments(f.content)[0]!.toJS() as { kind: string };
      const validate = validators![obj.kind]!;
      expect(validate(obj) ? [] : validate.errors, f.path).toEqual([]);
    }
  }, 180_000);
});
