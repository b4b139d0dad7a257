/**
 * Objects that would slip past every rule (issue 12, section 1): removed APIs, misspelt
 * apiVersions and kinds exit non-zero with a located diagnostic, their pod templates are
 * still checked, and the target Kubernetes version is configurable. Run in this process (the
 * `run` the binary calls): the process boundary itself is cli.test.ts's.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpcInProcess as runKpc } from './test-support.ts';

const workload = (apiVersion: string, kind: string, path = 'spec.template') => {
  const pod = `spec:
  containers:
  - name: c
    image: nginx:1.27
    securityContext: {privileged: true}`;
  let body = pod;
  for (const key of path.split('.').reverse()) body = `${key}:\n${body.replace(/^/gm, '  ')}`;
  // A CronJob needs its schedule to be schema-valid.
  if (kind === 'CronJob') body = body.replace('spec:\n', 'spec:\n  schedule: "@daily"\n');
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: w}\n${body}\n`;
};

interface Report {
  findings: {
    ruleId: string;
    code?: string;
    message: string;
    hint?: string;
    pointer: string;
    location: { line: number; column: number };
  }[];
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpc-api-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('kpc lint: API versions', () => {
  it('fails removed APIs with the removal version and the replacement, and checks their pod templates', async () => {
    const dir = project({
      'ds.yaml': workload('extensions/v1beta1', 'DaemonSet'),
      'deploy.yaml': workload('apps/v1beta2', 'Deployment'),
      'cron.yaml': workload('batch/v1beta1', 'CronJob', 'spec.jobTemplate.spec.template'),
    });
    for (const [file, removedIn, replacement] of [
      ['ds.yaml', '1.16', 'apps/v1'],
      ['deploy.yaml', '1.16', 'apps/v1'],
      ['cron.yaml', '1.25', 'batch/v1'],
    ] as const) {
      const r = await runKpc(
        ['lint', '--no-config', '--rules', 'pss-privileged', '-f', 'json', file],
        dir,
      );
      expect(r.status, file).toBe(1);
      const { findings } = JSON.parse(r.out) as Report;
      const removed = findings.find((f) => f.code === 'SCHEMA_API_REMOVED');
      expect(removed, file).toMatchObject({ pointer: '/apiVersion', location: { line: 1 } });
      expect(removed?.message).toContain(`removed in Kubernetes ${removedIn}`);
      expect(removed?.message).toContain(replacement);
      expect(
        findings.some((f) => f.ruleId === 'pss-privileged'),
        file,
      ).toBe(true);
    }
    // Text output: file:line:col and the code.
    const text = await runKpc(['lint', '--no-config', '--rules', 'pss-privileged', 'ds.yaml'], dir);
    expect(text.out).toMatch(/1:13 +high +extensions\/v1beta1 DaemonSet was removed/);
  });

  it('reads a piped stdin when no path is given', async () => {
    const dir = project({});
    const r = await runKpc(
      ['lint', '--no-config', '--rules', 'pss-privileged', '-f', 'json'],
      dir,
      workload('extensions/v1beta1', 'DaemonSet'),
    );
    expect(r.status).toBe(1);
    const { findings } = JSON.parse(r.out) as Report;
    expect(findings.map((f) => f.code ?? f.ruleId)).toEqual([
      'SCHEMA_API_REMOVED',
      'pss-privileged',
    ]);
    // An empty stdin is nothing to lint (exit 2), never an empty success.
    const empty = await runKpc(['lint', '--no-config', '--rules', 'pss-privileged'], dir, '');
    expect(empty.status).toBe(2);
    expect(empty.err).toContain('no manifests to lint');
  });

  it('fails misspelt apiVersions and kinds with the one meant', async () => {
    const dir = project({
      'app.yaml': workload('app/v1', 'Deployment'),
      'pod.yaml':
        'apiVersion: v1\nkind: pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: c, image: "nginx:1", securityContext: {privileged: true}}\n',
    });
    const r = await runKpc(
      ['lint', '--no-config', '--rules', 'pss-privileged', '-f', 'json', 'app.yaml', 'pod.yaml'],
      dir,
    );
    expect(r.status).toBe(1);
    const { findings } = JSON.parse(r.out) as Report;
    expect(
      findings.filter((f) => f.ruleId === 'schema').map((f) => [f.code, f.pointer, f.hint]),
    ).toEqual([
      ['SCHEMA_UNKNOWN_API_VERSION', '/apiVersion', 'Did you mean `apiVersion: apps/v1`?'],
      ['SCHEMA_UNKNOWN_KIND', '/kind', 'Did you mean `kind: Pod`?'],
    ]);
    expect(findings.filter((f) => f.ruleId === 'pss-privileged')).toHaveLength(2);
  });

  it('takes the target version from --kubernetes-version and the config', async () => {
    const dir = project({
      'cron.yaml': workload('batch/v1beta1', 'CronJob', 'spec.jobTemplate.spec.template'),
      'kpc.config.ts':
        "export default { rules: ['disallow-latest-tag'], kubernetesVersion: 'v1.24' };\n",
    });
    const codes = async (args: string[]) => {
      const r = await runKpc(['lint', '-f', 'json', ...args, 'cron.yaml'], dir);
      return [r.status, (JSON.parse(r.out) as Report).findings.map((f) => f.code)];
    };
    // The config says 1.24: deprecated (a warning, still a finding at threshold low).
    expect(await codes([])).toEqual([1, ['SCHEMA_API_DEPRECATED']]);
    expect(await codes(['--kubernetes-version', '1.20'])).toEqual([0, []]);
    expect(await codes(['--kubernetes-version', '1.33'])).toEqual([1, ['SCHEMA_API_REMOVED']]);
  });

  it('rejects target versions that are not Kubernetes versions', async () => {
    const dir = project({
      'cron.yaml': workload('batch/v1beta1', 'CronJob', 'spec.jobTemplate.spec.template'),
      'kpc.config.ts': "export default { rules: ['disallow-latest-tag'] };\n",
    });
    const bad = await runKpc(['lint', '--kubernetes-version', 'latest', 'cron.yaml'], dir);
    expect(bad.status).toBe(2);
    expect(bad.err).toContain('--kubernetes-version');
    writeFileSync(join(dir, 'kpc.config.ts'), "export default { kubernetesVersion: '33' };\n");
    const badConfig = await runKpc(['lint', 'cron.yaml'], dir);
    expect(badConfig.status).toBe(2);
    expect(badConfig.err).toMatch(/kpc\.config\.ts:1:\d+: error .*kubernetesVersion/);
  });
});
