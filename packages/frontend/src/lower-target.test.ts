/**
 * Lowering a rule's `target`: 'PodSpec', one kind, or a list of kinds (→ one GVK per kind, in
 * the given order), and the located rejections of malformed lists.
 */

import { evaluateRuleIR } from '@kpc/ir';
import { describe, expect } from 'vitest';
import { batchedLowering, positionOf } from './test-support.ts';

// Every case of this file is type-checked in one TypeScript program (test-support.ts).
const { test, lowerOne, rejectOne } = batchedLowering();

const rbac = (kind: string) => ({ group: 'rbac.authorization.k8s.io', version: 'v1', kind });

describe('rule targets', () => {
  test('a list of kinds lowers to their GVKs, in the given order', () => {
    const ir = lowerOne({
      target: "['ClusterRoleBinding', 'RoleBinding']",
      each: '({ object }) => object.subjects ?? []',
      check: "(s) => s.name !== 'system:anonymous'",
      message: "(s) => s.name ?? ''",
    });
    expect(ir.target).toEqual({
      kind: 'resources',
      resources: [rbac('ClusterRoleBinding'), rbac('RoleBinding')],
    });
  });

  test('check and message may narrow the union on object.kind', () => {
    const ir = lowerOne({
      target: "['Role', 'RoleBinding']",
      check:
        "(o) => (o.kind === 'Role' ? (o.rules ?? []).length : (o.subjects ?? []).length) === 0",
      message: "(o) => o.kind === 'Role' ? 'role has rules' : 'binding has subjects'",
    });
    const run = (object: Record<string, unknown>) =>
      evaluateRuleIR(ir, object).violations.map((v) => v.message);
    const head = { apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name: 'x' } };
    expect(run({ ...head, kind: 'Role', rules: [{ verbs: ['get'] }] })).toEqual(['role has rules']);
    expect(run({ ...head, kind: 'Role', subjects: [{ name: 'a' }] })).toEqual([]);
    expect(run({ ...head, kind: 'RoleBinding', subjects: [{ name: 'a' }] })).toEqual([
      'binding has subjects',
    ]);
  });

  test('kinds of different groups, and `as const`', () => {
    const ir = lowerOne({
      target: "['Service', 'Deployment'] as const",
      check: '(o) => o.metadata?.name !== undefined',
    });
    expect(ir.target).toEqual({
      kind: 'resources',
      resources: [
        { group: '', version: 'v1', kind: 'Service' },
        { group: 'apps', version: 'v1', kind: 'Deployment' },
      ],
    });
  });

  test('a one-kind list equals the kind name', () => {
    const a = lowerOne({ target: "['Namespace']", check: '() => true' });
    const b = lowerOne({ target: "'Namespace'", check: '() => true' });
    expect(a.target).toEqual(b.target);
  });

  test('rejects a duplicate kind at the repeated entry', () => {
    const { diagnostics, source } = rejectOne({ target: "['Role', 'Role']", check: '() => true' });
    expect(
      diagnostics.map((d) => [d.code, d.message, d.location?.line, d.location?.column]),
    ).toEqual([
      [
        'FE_RULE_SHAPE',
        'target lists Role twice',
        ...Object.values(positionOf(source, "'Role'", 2)),
      ],
    ]);
  });

  for (const [name, target] of [
    ['an empty list', '[]'],
    ['PodSpec in a list', "['Role', 'PodSpec']"],
    ['an unknown kind', "['Role', 'Widget']"],
  ] as const) {
    test(`rejects ${name} with a type error at the target`, () => {
      const { diagnostics, source } = rejectOne({ target, check: '() => true' });
      expect(diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
        ['FE_TYPE_ERROR', ...Object.values(positionOf(source, 'target:'))],
      ]);
      expect(diagnostics[0]!.message).toContain('TargetName');
    });
  }
});
