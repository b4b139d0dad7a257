import { isReferential } from '@kpc/ir';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { evaluateRule } from '../engine/evaluate.ts';
import {
  type AnyRule,
  defineRule,
  formatTarget,
  type RuleDefinition,
  RuleDefinitionError,
  targetKinds,
} from './define-rule.ts';

const meta = {
  title: 'No wildcard verbs',
  description: 'd',
  rationale: 'r',
  remediation: 'r',
  severity: 'high',
  category: 'RBAC',
  controls: [],
  examples: { pass: [], fail: [] },
} as const;

const wildcard = defineRule({
  ...meta,
  id: 'no-wildcard-verbs',
  target: ['Role', 'ClusterRole'],
  each: ({ object }) => object.rules ?? [],
  check: (r) => !r.verbs.includes('*'),
  message: (_r, { object }) => `${object.kind} ${object.metadata?.name ?? ''}`,
});

const role = (kind: string, apiVersion = 'rbac.authorization.k8s.io/v1') => ({
  apiVersion,
  kind,
  metadata: { name: 'x' },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }],
});

describe('defineRule with several target kinds', () => {
  it('types the object as the union of the kinds', () => {
    defineRule({
      ...meta,
      id: 'typed',
      target: ['Role', 'ClusterRole'],
      check: (o) => {
        expectTypeOf(o).toEqualTypeOf<IRole | IClusterRole>();
        return true;
      },
      message: (_o, ctx) => {
        expectTypeOf(ctx.object).toEqualTypeOf<IRole | IClusterRole>();
        return '';
      },
    });
  });

  it('evaluates every listed kind and ignores the others', () => {
    for (const kind of ['Role', 'ClusterRole']) {
      const r = evaluateRule(wildcard, role(kind));
      expect(r.applies).toBe(true);
      expect(r.violations.map((v) => [v.pointer, v.message])).toEqual([['/rules/0', `${kind} x`]]);
    }
    expect(evaluateRule(wildcard, role('RoleBinding')).applies).toBe(false);
    expect(evaluateRule(wildcard, role('Role', 'v1')).applies).toBe(false);
  });

  it('freezes the target list, and formats it for people', () => {
    expect(Object.isFrozen(wildcard.target)).toBe(true);
    expect(targetKinds(wildcard.target)).toEqual(['Role', 'ClusterRole']);
    expect(formatTarget(wildcard.target)).toBe('Role, ClusterRole');
    expect(targetKinds('PodSpec')).toEqual([]);
    expect(formatTarget('Service')).toBe('Service');
  });

  it.each([
    ['an empty list', [], 'non-empty list'],
    ['a duplicate kind', ['Role', 'Role'], 'twice'],
    ['PodSpec in a list', ['Role', 'PodSpec'], '"PodSpec" must be a kind name'],
  ])('rejects %s', (_name, target, problem) => {
    const definition = {
      ...meta,
      id: 'bad',
      target,
      check: () => true,
      message: () => '',
    } as unknown as RuleDefinition<'Role', unknown, Record<never, never>>;
    expect(() => defineRule(definition)).toThrow(RuleDefinitionError);
    expect(() => defineRule(definition)).toThrow(problem);
  });

  it('is an AnyRule', () => {
    const any: AnyRule = wildcard;
    expect(any.kind).toBe('kpc-rule');
  });
});

describe('defineRule reads', () => {
  it('keeps the declared kinds, frozen; no reads: not referential', () => {
    const r = defineRule({ ...wildcard, id: 'reads-np', reads: ['NetworkPolicy'] });
    expect(r.reads).toEqual(['NetworkPolicy']);
    expect(Object.isFrozen(r.reads)).toBe(true);
    expect(isReferential(r)).toBe(true);
    expect(isReferential(wildcard)).toBe(false);
    expect('reads' in wildcard).toBe(false);
  });

  it.each([
    ['not a list', 'NetworkPolicy', 'list of kind names'],
    ['a duplicate kind', ['Pod', 'Pod'], 'names Pod twice'],
    ['an entry that is not a kind name', ['Pod', 'apps/v1 Deployment'], 'must be a kind name'],
  ])('rejects %s', (_name, reads, problem) => {
    const definition = { ...wildcard, id: 'bad-reads', reads } as unknown as RuleDefinition<
      'Role',
      unknown,
      Record<never, never>
    >;
    expect(() => defineRule(definition)).toThrow(RuleDefinitionError);
    expect(() => defineRule(definition)).toThrow(problem);
  });
});
