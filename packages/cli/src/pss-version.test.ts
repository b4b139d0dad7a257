/**
 * `--pss-version` and `pss.version` (issue 12, section 2): the PSS profiles evaluate a pinned
 * Pod Security Standards version in lint and in the compiled policies.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpcInProcess } from './test-support.ts';

/** A pod that v1.37 (latest) admits at baseline and v1.29 rejects: a sysctl added in 1.32. */
const POD = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    sysctls: [{name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}]
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`;

function project(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpc-pss-'));
  writeFileSync(join(dir, 'pod.yaml'), POD);
  if (config !== undefined) writeFileSync(join(dir, 'kpc.config.ts'), config);
  return dir;
}

const ruleIds = (out: string) =>
  (JSON.parse(out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);

describe('--pss-version and pss.version', () => {
  it('lint evaluates the PSS profile at the pinned version; the flag wins over the config', async () => {
    const dir = project("export default { profile: 'pss-baseline', pss: { version: 'v1.29' } };\n");
    const pinned = await runKpcInProcess(['lint', '-f', 'json', 'pod.yaml'], dir);
    expect([pinned.status, ruleIds(pinned.out)]).toEqual([1, ['pss-sysctls']]);
    const latest = await runKpcInProcess(
      ['lint', '-f', 'json', '--pss-version', 'latest', 'pod.yaml'],
      dir,
    );
    expect([latest.status, ruleIds(latest.out)]).toEqual([0, []]);
    const v132 = await runKpcInProcess(
      [
        'lint',
        '--no-config',
        '--profile',
        'pss-baseline',
        '-f',
        'json',
        '--pss-version',
        'v1.32',
        'pod.yaml',
      ],
      dir,
    );
    expect([v132.status, ruleIds(v132.out)]).toEqual([0, []]);
  });

  it('rejects a bad version with exit 2 and a hint; a bad config value is located', async () => {
    const dir = project(
      "export default {\n  profile: 'pss-baseline',\n  pss: { version: 'v1.22' },\n};\n",
    );
    const flag = await runKpcInProcess(
      ['lint', '--no-config', '--profile', 'pss-baseline', '--pss-version', '1.29', 'pod.yaml'],
      dir,
    );
    expect(flag.status).toBe(2);
    expect(flag.err).toContain('--pss-version');
    expect(flag.err).toContain('"v1.29"');
    const config = await runKpcInProcess(['lint', 'pod.yaml'], dir);
    expect(config.status).toBe(2);
    expect(config.err).toMatch(/kpc\.config\.ts:3:\d+: error .*pss\.version.*older than v1\.23/);
  });

  it('warns once for a version newer than kpc knows and evaluates the newest', async () => {
    const dir = project();
    const r = await runKpcInProcess(
      [
        'lint',
        '--no-config',
        '--profile',
        'pss-baseline',
        '-f',
        'json',
        '--pss-version',
        'v1.99',
        'pod.yaml',
      ],
      dir,
    );
    expect([r.status, ruleIds(r.out)]).toEqual([0, []]);
    expect(r.err.match(/CFG_PSS_VERSION_NEWER|newer than v1\.37/g)?.length).toBeGreaterThan(0);
  });

  it('compile writes the pinned version into every backend', async () => {
    const dir = project();
    const out = join(dir, 'policies');
    const r = await runKpcInProcess(
      ['compile', '--no-config', '--rules', 'pss-sysctls', '--pss-version', 'v1.29', '--out', out],
      dir,
    );
    expect([r.status, r.err]).toEqual([0, '']);
    const text = (p: string) => readFileSync(join(out, p), 'utf8');
    expect(text('gatekeeper/constraints/pss-sysctls/constraint.yaml')).toMatch(
      /pssMinorVersion: 29/,
    );
    for (const policy of [
      'vap/pss-sysctls/policy.yaml',
      'kyverno/pss-sysctls/validatingpolicy.yaml',
    ])
      expect(text(policy)).toContain('- name: paramPssMinorVersion\n      expression: "29"');
    // The Kyverno test keeps the examples whose verdict at v1.29 is the one they were written
    // for: not the v1.28 example that fails there for a sysctl v1.29 allows.
    const resources = text('tests/kyverno/pss-sysctls/resources.yaml');
    expect(resources).toContain('kernel.msgmax');
    expect(resources).not.toContain('"30000"');
    const latest = await runKpcInProcess(
      ['compile', '--no-config', '--rules', 'pss-sysctls', '--out', join(dir, 'latest')],
      dir,
    );
    expect(latest.status).toBe(0);
    expect(
      readFileSync(
        join(dir, 'latest', 'gatekeeper/constraints/pss-sysctls/constraint.yaml'),
        'utf8',
      ),
    ).toMatch(/pssMinorVersion: 37/);
  });

  it('explain shows the version a PSS rule runs at, selected by the config or not', async () => {
    // The config selects only pss-privileged; pss-sysctls is explained (and compiled with
    // -t) at the config's version all the same, and the flag wins over the config.
    const dir = project(
      "export default { rules: ['pss-privileged'], pss: { version: 'v1.29' } };\n",
    );
    const text = await runKpcInProcess(['explain', 'pss-sysctls', '--no-ir'], dir);
    expect(text.status).toBe(0);
    expect(text.out).toContain("Pod Security Standards version: v1.29 (the config's pss.version)");
    expect(text.out).toContain('pssMinorVersion (integer) = 29');
    const json = await runKpcInProcess(
      ['explain', 'pss-sysctls', '--no-ir', '-f', 'json', '--pss-version', 'v1.32'],
      dir,
    );
    const parsed = JSON.parse(json.out) as {
      pssVersion: string;
      selected: boolean;
      params: Record<string, { value: unknown }>;
    };
    expect([parsed.selected, parsed.pssVersion, parsed.params.pssMinorVersion?.value]).toEqual([
      false,
      'v1.32',
      32,
    ]);
    const compiled = await runKpcInProcess(
      ['explain', 'pss-sysctls', '--no-ir', '-t', 'gatekeeper'],
      dir,
    );
    expect(compiled.out).toMatch(/pssMinorVersion: 29\n/);
    // A rule without a versioned check says nothing about versions.
    const plain = await runKpcInProcess(['explain', 'pss-privileged', '--no-ir'], dir);
    expect(plain.out).not.toContain('Pod Security Standards version');
  });
});
