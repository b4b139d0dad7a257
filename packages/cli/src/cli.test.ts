/**
 * End-to-end: exit codes, stdin, output formats, config errors, `compile` file safety, and
 * that `kpc lint` never loads the TypeScript compiler. What crosses the process boundary
 * (argv, exit status, stdin, the modules a process loads) runs the real `kpc` binary in a
 * child process (tsx, no build step); the rest runs `run` in this process, the same code
 * without a second of process start-up per call.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runKpcInProcess } from './test-support.ts';

const bin = join(import.meta.dirname, '..', 'bin', 'kpc.js');
const fixtures = join(import.meta.dirname, 'fixtures');

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs kpc in this process, or with `process` (or `nodeArgs`) as a child process,
 * asynchronously (a blocking spawnSync would starve vitest's worker RPC).
 */
async function kpc(
  args: string[],
  options: { input?: string; nodeArgs?: string[]; cwd?: string; process?: boolean } = {},
): Promise<Result> {
  if (options.process !== true && options.nodeArgs === undefined) {
    const r = await runKpcInProcess(args, options.cwd ?? fixtures, options.input);
    return { status: r.status, stdout: r.out, stderr: r.err };
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
      cwd: options.cwd ?? fixtures,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
      timeout: 180_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

const noConfig = ['--no-config'];

describe('kpc end to end', () => {
  it('prints its version and help', async () => {
    const child = { process: true };
    expect(await kpc(['version'], child)).toMatchObject({ status: 0, stdout: '0.1.0\n' });
    const help = await kpc(['help'], child);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('lint');
    expect((await kpc([], child)).status).toBe(2);
  });

  it('exits 0 on clean manifests and 1 on findings at or above the threshold', async () => {
    const clean = await kpc(['lint', 'clean', ...noConfig, '--rules', 'pss-privileged']);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('0 findings');
    const bad = await kpc(['lint', 'insecure', ...noConfig, '--rules', 'pss-privileged'], {
      process: true,
    });
    expect(bad.status).toBe(1);
    // `privileged: on` is YAML 1.1 true, as the API server reads it.
    expect(bad.stdout).toMatch(
      /insecure\/priv\.yaml\n {2}6:7 +critical +container "app" is privileged/,
    );
    expect(bad.stdout).not.toContain('\u001b[');
  });

  it('applies --severity-threshold and the config threshold', async () => {
    const args = ['lint', 'insecure/latest.yaml', ...noConfig, '--rules', 'disallow-latest-tag'];
    expect((await kpc(args)).status).toBe(1);
    expect((await kpc([...args, '--severity-threshold', 'high'])).status).toBe(0);
    const cfg = await kpc([
      'lint',
      'insecure/latest.yaml',
      '--config',
      'configs/threshold.config.ts',
    ]);
    expect(cfg.status).toBe(0);
    expect(cfg.stdout).toContain('1 finding (1 medium)');
    expect(
      (await kpc(['lint', 'insecure', '--config', 'configs/threshold.config.ts'])).status,
    ).toBe(1);
  });

  it('reads stdin for -', async () => {
    const input = readFileSync(join(fixtures, 'insecure/priv.yaml'), 'utf8');
    const r = await kpc(
      ['lint', '-', ...noConfig, '--rules', 'pss-privileged', '--format', 'json'],
      { input, process: true },
    );
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings[0].location).toMatchObject({ file: '<stdin>', line: 6, column: 7 });
  });

  it('writes json, sarif and junit, to stdout or --output', async () => {
    const base = ['lint', 'insecure', ...noConfig, '--profile', 'pss-baseline'];
    const json = JSON.parse((await kpc([...base, '-f', 'json'])).stdout);
    expect(json.schemaVersion).toBe(1);
    expect(json.findings[0]).toMatchObject({
      ruleId: 'pss-privileged',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'priv' },
      pointer: '/spec/containers/0',
      location: { file: 'insecure/priv.yaml', line: 6, column: 7 },
    });
    const sarif = JSON.parse((await kpc([...base, '-f', 'sarif'])).stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'insecure/priv.yaml',
    );
    const xml = (await kpc([...base, '-f', 'junit'])).stdout;
    expect(XMLValidator.validate(xml)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'kpc-out-'));
    const out = join(dir, 'report.sarif');
    const r = await kpc([...base, '-f', 'sarif', '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
  });

  it('exits 2 on usage and input errors, still reporting the readable files', async () => {
    expect((await kpc(['lint', '--bogus'])).status).toBe(2);
    expect((await kpc(['frobnicate'])).stderr).toContain('unknown command "frobnicate"');
    const fmt = await kpc(['lint', 'clean', ...noConfig, '--format', 'xml']);
    expect(fmt.status).toBe(2);
    expect(fmt.stderr).toContain('unknown format "xml"');
    expect(
      (await kpc(['lint', 'clean', ...noConfig, '--severity-threshold', 'urgent'])).status,
    ).toBe(2);
    expect((await kpc(['lint', ...noConfig])).status).toBe(2);
    expect((await kpc(['lint', 'clean', ...noConfig, '--rules', 'no-such-rule'])).status).toBe(2);
    const missing = await kpc(['lint', 'nope.yaml', 'insecure', ...noConfig, '-f', 'json']);
    expect(missing.status).toBe(2);
    const report = JSON.parse(missing.stdout);
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toContain('LOAD_NOT_FOUND');
    expect(report.findings.length).toBeGreaterThan(0);
    const broken = await kpc(['lint', 'broken.yaml', 'clean', ...noConfig]);
    expect(broken.status).toBe(2);
    expect(broken.stdout).toContain('LOAD_YAML_SYNTAX');
    expect(broken.stderr).not.toContain('    at ');
  });

  it('reports config errors with their location and exit 2', async () => {
    const r = await kpc(['lint', 'clean', '--config', 'configs/invalid.config.ts']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /configs\/invalid\.config\.ts:5:3: error severityThreshold must be one of/,
    );
    expect(r.stderr).toContain('[CFG_INVALID]');
    // Where a throwing config is located comes from the stack of the process's own module
    // loader (tsx), which vitest's differs from: a child process.
    const t = await kpc(['lint', 'clean', '--config', 'configs/throws.config.ts'], {
      process: true,
    });
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(
      /configs\/throws\.config\.ts:3:\d+: error config file could not be loaded/,
    );
    expect((await kpc(['lint', 'clean', '--config', 'configs/none.config.ts'])).stderr).toContain(
      'CFG_LOAD_FAILED',
    );
  });

  it('never loads the TypeScript compiler for lint or catalog rules (and the detector works)', async () => {
    const trace = (r: Result) => JSON.parse(/KPC_TRACE (.*)\n/.exec(r.stderr)?.[1] ?? 'null');
    const nodeArgs = ['--import', join(fixtures, 'trace-modules.mjs')];
    const lint = await kpc(['lint', 'insecure', ...noConfig], { nodeArgs });
    expect(lint.status).toBe(1);
    expect(trace(lint)).toEqual([]);
    // Catalog rules ship pre-lowered IR: explaining one does not load the compiler either.
    const catalog = await kpc(['explain', 'pss-privileged', ...noConfig], { nodeArgs });
    expect(catalog.status).toBe(0);
    expect(trace(catalog)).toEqual([]);
    expect(catalog.stdout).toContain('Rule IR:');
    // Positive control: a user rule is lowered by the frontend, which loads it.
    const user = await kpc(
      ['explain', 'service-has-owner', '--config', 'configs/bad-example.config.ts'],
      { nodeArgs },
    );
    expect(user.status).toBe(0);
    expect(trace(user).some((m: string) => /typescript|ts-morph/.test(m))).toBe(true);
    expect(user.stdout).toContain('Rule IR:');
  });

  it('runs the rules own examples with kpc test', async () => {
    const ok = await kpc(['test', ...noConfig, '--profile', 'pss-baseline']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/\d+ passed, 0 failed\n$/);
    const bad = await kpc(['test', '--config', 'configs/bad-example.config.ts']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('fail/wrongly-expected-to-fail: expected to fail, but passed');
  });

  it('explains a rule and lists rules', async () => {
    const r = await kpc(['explain', 'pss-privileged', '--no-ir', ...noConfig]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('pss-privileged: Containers must not be privileged');
    const withPolicy = await kpc([
      'explain',
      'pss-privileged',
      '--no-ir',
      '--target',
      'kyverno',
      ...noConfig,
    ]);
    expect(withPolicy.status).toBe(0);
    expect(withPolicy.stdout).toContain('--- kyverno/pss-privileged/validatingpolicy.yaml');
    expect(withPolicy.stdout).toContain('kind: ValidatingPolicy');
    expect(withPolicy.stdout).toContain('--- tests/kyverno/pss-privileged/kyverno-test.yaml');
    expect(withPolicy.stdout).not.toContain('kustomization.yaml');
    expect((await kpc(['explain', '--list', ...noConfig])).stdout).toContain('pss-privileged');
    expect((await kpc(['explain', 'nope', ...noConfig])).status).toBe(2);
  });

  it('compiles, checks, and never overwrites a file it did not generate', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kpc-compile-'));
    const args = [
      'compile',
      ...noConfig,
      '--rules',
      'pss-privileged',
      '--target',
      'kyverno',
      '--out',
      out,
    ];
    const missing = await kpc([...args, '--check']);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toMatch(/^missing +.*kyverno\//m);
    const write = await kpc(args);
    expect(write.status).toBe(0);
    expect((await kpc([...args, '--check'])).status).toBe(0);
    const generated = missing.stdout.match(/^missing +(\S+)/m)![1]!;
    const file = generated.startsWith('/') ? generated : join(fixtures, generated);
    expect(existsSync(file)).toBe(true);
    writeFileSync(file, 'my own policy\n');
    const refused = await kpc(args);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('refusing to overwrite');
    expect(readFileSync(file, 'utf8')).toBe('my own policy\n');
    expect((await kpc(['compile', ...noConfig, '--target', 'nope', '--out', out])).status).toBe(2);
  }, 400_000);
});
