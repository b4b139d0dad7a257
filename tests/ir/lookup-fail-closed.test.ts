/**
 * A referential rule (one with a `lookup` node) is refused by every backend that cannot read
 * other objects: a located error diagnostic and no policy file for it, never a weaker policy.
 * The VAP refusal is final (VAP_REFERENTIAL: a ValidatingAdmissionPolicy cannot read other
 * objects); the Gatekeeper and Kyverno refusals hold until their lowerings exist.
 */
import { gatekeeperBackend } from '@kpc/compile-gatekeeper';
import { kyvernoBackend } from '@kpc/compile-kyverno';
import { vapBackend } from '@kpc/compile-vap';
import {
  comprehension,
  get,
  IR_VERSION,
  literal,
  lookup,
  type RuleIR,
  ref,
  stringTest,
} from '@kpc/ir';
import { REFERENTIAL_RULES, rules } from '@kpc/rules';
import { catalogRuleIR } from '@kpc/rules/ir';
import { inputForIR } from '@kpc/testing';
import { describe, expect, it } from 'vitest';

const at = { file: 'rules/needs-np.ts', line: 12, column: 19 };
const referential: RuleIR = {
  irVersion: IR_VERSION,
  id: 'needs-np',
  target: { kind: 'podSpec' },
  params: {},
  each: null,
  check: comprehension(
    'some',
    lookup(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      { namespace: get(ref('metadata'), 'namespace') },
      at,
    ),
    'p',
    stringTest('startsWith', get(get(ref('p'), 'metadata'), 'name'), literal('deny')),
  ),
  message: literal('no NetworkPolicy'),
};
const plain: RuleIR = { ...referential, id: 'plain', check: literal(true) };

describe('backends refuse referential rules they cannot lower', () => {
  it('VAP: VAP_REFERENTIAL at the lookup, with the hint to use kyverno or gatekeeper', () => {
    const out = vapBackend().compile([inputForIR(referential), inputForIR(plain)]);
    const errors = out.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.ruleId, d.location])).toEqual([
      ['VAP_REFERENTIAL', 'needs-np', at],
    ]);
    expect(errors[0]?.hint).toBe(
      'compile this rule with --target kyverno or gatekeeper; Kubernetes ValidatingAdmissionPolicy cannot read other objects',
    );
    expect(out.files.some((f) => f.content.includes('needs-np'))).toBe(false);
    expect(out.files.some((f) => f.content.includes('plain'))).toBe(true);
  });

  for (const [backend, code] of [
    [gatekeeperBackend(), 'GK_UNSUPPORTED'],
    [kyvernoBackend(), 'KYV_UNSUPPORTED'],
  ] as const) {
    it(`${backend.name}: a located ${code} and no policy for the rule`, () => {
      const out = backend.compile([inputForIR(referential)]);
      const errors = out.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((d) => d.code === code && d.ruleId === 'needs-np')).toBe(true);
      expect(errors.some((d) => d.location?.line === at.line)).toBe(true);
      expect(out.files.some((f) => f.content.includes('needs-np'))).toBe(false);
    });
  }

  it.each(REFERENTIAL_RULES)(
    'catalog rule %s is refused by every backend, located in its source',
    (id) => {
      const rule = rules.find((r) => r.id === id)!;
      const ir = catalogRuleIR(id).ir!;
      const input = { ...inputForIR(ir), meta: rule, examples: rule.examples };
      for (const [backend, code] of [
        [vapBackend(), 'VAP_REFERENTIAL'],
        [gatekeeperBackend(), 'GK_UNSUPPORTED'],
        [kyvernoBackend(), 'KYV_UNSUPPORTED'],
      ] as const) {
        const out = backend.compile([input]);
        const errors = out.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.length, backend.name).toBeGreaterThan(0);
        expect(errors.every((d) => d.code === code && d.ruleId === id)).toBe(true);
        expect(errors[0]?.location?.file).toMatch(new RegExp(`${id}\\.ts$`));
        expect(out.files.filter((f) => f.tree !== 'test')).toEqual([]);
      }
    },
  );
});
