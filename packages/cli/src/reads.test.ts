/**
 * A rule's `reads` decides how `kpc lint` reads its inputs (docs/cli/lint.md, "Parallel lint"
 * and "Rules over several objects"): config rules that declare none are linted on worker
 * threads and in one streaming pass; a rule that declares reads is judged against every
 * object, read first (then on workers too, each with the set); a list/get of an undeclared kind fails the run, located, in lint
 * (one thread and workers alike) and in compile.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@kpc/core';
import { describe, expect, it } from 'vitest';
import { runLint } from './commands/lint.ts';
import { loadProject } from './project.ts';
import { runKpcInProcess, silentIO } from './test-support.ts';

// Counts how often lint reads the inputs part by part: once when it streams, twice when it
// first collects the object set.
function countingLoader() {
  const calls: number[] = [];
  const loadParts: typeof core.loadInputParts = (...args) => {
    calls.push(1);
    return core.loadInputParts(...args);
  };
  return { loadParts, passes: () => calls.length };
}

const project = join(import.meta.dirname, 'fixtures', 'reads');
const files = ['manifests/app.yaml', 'manifests/policy.yaml'].map((f) => join(project, f));

/** Lints the fixture's files with `config`; the workers, if any start, load `workerConfig`. */
async function lintWith(config: string, workerConfig: string, jobs = 2) {
  const io = silentIO(project);
  const found: core.Finding[] = [];
  const loader = countingLoader();
  const run = await runLint(io, await loadProject(io, { config }), files, 'low', {
    open: () => ({ part: (p) => void found.push(...p.findings), end() {} }),
    parallel: { project: { config: workerConfig }, jobs },
    loadParts: loader.loadParts,
  });
  return { run, found, passes: loader.passes() };
}

