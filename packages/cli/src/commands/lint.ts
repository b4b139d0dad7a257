/** `kpc lint`: load manifests, run schema validation and rules, report. */
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  createCrdSchemaRegistry,
  type Diagnostic,
  getReporter,
  type KindSchemaRegistry,
  type LintReport,
  type LoadedDocument,
  lint,
  loadInputs,
  type RuleSeverity,
  reporterNames,
  SEVERITY_ORDER,
  summarize,
  validateDocument,
} from '@kpc/core';
import { DiagnosticsError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.ts';
import { type CliIO, useColor } from '../io.ts';
import { loadProject, type Project } from '../project.ts';
import { KPC_VERSION } from '../version.ts';
import { type Command, list, parseCommandArgs } from './command.ts';

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  rules: { type: 'string' },
  profile: { type: 'string' },
  'severity-threshold': { type: 'string' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Documents between progress updates on a TTY; runs smaller than this show none. */
const PROGRESS_MIN_DOCUMENTS = 2000;

export interface LintRun {
  readonly report: LintReport;
  /** Source lines of the inputs, for code frames. */
  readonly sourceLine: (file: string, line: number) => string | undefined;
  readonly exitCode: number;
}

function isInputError(d: Diagnostic): boolean {
  return d.severity === 'error' && d.code.startsWith('LOAD_');
}

interface LoadedCrds {
  readonly registry?: KindSchemaRegistry;
  readonly diagnostics: readonly Diagnostic[];
  readonly unreadable: number;
}

/**
 * The config's `crds` (files or directories, relative to the config file) as a schema
 * registry for custom kinds. Problems in them are input errors (exit 2): a CRD that does
 * not load would silently leave its kind unchecked.
 */
async function loadCrds(io: CliIO, project: Project): Promise<LoadedCrds> {
  const paths = project.config.crds ?? [];
  if (paths.length === 0) return { diagnostics: [], unreadable: 0 };
  const loaded = await loadInputs(
    paths.map((p) => relative(io.cwd, resolve(project.baseDir, p)) || '.'),
  );
  const { registry, diagnostics } = createCrdSchemaRegistry(loaded.documents);
  return {
    registry,
    diagnostics: [...loaded.diagnostics, ...diagnostics],
    unreadable: loaded.unreadableInputs,
  };
}

/** Loads, lints and decides the exit code; shared by `lint` and `demo`. */
export async function runLint(
  io: CliIO,
  project: Project,
  inputs: readonly string[],
  threshold: RuleSeverity,
): Promise<LintRun> {
  const crds = await loadCrds(io, project);
  const loaded = await loadInputs(inputs, { stdin: io.readStdin });
  const progress = io.stderrIsTTY && loaded.documents.length >= PROGRESS_MIN_DOCUMENTS;
  const result = lint(loaded.documents, project.rules, {
    validate: (doc) => validateDocument(doc, crds.registry ? { crds: crds.registry } : {}),
    excludedNamespaces: project.config.excludedNamespaces ?? [],
    ...(progress
      ? {
          onProgress: (done: number, total: number) => {
            if (done % 500 === 0 || done === total)
              io.stderr.write(`\rkpc lint: ${done}/${total} objects${done === total ? '\n' : ''}`);
          },
        }
      : {}),
  });
  const firstDoc = new Map<string, LoadedDocument>();
  for (const d of loaded.documents) if (!firstDoc.has(d.file)) firstDoc.set(d.file, d);
  const files = new Set<string>(loaded.documents.map((d) => d.file));
  for (const d of loaded.diagnostics) if (d.location) files.add(d.location.file);
  const report: LintReport = {
    tool: { name: 'kpc', version: KPC_VERSION },
    threshold,
    rules: project.rules.map((r) => ({ ...r.rule, severity: r.severity })),
    findings: result.findings,
    diagnostics: [...crds.diagnostics, ...loaded.diagnostics, ...result.diagnostics],
    stats: { files: files.size, documents: loaded.documents.length },
    objects: loaded.documents.map((d) => ({
      file: d.file,
      resource: {
        apiVersion: d.apiVersion,
        kind: d.kind,
        ...(d.namespace !== undefined ? { namespace: d.namespace } : {}),
        ...(d.name !== undefined ? { name: d.name } : {}),
      },
    })),
  };
  const summary = summarize(report);
  const exitCode =
    loaded.unreadableInputs > 0 ||
    crds.unreadable > 0 ||
    report.diagnostics.some(isInputError) ||
    crds.diagnostics.some((d) => d.severity === 'error')
      ? EXIT_USAGE
      : summary.failing > 0
        ? EXIT_FINDINGS
        : EXIT_OK;
  return {
    report,
    sourceLine: (file, line) => firstDoc.get(file)?.sourceLine(line),
    exitCode,
  };
}

/** Parses a severity option value. */
export function parseSeverity(value: string, option: string): RuleSeverity {
  if (!(SEVERITY_ORDER as readonly string[]).includes(value))
    throw new UsageError(`${option} must be one of ${SEVERITY_ORDER.join(', ')}, got "${value}"`);
  return value as RuleSeverity;
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Check manifests against the rules (files, directories, or - for stdin).',
  help: `Usage: kpc lint [paths...|-] [options]

Checks Kubernetes manifests: schema validation, then every selected rule.
Paths are files or directories (recursive: .yaml, .yml, .json); - reads stdin,
e.g. \`helm template . | kpc lint -\`. Without paths, the config's \`manifests\`.

Options:
  -f, --format <name>             ${reporterNames().join(' | ')} (default: text)
  -o, --output <file>             write the report to a file instead of stdout
      --rules <a,b,...>           run exactly these rules (catalog or config ids)
      --profile <name>            pss-baseline | pss-restricted | hardened
      --severity-threshold <sev>  low | medium | high | critical: exit 1 when a
                                  finding is at or above it (default: config, else low)
  -c, --config <file>             config file (default: kpc.config.ts, searched upwards)
      --no-config                 ignore config files
  -h, --help                      show this help

Exit codes: 0 no finding at or above the threshold, 1 findings at or above it,
2 usage, config or input error, 3 internal error.`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('lint', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return EXIT_OK;
    }
    const format = values.format ?? 'text';
    const reporter = getReporter(format);
    if (!reporter)
      throw new UsageError(`unknown format "${format}"`, `Formats: ${reporterNames().join(', ')}.`);
    const project = await loadProject(io, {
      ...(values.config !== undefined ? { config: values.config } : {}),
      ...(values['no-config'] ? { noConfig: true } : {}),
      ...(values.profile !== undefined ? { profile: values.profile } : {}),
      ...(values.rules !== undefined ? { rules: list(values.rules) ?? [] } : {}),
    });
    const threshold =
      values['severity-threshold'] !== undefined
        ? parseSeverity(values['severity-threshold'], '--severity-threshold')
        : (project.config.severityThreshold ?? 'low');
    let inputs: string[] = [...positionals];
    if (inputs.length === 0) {
      const fromConfig = project.config.manifests ?? [];
      if (fromConfig.length === 0)
        throw new UsageError(
          'no manifests to lint',
          'Give paths (or - for stdin), or set `manifests` in kpc.config.ts.',
        );
      inputs = fromConfig.map((p) => relative(io.cwd, resolve(project.baseDir, p)) || '.');
    }
    if (project.rules.length === 0)
      throw new DiagnosticsError('no rules selected', [
        {
          code: 'CFG_INVALID',
          severity: 'error',
          message: 'no rules are selected: every rule is off or the selection is empty',
          hint: 'Select rules with `profile`/`rules` in the config, or --profile/--rules.',
        },
      ]);
    const run = await runLint(io, project, inputs, threshold);
    const out = reporter.render(run.report, {
      color: values.output === undefined && format === 'text' && useColor(io, 'stdout'),
      cwd: io.cwd,
      sourceLine: run.sourceLine,
    });
    if (values.output !== undefined) {
      const target = resolve(io.cwd, values.output);
      try {
        writeFileSync(target, out);
      } catch (error) {
        throw new UsageError(`cannot write ${values.output}: ${(error as Error).message}`);
      }
    } else io.stdout.write(out);
    return run.exitCode;
  },
};
