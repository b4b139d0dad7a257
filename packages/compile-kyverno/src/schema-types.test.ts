/**
 * What the typed CEL assumes (docs/ir.md, "Static types from the schema"): with the schema
 * types, a field the schema types is read without a type guard, so a manifest that breaks the
 * schema may be judged otherwise by the compiled policy than by the untyped one. The API
 * server never admits such an object for a built-in kind; lint reports it as a high-severity
 * schema finding, so it never passes lint silently. Pinned here on pss-privileged.
 */
import { lint, parseManifestText, validateDocument } from '@kpc/core';
import { catalogRuleIR } from '@kpc/rules/ir';
import { arbWorkload, inputForIR } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { celEvaluator, compiledPolicy } from './test-support/cel-evaluator.ts';

const ir = catalogRuleIR('pss-privileged').ir!;
const typedInput = () => inputForIR(ir);
const untypedInput = () => {
  const { schemaTypes: _, ...rest } = inputForIR(ir);
  return rest;
};

const pod = (container: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ image: 'registry.example.com/app:1', ...container }] },
});

/** Schema findings as `kpc lint` reports them (rule id `schema`). */
function schemaFindings(manifest: unknown) {
  const { documents } = parseManifestText(JSON.stringify(manifest), 'm.json');
  return lint(documents, [], { validate: validateDocument }).findings.map((f) => [
    f.ruleId,
    f.severity,
  ]);
}

describe('typed CEL and schema-invalid manifests', () => {
  it('omits the guards for typed paths and keeps them without the schema types', () => {
    const typed = JSON.stringify(compiledPolicy(typedInput(), 'ValidatingPolicy'));
    const untyped = JSON.stringify(compiledPolicy(untypedInput(), 'ValidatingPolicy'));
    expect(typed).toContain('element.?securityContext.?privileged.orValue(null) == true');
    expect(untyped).toContain('type(element.?securityContext.orValue({})) == map');
    // `c.name ?? ''` of a schema string is concatenated natively: no String() emulation.
    expect(untyped).toContain('[object Object]');
    expect(typed).not.toContain('[object Object]');
    expect(typed.length).toBeLessThan(untyped.length);
  });

  it('gets a high-severity schema finding where the typed policy would judge otherwise', async () => {
    const typed = celEvaluator(ir, 'ValidatingPolicy', 'kubernetes', () => typedInput());
    const untyped = celEvaluator(ir, 'ValidatingPolicy', 'kubernetes', () => untypedInput());
    // A number where the schema says string: the untyped message prints it, the typed CEL
    // concatenates a string with an int, which CEL refuses (an error, not a verdict).
    const wrong = pod({ name: 5, securityContext: { privileged: true } });
    expect((await untyped(wrong, {})).violations.map((v) => v.message)).toEqual([
      'container "5" is privileged (securityContext.privileged: true)',
    ]);
    expect(() => typed(wrong, {})).toThrow();
    expect(schemaFindings(wrong)).toContainEqual(['schema', 'high']);
    // A list where the schema says object: `.?privileged` on a list is an error in cel-go.
    expect(schemaFindings(pod({ name: 'a', securityContext: [true] }))).toContainEqual([
      'schema',
      'high',
    ]);
    expect(schemaFindings(pod({ name: 'a', securityContext: { privileged: 'true' } }))).toEqual([
      ['schema', 'high'],
    ]);
    // Schema-valid, with explicit nulls: no finding, and both policies agree.
    const valid = pod({ name: 'a', securityContext: { privileged: null, capabilities: null } });
    expect(schemaFindings(valid)).toEqual([]);
    expect(await typed(valid, {})).toEqual(await untyped(valid, {}));
  });

  it('agrees with the untyped policy on random schema-valid workloads', () => {
    const typed = celEvaluator(ir, 'ValidatingPolicy', 'kubernetes', () => typedInput());
    const untyped = celEvaluator(ir, 'ValidatingPolicy', 'kubernetes', () => untypedInput());
    fc.assert(
      fc.property(arbWorkload(), (w) => {
        expect(typed(w, {})).toEqual(untyped(w, {}));
      }),
      { numRuns: 100 },
    );
  });
});
