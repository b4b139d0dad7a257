import type { Diagnostic } from '@kpc/ir';
import { describe, expect, it } from 'vitest';
import type { ResolvedRule } from '../config/resolve-rules.ts';
import { defineRule } from '../rule/define-rule.ts';
import { allContainers } from '../rule/helpers.ts';
import { createApiChecker } from '../schema/check-api-version.ts';
import { atOrAbove, lint } from './lint.ts';
import { documentsFromYaml } from './test-documents.ts';

const privileged = defineRule({
  id: 'no-privileged',
  title: 'No privileged',
  description: 'd',
  rationale: 'r',
  remediation: 'm',
  severity: 'critical',
  category: 'test',
  controls: [],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) => c.securityContext?.privileged !== true,
  message: (c) => `container "${c.name}" is privileged`,
  examples: { pass: [], fail: [] },
});

const throwing = defineRule({
  id: 'throws',
  title: 't',
  description: 'd',
  rationale: 'r',
  remediation: 'm',
  severity: 'low',
  category: 'test',
  controls: [],
  target: 'Service',
  check: () => {
    throw new Error('boom');
  },
  message: () => 'never',
  examples: { pass: [], fail: [] },
});

const resolved = (rule: ResolvedRule['rule'], severity = rule.severity): ResolvedRule => ({
  rule,
  action: 'enforce',
  severity,
  params: {},
});

const YAML = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: ok
          image: a
        - name: bad
          image: b
          securityContext: {privileged: true}
---
apiVersion: v1
kind: Pod
metadata: {name: sys, namespace: kube-system}
spec:
  containers:
    - name: bad
      image: b
      securityContext: {privileged: true}
`;

describe('lint', () => {
  it('reports one finding per offending element with resource, pointer and location', () => {
    const docs = documentsFromYaml('m.yaml', YAML);
    const { findings, diagnostics } = lint(docs, [resolved(privileged)]);
    expect(diagnostics).toEqual([]);
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({
      ruleId: 'no-privileged',
      severity: 'critical',
      message: 'container "bad" is privileged',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
      pointer: '/spec/template/spec/containers/1',
      location: { file: 'm.yaml', line: 10, column: 11 },
      action: 'enforce',
    });
  });

  it('skips rules in excluded namespaces', () => {
    const docs = documentsFromYaml('m.yaml', YAML);
    const { findings } = lint(docs, [resolved(privileged)], {
      excludedNamespaces: ['kube-system'],
    });
    expect(findings.map((f) => f.resource.name)).toEqual(['web']);
  });

  it('prefixes the document base pointer (List items)', () => {
    const [doc] = documentsFromYaml('m.yaml', YAML);
    const item = { ...doc!, basePointer: '/items/4' };
    const { findings } = lint([item], [resolved(privileged)]);
    expect(findings[0]!.pointer).toBe('/items/4/spec/template/spec/containers/1');
  });

  it('turns schema errors into findings and still runs rules on the document', () => {
    const docs = documentsFromYaml('m.yaml', YAML);
    const validate = (): Diagnostic[] => [
      {
        code: 'SCHEMA_UNKNOWN_FIELD',
        severity: 'error',
        message: 'unknown field "privilaged"',
        pointer: '/spec/template/spec/containers/0/image',
      },
      { code: 'SCHEMA_UNCHECKED_KIND', severity: 'info', message: 'no schema' },
    ];
    const { findings, diagnostics } = lint(docs.slice(0, 1), [resolved(privileged)], { validate });
    expect(findings.map((f) => [f.ruleId, f.code, f.severity, f.location.line])).toEqual([
      ['schema', 'SCHEMA_UNKNOWN_FIELD', 'high', 9],
      ['no-privileged', undefined, 'critical', 10],
    ]);
    expect(diagnostics.map((d) => d.code)).toEqual(['SCHEMA_UNCHECKED_KIND']);
  });

  it('fails closed when a rule throws: a finding and a located RULE_CHECK_THREW', () => {
    const docs = documentsFromYaml(
      's.yaml',
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n',
    );
    const { findings, diagnostics } = lint(docs, [resolved(throwing)]);
    expect(findings).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'RULE_CHECK_THREW',
      location: { file: 's.yaml', line: 1 },
    });
  });

  it('uses the configured severity and reports progress', () => {
    const docs = documentsFromYaml('m.yaml', YAML);
    const progress: number[] = [];
    const { findings } = lint(docs, [resolved(privileged, 'low')], {
      onProgress: (done) => progress.push(done),
    });
    expect(findings.every((f) => f.severity === 'low')).toBe(true);
    expect(progress).toEqual([1, 2]);
  });

  it('checks the pod template of removed and misspelt workload APIs as the kind they mean', () => {
    const yaml = (apiVersion: string, kind: string) => `apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: x}
spec:
  template:
    spec:
      containers:
        - name: bad
          image: b
          securityContext: {privileged: true}
`;
    const cases = [
      ['extensions/v1beta1', 'DaemonSet'],
      ['apps/v1beta2', 'Deployment'],
      ['apps/v1beta1', 'StatefulSet'],
      ['app/v1', 'Deployment'],
      ['apps/v1', 'deployment'],
    ];
    const api = createApiChecker();
    for (const [apiVersion, kind] of cases) {
      const docs = documentsFromYaml('m.yaml', yaml(apiVersion!, kind!));
      // Without the API check, nothing matches: the object slips past every rule.
      expect(lint(docs, [resolved(privileged)]).findings).toEqual([]);
      const { findings } = lint(docs, [resolved(privileged)], { api });
      expect(
        findings.map((f) => [f.ruleId, f.pointer, f.resource.apiVersion]),
        apiVersion,
      ).toEqual([['no-privileged', '/spec/template/spec/containers/0', apiVersion]]);
      expect(findings[0]?.hint).toContain('checked as');
    }
    const cron = documentsFromYaml(
      'c.yaml',
      'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - {name: bad, image: b, securityContext: {privileged: true}}\n',
    );
    expect(lint(cron, [resolved(privileged)], { api }).findings.map((f) => f.pointer)).toEqual([
      '/spec/jobTemplate/spec/template/spec/containers/0',
    ]);
  });

  it('orders severities', () => {
    expect(atOrAbove('high', 'medium')).toBe(true);
    expect(atOrAbove('low', 'medium')).toBe(false);
    expect(atOrAbove('critical', 'critical')).toBe(true);
  });
});

describe('lint shares one normalised object between rules', () => {
  it('a rule that mutates the object throws (fail closed) and cannot affect the next rule', () => {
    const mutating = defineRule({
      id: 'a-mutates',
      title: 't',
      description: 'd',
      rationale: 'r',
      remediation: 'm',
      severity: 'low',
      category: 'test',
      controls: [],
      target: 'PodSpec',
      check: (spec) => {
        (spec.containers as unknown as unknown[]).length = 0;
        return true;
      },
      message: () => 'never',
      examples: { pass: [], fail: [] },
    });
    const docs = documentsFromYaml('m.yaml', YAML).slice(0, 1);
    const { findings, diagnostics } = lint(docs, [resolved(mutating), resolved(privileged)]);
    expect(diagnostics.map((d) => d.code)).toEqual(['RULE_CHECK_THREW']);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['a-mutates', 'no-privileged']);
  });
});
