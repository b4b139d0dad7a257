/**
 * A referential rule (one with a `lookup` node) is refused by every backend that cannot read
 * other objects: a located error diagnostic and no policy file for it, never a weaker policy.
 * The VAP refusal is final (VAP_REFERENTIAL: a ValidatingAdmissionPolicy cannot read other
 * objects), and so is Kyverno's for ClusterPolicy; Gatekeeper and Kyverno ValidatingPolicy
 * read the cluster.
 */
import { gatekeeperBackend } from '@kpc/compile-gatekeeper';
import { kyvernoBackend } from '@kpc/compile-kyverno';
import { vapBackend } from '@kpc/compile-vap';
import { IR_VERSION, ir, isReferential, type RuleIR } from '@kpc/ir';
import { rules } from '@kpc/rules';
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
  check: ir.comprehension(
    'some',
    ir.lookup(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      { namespace: ir.get(ir.ref('metadata'), 'namespace') },
      at,
    ),
    'p',
    ir.stringTest(
      'startsWith',
      ir.get(ir.get(ir.ref('p'), 'metadata'), 'name'),
      ir.literal('deny'),
    ),
  ),
  message: ir.literal('no NetworkPolicy'),
};
const plain: RuleIR = { ...referential, id: 'plain', check: ir.literal(true) };

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

  it('kyverno ClusterPolicy (no resource library in validate.cel): a located KYV_UNSUPPORTED and no policy', () => {
    const out = kyvernoBackend({ kinds: ['ClusterPolicy'] }).compile([inputForIR(referential)]);
    const errors = out.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.ruleId, d.location])).toEqual([
      ['KYV_UNSUPPORTED', 'needs-np', at],
    ]);
    expect(out.files.some((f) => f.content.includes('needs-np'))).toBe(false);
  });

  // Gatekeeper (data.inventory) and Kyverno ValidatingPolicy (resource.List) read the
  // cluster: they compile the rule (their lowerings are tested in their packages).
  for (const backend of [gatekeeperBackend(), kyvernoBackend()])
    it(`${backend.name}: compiles the referential rule`, () => {
      const out = backend.compile([inputForIR(referential)]);
      expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(out.files.some((f) => f.content.includes('needs-np'))).toBe(true);
    });

  it.each(rules.filter(isReferential).map((r) => r.id))(
    'catalog rule %s: VAP and ClusterPolicy refuse it located in its source; Gatekeeper compiles it; a ValidatingPolicy compiles it or refuses it located',
    (id) => {
      const rule = rules.find((r) => r.id === id)!;
      const ir = catalogRuleIR(id).ir!;
      const input = { ...inputForIR(ir), meta: rule, examples: rule.examples };
      for (const [backend, code] of [
        [vapBackend(), 'VAP_REFERENTIAL'],
        [kyvernoBackend({ kinds: ['ClusterPolicy'] }), 'KYV_UNSUPPORTED'],
      ] as const) {
        const out = backend.compile([input]);
        const errors = out.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.length, backend.name).toBeGreaterThan(0);
        expect(errors.every((d) => d.code === code && d.ruleId === id)).toBe(true);
        expect(errors[0]?.location?.file).toMatch(new RegExp(`${id}\\.ts$`));
        expect(out.files.filter((f) => f.tree !== 'test')).toEqual([]);
      }
      const gk = gatekeeperBackend().compile([input]);
      expect(gk.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(gk.files.some((f) => f.path === `templates/${id}/template.yaml`)).toBe(true);
      const vp = kyvernoBackend().compile([input]);
      const refused = vp.diagnostics.filter((d) => d.severity === 'error');
      for (const d of refused) {
        expect([d.code, d.ruleId]).toEqual(['KYV_UNSUPPORTED', id]);
        expect(d.location?.file).toMatch(new RegExp(`${id}\\.ts$`));
      }
      expect(vp.files.some((f) => f.path === `${id}/validatingpolicy.yaml`)).toBe(
        refused.length === 0,
      );
    },
  );
});