describe('kpc lint and the rules’ reads', () => {
  it('config rules without reads: worker threads start', async () => {
    // The workers are told to load a config that does not exist: that they fail proves they
    // were started (before, any config rule kept lint on one thread).
    await expect(lintWith('kpc.config.ts', 'no-such.config.ts')).rejects.toThrow(/lint worker/);
  }, 60_000);

  it('config rules without reads: one streaming pass over the inputs', async () => {
    const io = silentIO(project);
    const loader = countingLoader();
    const run = await runLint(io, await loadProject(io, {}), files, 'low', {
      open: () => ({ part() {}, end() {} }),
      loadParts: loader.loadParts,
    });
    expect(run.stats).toEqual({ files: 2, documents: 3 });
    expect(loader.passes()).toBe(1);
  }, 60_000);

  it('a config rule that declares reads: the set read first, every file judged against it', async () => {
    // One thread: two passes over the inputs, the set's and the lint's.
    const one = await lintWith('declared.config.ts', 'no-such.config.ts', 1);
    expect(one.passes).toBe(2);
    // The NetworkPolicy of policy.yaml covers the Deployment of app.yaml: no finding of the rule.
    expect(one.found.map((f) => f.ruleId).sort()).toEqual(['pss-privileged', 'team-label']);
    expect(one.run.exitCode).toBe(1);
    // Workers: each reads the set itself and lints its files against it, with the same
    // findings; this thread read nothing (on one thread it reads the inputs twice), so the
    // findings came from the workers.
    const two = await lintWith('declared.config.ts', 'declared.config.ts');
    expect(two.passes).toBe(0);
    expect(two.found).toEqual(one.found);
    expect(two.run.exitCode).toBe(1);
  }, 60_000);

  // A FIFO gives its bytes to one read only: with the set to read first, lint reads it once,
  // whole (before, the second pass saw nothing, or waited for a writer that never came).
  const fifoDir = mkdtempSync(join(tmpdir(), 'kpc-fifo-'));
  const fifo = join(fifoDir, 'in.yaml');
  const hasFifo = spawnSync('mkfifo', [fifo]).status === 0;
  if (!hasFifo) console.log('skipped: a FIFO input (mkfifo is not available here)');
  it.skipIf(!hasFifo)(
    'a FIFO input (named or in a directory) with a rule that declares reads is read once and linted, on one thread and with workers',
    async () => {
      try {
        // Named, and inside a named directory (the directory's listing finds it).
        const cases = [
          { jobs: 1, input: fifo },
          { jobs: 2, input: fifo },
          { jobs: 2, input: fifoDir },
        ];
        for (const { jobs, input } of cases) {
          const writer = spawn('sh', [
            '-c',
            '{ cat "$1"; echo ---; cat "$2"; } > "$3"',
            'sh',
            ...files,
            fifo,
          ]);
          // Listened for now: the writer may be gone before lint returns.
          const written = new Promise((done) => writer.on('close', done));
          const io = silentIO(project);
          const found: core.Finding[] = [];
          const run = await runLint(
            io,
            await loadProject(io, { config: 'declared.config.ts' }),
            [input],
            'low',
            {
              open: () => ({ part: (p) => void found.push(...p.findings), end() {} }),
              parallel: { project: { config: 'declared.config.ts' }, jobs },
            },
          );
          await written;
          expect(run.stats, `${input} --jobs ${jobs}`).toEqual({ files: 1, documents: 3 });
          // The same verdicts as the two files read as files (the set is the FIFO's objects).
          expect(found.map((f) => f.ruleId).sort(), `${input} --jobs ${jobs}`).toEqual([
            'pss-privileged',
            'team-label',
          ]);
        }
      } finally {
        rmSync(fifoDir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('an undeclared list fails the run (exit 2), located, with the fix; other rules still report', async () => {
    const args = ['lint', 'manifests', '-c', 'undeclared.config.ts', '-f', 'json'];
    const one = await runKpcInProcess([...args, '--jobs', '1'], project);
    expect(one.status).toBe(2);
    const report = JSON.parse(one.out) as {
      findings: { ruleId: string }[];
      diagnostics: core.Diagnostic[];
    };
    const undeclared = report.diagnostics.filter((d) => d.code === 'RULE_UNDECLARED_READ');
    // One per object the rule checked (the two Deployments), at the object.
    expect(
      undeclared.map((d) => [d.ruleId, d.severity, d.location?.file, d.location?.line]),
    ).toEqual([
      ['undeclared-policy', 'error', 'manifests/app.yaml', 1],
      ['undeclared-policy', 'error', 'manifests/policy.yaml', 10],
    ]);
    expect(undeclared[0]!.message).toContain('NetworkPolicy');
    expect(undeclared[0]!.hint).toContain("Add reads: ['NetworkPolicy']");
    // Fail closed: the objects fail the rule; the other rules ran on every object.
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual([
      'pss-privileged',
      'team-label',
      'undeclared-policy',
      'undeclared-policy',
    ]);
    // Workers (no rule declares reads) enforce it alike: the same report byte for byte.
    const two = await runKpcInProcess([...args, '--jobs', '2'], project);
    expect(two.out).toBe(one.out);
    expect(two.status).toBe(2);
  }, 120_000);

  it('kpc audit and kpc test enforce reads too', async () => {
    const audit = await runKpcInProcess(
      ['audit', 'dump.yaml', '-c', 'undeclared.config.ts'],
      project,
    );
    expect(audit.status).toBe(2);
    expect(audit.err).toMatch(
      /dump\.yaml:4:5: error rule undeclared-policy reads NetworkPolicy objects .*\[RULE_UNDECLARED_READ\]/,
    );
    const declared = await runKpcInProcess(
      ['audit', 'dump.yaml', '-c', 'declared.config.ts'],
      project,
    );
    expect(declared.status).toBe(0);
    const test = await runKpcInProcess(
      ['test', '-c', 'undeclared.config.ts', '--rules', 'undeclared-policy'],
      project,
    );
    expect(test.status).toBe(1);
    expect(test.out).toContain("does not declare them. Add reads: ['NetworkPolicy']");
    const passing = await runKpcInProcess(
      ['test', '-c', 'declared.config.ts', '--rules', 'declared-policy'],
      project,
    );
    expect(passing.status).toBe(0);
  }, 120_000);

  it('kpc explain names the declared reads', async () => {
    const json = await runKpcInProcess(
      ['explain', 'declared-policy', '--no-ir', '-f', 'json', '-c', 'declared.config.ts'],
      project,
    );
    expect(JSON.parse(json.out).reads).toEqual(['NetworkPolicy']);
    const plain = await runKpcInProcess(
      ['explain', 'team-label', '--no-ir', '-f', 'json'],
      project,
    );
    expect(JSON.parse(plain.out)).not.toHaveProperty('reads');
  }, 60_000);

  it('kpc compile rejects an undeclared list, located at the call, with the fix', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kpc-reads-'));
    try {
      const r = await runKpcInProcess(
        ['compile', '-c', 'undeclared.config.ts', '--out', out],
        project,
      );
      expect(r.status).toBe(2);
      expect(r.err).toMatch(
        /rules\/undeclared-policy\.ts:14:5: error the rule reads NetworkPolicy objects \(list\/get\) but does not declare them \[FE_UNDECLARED_READ\]/,
      );
      expect(r.err).toContain("add reads: ['NetworkPolicy']");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
