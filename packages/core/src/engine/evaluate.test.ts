import { objectSet } from '@kpc/ir';
import { describe, expect, it } from 'vitest';
import { defineRule } from '../rule/define-rule.ts';
import { allContainers } from '../rule/helpers.ts';
import { evaluateRule } from './evaluate.ts';

const privileged = defineRule({
  id: 'test-privileged',
  title: 't',
  description: 'd',
  rationale: 'r',
  remediation: 'm',
  severity: 'high',
  category: 'test',
  controls: [],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) => c.securityContext?.privileged !== true,
  message: (c) => `container "${c.name}" is privileged`,
  examples: { pass: [], fail: [] },
});

describe('evaluateRule', () => {
  it('reports one violation per offending container with its pointer, for a CronJob', () => {
    const cronjob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'x' },
      spec: {
        jobTemplate: {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'a', image: 'i' },
                  { name: 'b', image: 'i', securityContext: { privileged: true } },
                ],
                initContainers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }],
              },
            },
          },
        },
      },
    };
    const r = evaluateRule(privileged, cronjob);
    expect(r.applies).toBe(true);
    expect(r.violations.map((v) => v.pointer)).toEqual([
      '/spec/jobTemplate/spec/template/spec/containers/1',
      '/spec/jobTemplate/spec/template/spec/initContainers/0',
    ]);
    expect(r.violations[0]?.message).toBe('container "b" is privileged');
  });

  it('does not apply to kinds without a pod spec', () => {
    expect(
      evaluateRule(privileged, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } })
        .applies,
    ).toBe(false);
    expect(evaluateRule(privileged, { apiVersion: 'apps/v2', kind: 'Deployment' }).applies).toBe(
      false,
    );
  });

  it('treats an explicit null like an absent field', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { containers: [{ name: 'a', securityContext: null }], initContainers: null },
    };
    expect(evaluateRule(privileged, pod).violations).toEqual([]);
  });

  it('fails closed when a rule function throws', () => {
    const throwing = defineRule({
      ...privileged,
      id: 'test-throws',
      each: ({ spec }) => spec.containers.filter((c) => c.name.length > 0),
    });
    const r = evaluateRule(throwing, { apiVersion: 'v1', kind: 'Pod', spec: {} });
    expect(r.errors.map((e) => e.code)).toEqual(['RULE_CHECK_THREW']);
    expect(r.violations).toHaveLength(1);
  });

  describe('reads: the kinds a rule may list/get', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'a' },
      spec: {},
    };
    const deny = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace: 'a' },
      spec: { podSelector: {} },
    };
    const set = objectSet([pod, deny]);
    const needsPolicy = defineRule({
      ...privileged,
      id: 'test-needs-policy',
      reads: ['NetworkPolicy'],
      each: undefined,
      check: (_s, { object, list }) =>
        list('NetworkPolicy', { namespace: object.metadata?.namespace }).length > 0,
      message: () => 'no policy',
    });

    it('a declared read sees the set', () => {
      const r = evaluateRule(needsPolicy, pod, {}, undefined, undefined, set);
      expect(r.errors).toEqual([]);
      expect(r.violations).toEqual([]);
    });

    it('an undeclared read fails the object with RULE_UNDECLARED_READ naming the rule, the kind and the fix', () => {
      const undeclared = defineRule({ ...needsPolicy, id: 'test-undeclared', reads: undefined });
      for (const objects of [set, undefined]) {
        const r = evaluateRule(undeclared, pod, {}, undefined, undefined, objects);
        expect(r.errors.map((e) => [e.code, e.severity, e.ruleId])).toEqual([
          ['RULE_UNDECLARED_READ', 'error', 'test-undeclared'],
        ]);
        expect(r.errors[0]!.message).toContain('NetworkPolicy');
        expect(r.errors[0]!.hint).toContain("Add reads: ['NetworkPolicy']");
        expect(r.violations).toHaveLength(1);
      }
    });

    it('a read of a kind besides the declared ones names them all in the fix', () => {
      const more = defineRule({
        ...needsPolicy,
        id: 'test-more',
        check: (_s, { list }) => list('NetworkPolicy').length + list('ServiceAccount').length > 0,
      });
      const r = evaluateRule(more, pod, {}, undefined, undefined, set);
      expect(r.errors.map((e) => e.code)).toEqual(['RULE_UNDECLARED_READ']);
      expect(r.errors[0]!.hint).toContain("Add reads: ['NetworkPolicy', 'ServiceAccount']");
    });

    it('a rule that catches the error still fails (fail closed)', () => {
      const catching = defineRule({
        ...needsPolicy,
        id: 'test-catching',
        reads: undefined,
        check: (_s, { list }) => {
          try {
            return list('NetworkPolicy').length > 0;
          } catch {
            return true;
          }
        },
      });
      const r = evaluateRule(catching, pod, {}, undefined, undefined, set);
      expect(r.errors.map((e) => e.code)).toEqual(['RULE_UNDECLARED_READ']);
      expect(r.violations).toHaveLength(1);
    });
  });
});
