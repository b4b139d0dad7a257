/**
 * `kpc demo <dir>`: the README quick start. Lints the example repository's manifests (a
 * text report with real findings), checks that findings appear exactly where expected
 * (every file under an `insecure/` directory, nowhere else), then compiles the rules into
 * the configured policy directory. Exit 0 when everything behaved as expected.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { applyOutput } from '@kpc/compile';
import { type CompileTarget, findConfigFile, getReporter } from '@kpc/core';
import { collectReport } from '@kpc/core/internal';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../errors.ts';
import { useColor } from '../io.ts';
import { loadProject } from '../project.ts';
import { type Command, parseCommandArgs } from './command.ts';
import { compileProject, reportCompile } from './compile.ts';
import { runLint } from './lint.ts';

const OPTIONS = { help: { type: 'boolean', short: 'h' } } as const;

function underInsecure(file: string): boolean {
  return file.split(/[\\/]/).includes('insecure');
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the quick-start demo on an example repository (lint, then compile).',
  help: `Usage: kpc demo <dir>

Runs kpc on an example repository with a kpc.config.ts (the README quick start uses
examples/): lints the config's \`manifests\` and shows the findings, checks that every
file under an insecure/ directory has findings and no other file has any, then compiles
the rules into the config's compile.out directory (written only where out of date).
Exit 0 when all of that behaved as expected.`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('demo', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return EXIT_OK;
    }
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    const configFile = findConfigFile(dir);
    if (!configFile?.startsWith(dir + sep))
      throw new UsageError(
        `no kpc.config.ts in ${dir}`,
        'Run `kpc demo examples` from the repository root.',
      );
    const project = await loadProject(io, { config: configFile });
    const manifests = (project.config.manifests ?? []).map((p) => resolve(project.baseDir, p));
    if (manifests.length === 0) throw new UsageError('the example config sets no `manifests`');
    const inputs = manifests.map((p) => relative(io.cwd, p) || '.');
    const threshold = project.config.severityThreshold ?? 'low';
    io.stdout.write(`$ kpc lint ${inputs.join(' ')}\n\n`);
    // The text report is written as the files are linted; the checks below read the whole
    // report (the example is small).
    const collector = collectReport();
    const text = getReporter('text')!;
    await runLint(io, project, inputs, threshold, {
      open: (header) => {
        const whole = collector.open(header);
        const shown = text.open(header, { color: useColor(io, 'stdout'), cwd: io.cwd }, io.stdout);
        return {
          part: (p) => {
            whole.part(p);
            shown.part(p);
          },
          end: (stats, diagnostics) => {
            whole.end(stats, diagnostics);
            shown.end(stats, diagnostics);
          },
        };
      },
    });
    const report = collector.report();
    const problems: string[] = [];
    const withFindings = new Set(report.findings.map((f) => f.location.file));
    for (const file of withFindings)
      if (!underInsecure(file))
        problems.push(`unexpected findings in ${file} (not under insecure/)`);
    for (const o of report.objects ?? [])
      if (underInsecure(o.file) && !withFindings.has(o.file))
        problems.push(`no finding in ${o.file}, which is meant to be insecure`);
    for (const d of report.diagnostics)
      if (d.severity === 'error') problems.push(`input error ${d.code}: ${d.message}`);
    const insecureCount = report.findings.filter((f) => underInsecure(f.location.file)).length;
    io.stdout.write(
      problems.length === 0
        ? `\ndemo: lint behaved as expected: ${insecureCount} findings, all in insecure/ manifests; the other manifests are clean.\n`
        : `\ndemo: lint did NOT behave as expected:\n${[...new Set(problems)].map((p) => `  - ${p}`).join('\n')}\n`,
    );

    const out = resolve(project.baseDir, project.config.compile?.out ?? 'policies');
    const targets: readonly CompileTarget[] = project.config.compile?.targets ?? [
      'kyverno',
      'gatekeeper',
    ];
    io.stdout.write(
      `\n$ kpc compile --target ${targets.join(',')} --out ${relative(io.cwd, out) || '.'}\n`,
    );
    try {
      const outcome = await compileProject(project, targets, out, true);
      const stale = outcome.status.filter((s) => s.state !== 'unchanged' && s.state !== 'foreign');
      if (outcome.status.some((s) => s.state === 'foreign'))
        problems.push('the policy directory holds files kpc did not generate');
      else if (stale.length > 0) {
        io.stdout.write(`demo: ${stale.length} policy files were out of date; writing them.\n`);
        // The build is the one just checked: write it without compiling again.
        applyOutput(out, outcome.build.files, outcome.status);
        reportCompile(io, outcome, out, false);
      } else reportCompile(io, outcome, out, true);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      // A backend or the frontend is not part of this build yet: say so, do not fail the demo.
      io.stdout.write(`demo: compile skipped: ${error.message}\n`);
    }
    if (!existsSync(join(project.baseDir, 'README.md')))
      problems.push('the example has no README.md');
    io.stdout.write(
      problems.length === 0
        ? '\ndemo: everything behaved as expected.\n'
        : `\ndemo: FAILED: ${problems.length} unexpected results (see above).\n`,
    );
    return problems.length === 0 ? EXIT_OK : EXIT_FINDINGS;
  },
};
