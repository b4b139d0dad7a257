/**
 * Rules over several objects end to end (`run` in this process): `kpc lint` of a directory
 * judges each object against every loaded document, one file alone says the rule needs the
 * whole set, stdin is a whole set, `kpc audit` judges against the dump, and `kpc compile`
 * refuses such a rule for the VAP target with a located diagnostic.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runKpcInProcess } from './test-support.ts';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`;
const POD_OTHER = `apiVersion: v1
kind: Pod
metadata: {name: api, namespace: other}
spec:
  containers:
    - {name: app, image: registry.example.com/api:1.0}
`;
const denyAll = (namespace: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: ${namespace}}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

const RULE = ['--no-config', '--rules', 'require-network-policy', '-f', 'json'];

interface Report {
  findings: { ruleId: string; message: string; resource: { name?: string; namespace?: string } }[];
  diagnostics: {
    code: string;
    severity: string;
    message: string;
    location?: { file: string; line: number };
  }[];
}
const report = (out: string) => JSON.parse(out) as Report;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpc-xref-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('kpc lint and audit of referential rules', { timeout: 120_000 }, () => {
  it('a namespace with workloads but no NetworkPolicy is reported; a default-deny policy clears it', async () => {
    const dir = project({
      'shop/web.yaml': DEPLOYMENT,
      'other/api.yaml': POD_OTHER,
      'other/deny.yaml': denyAll('other'),
    });
    const before = await runKpcInProcess(['lint', '.', ...RULE], dir);
    expect(before.status).toBe(1);
    const findings = report(before.out).findings;
    expect(findings.map((f) => [f.ruleId, f.resource.namespace, f.resource.name])).toEqual([
      ['require-network-policy', 'shop', 'web'],
    ]);
    expect(findings[0]!.message).toContain('namespace "shop"');

    writeFileSync(join(dir, 'shop', 'deny.yaml'), denyAll('shop'));
    const after = await runKpcInProcess(['lint', '.', ...RULE], dir);
    expect(after.status).toBe(0);
    expect(report(after.out).findings).toEqual([]);
  });

  it('one file alone says the rule needs the whole set (located warning), never a silent pass', async () => {
    const dir = project({ 'shop/web.yaml': DEPLOYMENT, 'shop/deny.yaml': denyAll('shop') });
    const r = await runKpcInProcess(['lint', 'shop/web.yaml', ...RULE], dir);
    const out = report(r.out);
    expect(out.findings).toEqual([]);
    const needs = out.diagnostics.filter((d) => d.code === 'RULE_NEEDS_OBJECT_SET');
    expect(needs).toHaveLength(1);
    expect(needs[0]!.severity).toBe('warning');
    expect(needs[0]!.message).toContain('require-network-policy');
    expect(needs[0]!.location?.file).toContain('web.yaml');
    expect(needs[0]!.location?.line).toBe(1);
  });

  it('two files, or the documents on stdin, are a whole set', async () => {
    const dir = project({ 'shop/web.yaml': DEPLOYMENT, 'shop/deny.yaml': denyAll('shop') });
    const two = await runKpcInProcess(['lint', 'shop/web.yaml', 'shop/deny.yaml', ...RULE], dir);
    expect(two.status).toBe(0);
    expect(report(two.out).diagnostics.map((d) => d.code)).not.toContain('RULE_NEEDS_OBJECT_SET');
    const stdin = await runKpcInProcess(['lint', '-', ...RULE], dir, DEPLOYMENT);
    expect(stdin.status).toBe(1);
    expect(report(stdin.out).findings.map((f) => f.ruleId)).toEqual(['require-network-policy']);
  });

  it('kpc audit judges each object against the dump', async () => {
    const list = (items: string[]) =>
      `apiVersion: v1\nkind: List\nitems:\n${items
        .map((i) =>
          i
            .trimEnd()
            .split('\n')
            .map((l, n) => (n === 0 ? `- ${l}` : `  ${l}`))
            .join('\n'),
        )
        .join('\n')}\n`;
    const dir = project({});
    const dump = list([DEPLOYMENT, POD_OTHER, denyAll('other')]);
    const r = await runKpcInProcess(
      ['audit', '-', '--no-config', '--rules', 'require-network-policy'],
      dir,
      dump,
    );
    expect(r.status).toBe(1);
    const results = parseAllDocuments(r.out)
      .map(
        (d) =>
          d.toJS() as {
            results?: {
              rule: string;
              result: string;
              resources: { name: string; namespace?: string }[];
            }[];
          },
      )
      .flatMap((rep) => rep.results ?? [])
      .filter((x) => x.rule === 'require-network-policy')
      .map((x) => [x.resources[0]?.namespace, x.resources[0]?.name, x.result]);
    expect(results.sort()).toEqual([
      ['other', 'api', 'pass'],
      ['shop', 'web', 'fail'],
    ]);
  });

  it('kpc compile refuses the rule for VAP (and so for all targets) with a located diagnostic, writing nothing', async () => {
    const dir = project({});
    for (const target of [['--target', 'vap'], []]) {
      const r = await runKpcInProcess(
        ['compile', '--no-config', '--rules', 'require-network-policy', ...target, '--out', 'out'],
        dir,
      );
      expect(r.status).toBe(2);
      expect(r.err).toMatch(/require-network-policy\.ts:\d+:\d+: error .*\[VAP_REFERENTIAL\]/);
      expect(r.err).toContain('compile this rule with --target kyverno or gatekeeper');
      expect(r.err).toContain('no file was written');
    }
  });
});
