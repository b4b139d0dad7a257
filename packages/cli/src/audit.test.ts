/**
 * `kpc audit` end to end (`run` in this process, as the binary calls it): cluster dumps in,
 * PolicyReports out (valid against the CRDs), bad dumps reported with a location while the
 * rest is audited, and `--compare` against the Kyverno PolicyReports in the same dump.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crdValidator, sharedSchemaDir } from '@kpc/testing';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runKpcInProcess } from './test-support.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'audit');
const config = ['--config', '../exceptions/kpc.config.ts'];
const now = ['--now', '2026-12-01T10:00:00Z'];

type Report = {
  kind: string;
  metadata: { name: string; namespace?: string };
  summary: Record<string, number>;
  results: {
    rule: string;
    result: string;
    resources: { name: string; uid?: string }[];
    properties?: Record<string, string>;
  }[];
};

function readReports(text: string): Report[] {
  return parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS() as Report);
}

describe('kpc audit', { timeout: 240_000 }, () => {
  it('writes one PolicyReport per namespace to --out, valid against the CRDs', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kpc-audit-'));
    const r = await runKpcInProcess(
      ['audit', 'cluster/workloads.yaml', ...config, ...now, '--out', out],
      fixtures,
    );
    expect(r.err).toContain('kpc audit: 3 objects, 2 reports');
    expect(r.status).toBe(1); // other-agent is privileged, and nothing excepts it
    expect(readdirSync(out).sort()).toEqual([
      'policyreport-monitoring.yaml',
      'policyreport-shop-eu.yaml',
    ]);
    const monitoring = readReports(readFileSync(join(out, 'policyreport-monitoring.yaml'), 'utf8'));
    expect(monitoring).toHaveLength(1);
    const results = monitoring[0]!.results.map(
      (x) => `${x.resources[0]!.name}:${x.rule}:${x.result}`,
    );
    expect(results).toEqual([
      'node-agent:disallow-latest-tag:pass',
      'node-agent:pss-privileged:skip',
      'other-agent:disallow-latest-tag:pass',
      'other-agent:pss-privileged:fail',
    ]);
    expect(monitoring[0]!.summary).toEqual({ pass: 2, fail: 1, warn: 0, error: 0, skip: 1 });
    expect(monitoring[0]!.results[1]!.properties?.exception).toBe('legacy-agent-privileged');
    expect(monitoring[0]!.results[1]!.resources[0]!.uid).toBe(
      '7d1c1a6e-0000-4000-8000-000000000001',
    );
    const dir = sharedSchemaDir('kyverno');
    if (dir === undefined) return;
    const validate = crdValidator(dir, 'wgpolicyk8s.io_policyreports.yaml', 'v1alpha2');
    for (const f of readdirSync(out))
      for (const doc of readReports(readFileSync(join(out, f), 'utf8')))
        expect(validate(doc) ? [] : validate.errors, f).toEqual([]);
  });

  it('stdin and stdout: one multi-document stream, byte-identical across runs', async () => {
    const dump = readFileSync(join(fixtures, 'cluster', 'workloads.yaml'), 'utf8');
    const a = await runKpcInProcess(['audit', '-', ...config, ...now], fixtures, dump);
    const b = await runKpcInProcess(
      ['audit', 'cluster/workloads.yaml', ...config, ...now],
      fixtures,
    );
    expect(a.out).toBe(b.out);
    expect(readReports(a.out).map((x) => x.metadata.name)).toEqual([
      'kpc-monitoring',
      'kpc-shop-eu',
    ]);
  });

  it('a dump that is not a List, or truncated, is a located error; the valid dumps are still audited', async () => {
    const r = await runKpcInProcess(
      ['audit', 'cluster/workloads.yaml', 'bad', ...config, ...now],
      fixtures,
    );
    expect(r.status).toBe(2);
    expect(r.err).toContain('bad/not-a-list.yaml:1:1: error not a cluster dump');
    expect(r.err).toContain('[AUDIT_NOT_A_LIST]');
    expect(r.err).toMatch(/bad\/truncated\.json:1:\d+: error .*\[LOAD_JSON_SYNTAX\]/);
    // The truncated dump's complete item is audited; the cut one is not.
    expect(r.err).toMatch(
      /bad\/truncated\.json:1:183: warning the dump is cut short: 1 complete item/,
    );
    const names = readReports(r.out).flatMap((x) => x.results.map((y) => y.resources[0]!.name));
    expect(new Set(names)).toEqual(new Set(['node-agent', 'other-agent', 'web', 'cut']));
    expect(names).not.toContain('stray');
  });

  it('--compare shows where the cluster disagrees with kpc', async () => {
    const r = await runKpcInProcess(['audit', 'cluster', ...config, ...now, '--compare'], fixtures);
    expect(r.status).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines.at(-1)).toBe('5 disagreements between kpc and the cluster');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^kyverno {2}pss-privileged {2}DaemonSet monitoring\/node-agent {2}kpc=skip kyverno=fail {2}exception-missing: kpc excepts it \(legacy-agent-privileged\)/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /pss-privileged {2}DaemonSet monitoring\/other-agent {2}kpc=fail kyverno=pass {2}cluster-passes/,
      ),
    );
    expect(lines.filter((l) => l.includes('not-evaluated'))).toHaveLength(3);
  });

  it('--compare without engine verdicts in the dump says so', async () => {
    const r = await runKpcInProcess(
      ['audit', 'cluster/workloads.yaml', ...config, ...now, '--compare'],
      fixtures,
    );
    expect(r.out).toContain('no disagreement');
    expect(r.err).toContain('[AUDIT_COMPARE_INPUT]');
  });

  it('reports a violation once, at the Deployment, not again at its ReplicaSets and Pods', async () => {
    const args = ['audit', 'owned/shop.yaml', '--no-config', '--rules', 'pss-privileged', ...now];
    const folded = await runKpcInProcess(args, fixtures);
    expect(folded.status).toBe(1);
    const results = readReports(folded.out).flatMap((r) =>
      r.results.map(
        (x) =>
          `${x.resources[0]!.name}:${x.result}${x.properties?.ownedObjects ? ` +${x.properties.ownedObjects}` : ''}`,
      ),
    );
    // web-7c9f and its two Pods fail like web: reported there. The previous template's
    // ReplicaSet passes where web fails: its own result, with its Pod folded in. A Pod whose
    // owner is not in the dump, or whose owner reference has another uid (a namesake of a
    // deleted ReplicaSet), is reported on its own.
    expect(results.sort()).toEqual([
      'batch-x:fail',
      'web-5d2a:pass +1',
      'web-7c9f-z:fail',
      'web:fail +3',
    ]);
    expect(folded.err).toContain('4 results of controller-owned objects reported at their owner');
    const every = await runKpcInProcess([...args, '--include-owned'], fixtures);
    expect(every.status).toBe(1);
    expect(readReports(every.out)[0]!.summary).toEqual({
      pass: 2,
      fail: 6,
      warn: 0,
      error: 0,
      skip: 0,
    });
    expect(every.err).not.toContain('reported at their owner');
  });
});
