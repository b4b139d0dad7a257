import { describe, expect, it } from 'vitest';
import type { PolicyExceptionSpec, ResolvedException } from '../config/exception-spec.ts';
import { parseExpiryDate } from '../config/exception-spec.ts';
import type { ResolvedRule } from '../config/resolve-rules.ts';
import { defineRule } from '../rule/define-rule.ts';
import { allContainers } from '../rule/helpers.ts';
import { containerAt, exceptionRunDiagnostics } from './exception-match.ts';
import { lint } from './lint.ts';
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
const clusterRoleName = defineRule({
  id: 'role-name',
  title: 'Role names start with team-',
  description: 'd',
  rationale: 'r',
  remediation: 'm',
  severity: 'low',
  category: 'test',
  controls: [],
  target: 'ClusterRole',
  check: (_o, { metadata }) => metadata.name?.startsWith('team-') === true,
  message: () => 'bad name',
  examples: { pass: [], fail: [] },
});
const rules: ResolvedRule[] = [
  { rule: privileged, action: 'enforce', severity: 'critical', params: {} },
  { rule: clusterRoleName, action: 'enforce', severity: 'low', params: {} },
];

const YAML = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-agent, namespace: monitoring, labels: {team: obs}}
spec:
  template:
    spec:
      initContainers:
        - {name: init, image: "busybox:1", securityContext: {privileged: true}}
      containers:
        - {name: agent, image: "vendor.example.com/agent:1", securityContext: {privileged: true}}
        - {name: side, image: "other.example.com/side:1", securityContext: {privileged: true}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-agent, namespace: default}
spec:
  template:
    spec:
      containers:
        - {name: agent, image: "vendor.example.com/agent:1", securityContext: {privileged: true}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules: []
`;
const docs = documentsFromYaml('/m.yaml', YAML);

function exc(spec: Partial<PolicyExceptionSpec> & { id: string }): ResolvedException {
  const expires = spec.expires ?? 'never';
  const expiresAt = parseExpiryDate(expires);
  return {
    rules: ['no-privileged'],
    reason: 'r',
    owner: 'o',
    expires,
    location: { file: '/kpc.config.ts', line: 1, column: 1 },
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...spec,
  } as ResolvedException;
}

/** `[object name/namespace, pointer, exception id or '-']` per finding. */
function verdicts(exceptions: ResolvedException[], now = Date.UTC(2027, 0, 1)) {
  const r = lint(docs, rules, { exceptions, now });
  return r.findings.map((f) => [
    `${f.resource.namespace ?? ''}/${f.resource.name}`,
    f.pointer,
    f.exception?.id ?? (f.expiredException ? `expired:${f.expiredException.id}` : '-'),
  ]);
}

describe('lint with exceptions', () => {
  it('an exception for one object and one rule exempts exactly that', () => {
    const v = verdicts([
      exc({
        id: 'one',
        resources: [{ kind: 'DaemonSet', namespace: 'monitoring', name: 'node-agent' }],
      }),
    ]);
    expect(v).toEqual([
      ['monitoring/node-agent', '/spec/template/spec/initContainers/0', 'one'],
      ['monitoring/node-agent', '/spec/template/spec/containers/0', 'one'],
      ['monitoring/node-agent', '/spec/template/spec/containers/1', 'one'],
      ['default/node-agent', '/spec/template/spec/containers/0', '-'],
      ['/reader', '', '-'],
    ]);
  });

  it('image globs exempt only the containers whose image matches', () => {
    const v = verdicts([
      exc({ id: 'img', namespaces: ['monitoring'], images: ['vendor.example.com/*'] }),
    ]);
    expect(v.map((x) => x[2])).toEqual(['-', 'img', '-', '-', '-']);
  });

  it('an image exception never exempts a finding that is not about a container', () => {
    const v = verdicts([exc({ id: 'img', rules: ['role-name'], images: ['*'] })]);
    expect(v.every((x) => x[2] === '-')).toBe(true);
  });

  it('namespace globs never match cluster-scoped objects; labels must all match', () => {
    expect(
      verdicts([exc({ id: 'ns', rules: ['role-name'], namespaces: ['*'] })]).map((x) => x[2]),
    ).toEqual(['-', '-', '-', '-', '-']);
    expect(
      verdicts([
        exc({ id: 'kind', rules: ['role-name'], resources: [{ kind: 'ClusterRole' }] }),
      ]).map((x) => x[2]),
    ).toEqual(['-', '-', '-', '-', 'kind']);
    expect(verdicts([exc({ id: 'l', labels: { team: 'obs' } })]).map((x) => x[2])).toEqual([
      'l',
      'l',
      'l',
      '-',
      '-',
    ]);
    expect(
      verdicts([exc({ id: 'l', labels: { team: 'obs', tier: 'x' } })]).map((x) => x[2]),
    ).toEqual(['-', '-', '-', '-', '-']);
  });

  it('stops applying at 00:00 UTC of its expiry date, and the finding names it', () => {
    const e = [exc({ id: 'until', namespaces: ['default'], expires: '2027-03-31' })];
    const last = Date.UTC(2027, 2, 30, 23, 59, 59, 999);
    expect(verdicts(e, last)[3]![2]).toBe('until');
    expect(verdicts(e, Date.UTC(2027, 2, 31))[3]![2]).toBe('expired:until');
    const r = lint(docs, rules, { exceptions: e, now: Date.UTC(2027, 2, 31) });
    expect(r.findings[3]!.message).toContain('exception "until" expired on 2027-03-31');
  });

  it('the first active exception in source order wins; an active one beats an expired one', () => {
    const list = [
      exc({ id: 'old', namespaces: ['default'], expires: '2020-01-01' }),
      exc({ id: 'new', namespaces: ['default'] }),
    ];
    expect(verdicts(list)[3]![2]).toBe('new');
  });

  it('reports exceptions that expired and those that match no object', () => {
    const list = [
      exc({ id: 'gone', resources: [{ name: 'no-such-*' }] }),
      exc({ id: 'used', namespaces: ['monitoring'] }),
      exc({ id: 'old', namespaces: ['default'], expires: '2020-01-01' }),
    ];
    const now = Date.UTC(2027, 0, 1);
    const r = lint(docs, rules, { exceptions: list, now });
    expect([...r.matchedExceptions].sort()).toEqual(['old', 'used']);
    expect(
      exceptionRunDiagnostics(list, r.matchedExceptions, now).map((d) => [d.code, d.severity]),
    ).toEqual([
      ['EXC_UNMATCHED', 'warning'],
      ['EXC_EXPIRED', 'warning'],
    ]);
  });
});

describe('containerAt', () => {
  it('finds the container a pointer lies in, for every container list', () => {
    const obj = docs[0]!.object;
    expect(containerAt(obj, '/spec/template/spec/containers/1/securityContext')).toEqual({
      pointer: '/spec/template/spec/containers/1',
      image: 'other.example.com/side:1',
    });
    expect(containerAt(obj, '/spec/template/spec/initContainers/0')?.image).toBe('busybox:1');
    expect(containerAt(obj, '/spec/template/spec')).toBeUndefined();
    expect(containerAt(obj, '/spec/template/spec/containers/7')).toBeUndefined();
    expect(containerAt(docs[2]!.object, '/rules/0')).toBeUndefined();
  });
});
