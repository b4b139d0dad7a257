/**
 * `kpc lint --jobs`: worker threads lint the files, and every report is byte-identical to
 * the one-thread run (docs/cli/lint.md, "Parallel lint").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARALLEL_MIN_BYTES, planThreads, runLint } from './commands/lint.ts';
import { startWorkersFromSources } from './commands/lint-workers.ts';
import { loadProject } from './project.ts';
import { runKpcInProcess, silentIO } from './test-support.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const project = join(fixtures, 'exceptions');
// Several files with findings, an excepted finding, a file that does not parse, an input
// that does not exist (between readable ones), and a whole directory.
const inputs = ['manifests', '../broken.yaml', '../no-such-dir', '../insecure', '../clean'];

describe('kpc lint --jobs', () => {
  it('lints on worker threads when told to', async () => {
    const plan = await planThreads(
      inputs.map((i) => join(project, i)),
      { open: () => ({ part() {}, end() {} }), parallel: { project: {}, jobs: 2 } },
    );
    expect(plan?.threads).toBe(2);
    // An unreadable input stays in its place among the files.
    expect(plan?.entries.map((e) => ('file' in e ? 'file' : 'unreadable'))).toContain('unreadable');
  });

  it('writes the same report in every format as one thread, with the same exit code', async () => {
    for (const format of ['text', 'json', 'sarif', 'junit', 'policyreport']) {
      const args = ['lint', ...inputs, '-f', format, '--now', '2026-12-01'];
      const one = await runKpcInProcess([...args, '--jobs', '1'], project);
      const two = await runKpcInProcess([...args, '--jobs', '2'], project);
      expect(one.out.length, format).toBeGreaterThan(0);
      expect(two.out, format).toBe(one.out);
      expect(two.err, format).toBe(one.err);
      expect(two.status, format).toBe(one.status);
    }
    // The run has findings, an excepted one, a parse error and a missing input: exit 2.
    const text = await runKpcInProcess(['lint', ...inputs, '--jobs', '2'], project);
    expect(text.status).toBe(2);
    expect(text.out).toMatch(/excepted/i);
  }, 120_000);

  it('workers started from the sources through tsx (a stale bundle) write the same report', async () => {
    // The suite builds first, so workers run the fresh bundle; this is the other path.
    const args = ['lint', ...inputs, '-f', 'json', '--now', '2026-12-01'];
    const one = await runKpcInProcess([...args, '--jobs', '1'], project);
    startWorkersFromSources(true);
    try {
      const two = await runKpcInProcess([...args, '--jobs', '2'], project);
      expect(two.out).toBe(one.out);
      expect(two.status).toBe(one.status);
    } finally {
      startWorkersFromSources(false);
    }
  }, 120_000);

  it('keeps one thread where the inputs are small, read from stdin, one file, or judged as one set under auto', async () => {
    const files = inputs.map((i) => join(project, i));
    const auto = {
      open: () => ({ part() {}, end() {} }),
      parallel: { project: {}, jobs: 'auto' as const },
    };
    // These fixtures are far below the size that pays for starting workers.
    expect(PARALLEL_MIN_BYTES).toBeGreaterThan(1024 * 1024);
    expect(await planThreads(files, auto)).toBeUndefined();
    const two = { ...auto, parallel: { project: {}, jobs: 2 } };
    expect(await planThreads([...files, '-'], two)).toBeUndefined();
    // Rules that read the set: an explicit --jobs starts the workers (auto: next test).
    expect((await planThreads(files, two, true))?.threads).toBe(2);
    expect(await planThreads([join(project, 'manifests', 'agent.yaml')], two)).toBeUndefined();
  });

  it('auto starts workers once the inputs reach the size that pays for them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-jobs-'));
    try {
      // Two files of comments, half the threshold each: only their size counts for the plan.
      const half = '#'.repeat(PARALLEL_MIN_BYTES / 2 - 1) + '\n';
      writeFileSync(join(dir, 'a.yaml'), half);
      writeFileSync(join(dir, 'b.yaml'), half);
      const auto = {
        open: () => ({ part() {}, end() {} }),
        parallel: { project: {}, jobs: 'auto' as const },
      };
      const plan = await planThreads([dir], auto);
      const cores = Math.min(availableParallelism(), 8, 2);
      if (cores < 2) expect(plan).toBeUndefined();
      else expect(plan?.threads).toBe(cores);
      // Rules that read the set keep one thread under auto: each worker would hold a copy.
      expect(await planThreads([dir], auto, true)).toBeUndefined();
      writeFileSync(join(dir, 'b.yaml'), '#\n');
      expect(await planThreads([dir], auto)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('judges every file against the whole set on workers, as one thread does (referential rules)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-jobs-set-'));
    try {
      const service = (name: string, app: string) =>
        `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {app: ${app}}\n  ports: [{port: 80}]\n`;
      // The Service of a.yaml selects the Deployment of b.yaml, the one of c.yaml nothing: a
      // worker that judged a.yaml against its own file's objects would report both.
      writeFileSync(join(dir, 'a.yaml'), service('web', 'web'));
      writeFileSync(
        join(dir, 'b.yaml'),
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: app, image: registry.example.com/web:1.0}]\n',
      );
      writeFileSync(join(dir, 'c.yaml'), service('typo', 'wbe'));
      for (const format of ['text', 'json']) {
        const args = ['lint', dir, '--no-config', '-f', format, '--now', '2026-12-01'];
        // From inside the repository: workers started from the sources resolve tsx from it.
        const one = await runKpcInProcess([...args, '--jobs', '1'], project);
        const two = await runKpcInProcess([...args, '--jobs', '2'], project);
        expect(one.out.length, format).toBeGreaterThan(0);
        expect(two.out, format).toBe(one.out);
        expect(two.status, format).toBe(one.status);
        if (format === 'json') {
          const report = JSON.parse(two.out) as {
            findings: { ruleId: string; resource: { name?: string } }[];
          };
          const selects = report.findings.filter((f) => f.ruleId === 'service-selects-pods');
          expect(selects.map((f) => f.resource.name)).toEqual(['typo']);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a --jobs that is not a positive number or auto', async () => {
    for (const bad of ['0', '-1', 'two', '1.5']) {
      const r = await runKpcInProcess(['lint', 'manifests', `--jobs=${bad}`], project);
      expect(r.status, bad).toBe(2);
      expect(r.err, bad).toMatch(/--jobs must be a positive number of threads or auto/);
    }
  });

  it('fails the run, never skips files, when a worker cannot lint', async () => {
    const io = silentIO(project);
    const parts: unknown[] = [];
    // The workers are told to load a config that does not exist: each fails to start.
    const files = inputs.map((i) => join(project, i));
    const run = runLint(io, await loadProject(io, {}), files, 'low', {
      open: () => ({ part: (p) => void parts.push(p), end() {} }),
      parallel: { project: { config: 'no-such.config.ts' }, jobs: 2 },
    });
    await expect(run).rejects.toThrow(/lint worker/);
    // Nothing was reported as if the files had been linted.
    expect(parts.filter((p) => (p as { objects: unknown[] }).objects.length > 0)).toEqual([]);
  }, 60_000);
});
