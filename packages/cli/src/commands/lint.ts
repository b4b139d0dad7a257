/** `kpc lint`: load manifests, run schema validation and rules, report. */
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  createApiChecker,
  createCrdSchemaRegistry,
  DEFAULT_KUBERNETES_VERSION,
  exceptionRunDiagnostics,
  type Finding,
  getReporter,
  type KindSchemaRegistry,
  type LintReport,
  type LoadedDocument,
  type LoadResult,
  lint,
  loadInputs,
  loadInputsByFile,
  parseKubernetesVersion,
  type ReportObject,
  reporterNames,
  SEVERITY_ORDER,
  summarize,
  validateDocument,
} from '@kpc/core';
import type { Diagnostic, RuleSeverity } from '@kpc/ir';
import { DiagnosticsError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.ts';
import { type CliIO, useColor } from '../io.ts';
import { loadProject, type Project } from '../project.ts';
import { KPC_VERSION } from '../version.ts';
import { type Command, list, parseCommandArgs } from './command.ts';
import { enforceabilityDiagnostics } from './lint-enforceable.ts';
import { expiringExceptions, parseDays, parseNow } from './time-options.ts';

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  rules: { type: 'string' },
  profile: { type: 'string' },
  'severity-threshold': { type: 'string' },
  'kubernetes-version': { type: 'string' },
  strict: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  now: { type: 'string' },
  'exceptions-expiring': { type: 'string' },
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
  return d.severity === 'error' && (d.code.startsWith('LOAD_') || d.code === 'AUDIT_NOT_A_LIST');
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

/** Options of {@link runLint}. */
export interface RunLintOptions {
  /**
   * Keep the source lines that code frames show (around each finding), for `sourceLine`.
   * Default true; without it `sourceLine` finds nothing (reporters that print no frames).
   */
  readonly sourceLines?: boolean;
  /** The time exceptions are judged at and reports are stamped with (ms). Default now. */
  readonly now?: number;
  /**
   * Inputs as loaded file by file (default: loadInputsByFile over `inputs`); `kpc audit`
   * passes its own, which also checks that each dump is a List.
   */
  readonly load?: AsyncIterable<LoadResult>;
  /** Target Kubernetes version of the apiVersion/kind check. Default: config, else 1.33. */
  readonly kubernetesVersion?: string;
  /** Rules that cannot be compiled to the configured targets are errors (exit 2), not warnings. */
  readonly strict?: boolean;
}

/**
 * A copy of `s` that does not share memory with the file text it was cut from (V8 keeps a
 * slice's whole parent string alive), so that keeping a line does not keep its file.
 */
function detached(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/**
 * Loads, lints and decides the exit code; shared by `lint` and `demo`. Works file by file:
 * each file is read, parsed, validated and linted, and only its findings, diagnostics,
 * object list and the source lines its findings' code frames show are kept before the
 * next file is read, so memory grows with the findings, not with the inputs.
 */
export async function runLint(
  io: CliIO,
  project: Project,
  inputs: readonly string[],
  threshold: RuleSeverity,
  options: RunLintOptions = {},
): Promise<LintRun> {
  const keepLines = options.sourceLines ?? true;
  const now = options.now ?? Date.now();
  const crds = await loadCrds(io, project);
  const registry = crds.registry;
  const api = createApiChecker({
    kubernetesVersion:
      options.kubernetesVersion ?? project.config.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
    ...(registry ? { isCustomKind: (a, k) => registry.lookup(a, k) !== undefined } : {}),
  });
  const lintOptions = {
    validate: (doc: LoadedDocument) =>
      validateDocument(doc, registry ? { crds: registry, api } : { api }),
    api,
    excludedNamespaces: project.config.excludedNamespaces ?? [],
    exceptions: project.exceptions,
    now,
  };
  const matchedExceptions = new Set<string>();
  const findings: Finding[] = [];
  const loadDiagnostics: Diagnostic[] = [];
  const lintDiagnostics: Diagnostic[] = [];
  const objects: ReportObject[] = [];
  const files = new Set<string>();
  /** file → line number → text, only the lines around findings (code frames). */
  const lines = new Map<string, Map<number, string>>();
  let unreadableInputs = 0;
  let documents = 0;
  /** Objects counted on the last progress line; -1: none shown. */
  let progressShown = -1;
  for await (const loaded of options.load ?? loadInputsByFile(inputs, { stdin: io.readStdin })) {
    unreadableInputs += loaded.unreadableInputs;
    loadDiagnostics.push(...loaded.diagnostics);
    if (loaded.documents.length === 0) {
      for (const d of loaded.diagnostics) if (d.location) files.add(d.location.file);
      continue;
    }
    const result = lint(loaded.documents, project.rules, lintOptions);
    for (const id of result.matchedExceptions) matchedExceptions.add(id);
    const firstDoc = new Map<string, LoadedDocument>();
    loaded.documents.forEach((d, i) => {
      if (!firstDoc.has(d.file)) firstDoc.set(d.file, d);
      files.add(d.file);
      const uid = (d.object.metadata as { uid?: unknown } | undefined)?.uid;
      objects.push({
        file: d.file,
        resource: {
          apiVersion: d.apiVersion,
          kind: d.kind,
          ...(d.namespace !== undefined ? { namespace: d.namespace } : {}),
          ...(d.name !== undefined ? { name: d.name } : {}),
        },
        rules: result.rulesRun[i] ?? [],
        ...(typeof uid === 'string' ? { uid } : {}),
      });
    });
    for (const d of loaded.diagnostics) if (d.location) files.add(d.location.file);
    for (const f of result.findings) {
      findings.push(f);
      if (!keepLines) continue;
      const doc = firstDoc.get(f.location.file);
      if (doc === undefined) continue;
      let kept = lines.get(f.location.file);
      if (kept === undefined) {
        kept = new Map();
        lines.set(f.location.file, kept);
      }
      // The lines a code frame shows: two above, the line, one below.
      for (let n = Math.max(1, f.location.line - 2); n <= f.location.line + 1; n++) {
        if (kept.has(n)) continue;
        const text = doc.sourceLine(n);
        if (text !== undefined) kept.set(n, detached(text));
      }
    }
    lintDiagnostics.push(...result.diagnostics);
    const before = documents;
    documents += loaded.documents.length;
    // Progress on a TTY, every 500 objects once a run is past PROGRESS_MIN_DOCUMENTS.
    if (
      io.stderrIsTTY &&
      documents >= PROGRESS_MIN_DOCUMENTS &&
      Math.floor(documents / 500) > Math.floor(before / 500)
    ) {
      io.stderr.write(`\rkpc lint: ${documents} objects`);
      progressShown = documents;
    }
  }
  if (progressShown === documents) io.stderr.write('\n');
  else if (progressShown >= 0) io.stderr.write(`\rkpc lint: ${documents} objects\n`);
  const enforceability = await enforceabilityDiagnostics(project, options.strict === true);
  const report: LintReport = {
    tool: { name: 'kpc', version: KPC_VERSION },
    threshold,
    rules: project.rules.map((r) => ({ ...r.rule, severity: r.severity })),
    findings,
    diagnostics: [
      ...enforceability,
      ...project.exceptionDiagnostics,
      ...exceptionRunDiagnostics(project.exceptions, matchedExceptions, now),
      ...crds.diagnostics,
      ...loadDiagnostics,
      ...lintDiagnostics,
    ],
    stats: { files: files.size, documents },
    objects,
    now,
  };
  const summary = summarize(report);
  const exitCode =
    unreadableInputs > 0 ||
    project.exceptionDiagnostics.some((d) => d.severity === 'error') ||
    crds.unreadable > 0 ||
    report.diagnostics.some(isInputError) ||
    enforceability.some((d) => d.severity === 'error') ||
    crds.diagnostics.some((d) => d.severity === 'error')
      ? EXIT_USAGE
      : summary.failing > 0
        ? EXIT_FINDINGS
        : EXIT_OK;
  return {
    report,
    sourceLine: (file, line) => lines.get(file)?.get(line),
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
e.g. \`helm template . | kpc lint -\`. Without paths, the config's \`manifests\`,
else stdin when it is piped (\`helm template . | kpc lint\`).

Options:
  -f, --format <name>             ${reporterNames().join(' | ')} (default: text)
  -o, --output <file>             write the report to a file instead of stdout
      --rules <a,b,...>           run exactly these rules (catalog or config ids)
      --profile <name>            pss-baseline | pss-restricted | hardened
      --severity-threshold <sev>  low | medium | high | critical: exit 1 when a
                                  finding is at or above it (default: config, else low)
      --strict                    a selected rule that cannot be compiled to the
                                  configured targets is an error (exit 2), not a warning
      --kubernetes-version <v>    target Kubernetes version of the apiVersion/kind
                                  check, e.g. 1.29 (default: config, else ${DEFAULT_KUBERNETES_VERSION})
  -c, --config <file>             config file (default: kpc.config.ts, searched upwards)
      --no-config                 ignore config files
      --now <date>                judge exception expiry (and stamp reports) at this
                                  date YYYY-MM-DD or instant YYYY-MM-DDTHH:MM:SSZ
      --exceptions-expiring <Nd>  list the exceptions that expired or expire within
                                  N days (e.g. 30d) instead of linting; exit 1 if any
  -h, --help                      show this help

Excepted findings (docs/exceptions.md) are reported but never fail the run.

Exit codes: 0 no finding at or above the threshold, 1 findings at or above it,
2 usage, config, exception or input error, 3 internal error.`,
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
    const now = parseNow(values.now);
    if (values['exceptions-expiring'] !== undefined) {
      const days = parseDays(values['exceptions-expiring'], '--exceptions-expiring');
      const listing = expiringExceptions(project.exceptions, now, days, (e) => {
        const l = e.location;
        return `${relative(io.cwd, l.file) || l.file}:${l.line}:${l.column}`;
      });
      if (project.exceptionDiagnostics.length > 0) {
        const { formatDiagnostics } = await import('@kpc/core');
        io.stderr.write(
          formatDiagnostics(project.exceptionDiagnostics, io.cwd, useColor(io, 'stderr')),
        );
      }
      io.stdout.write(
        listing.count === 0
          ? `no exception expires within ${days} days (${project.exceptions.length} exceptions)\n`
          : `${listing.lines.join('\n')}\n${listing.count} of ${project.exceptions.length} exceptions expired or expire within ${days} days (${listing.expired} expired)\n`,
      );
      return project.exceptionDiagnostics.some((d) => d.severity === 'error')
        ? EXIT_USAGE
        : listing.count > 0
          ? EXIT_FINDINGS
          : EXIT_OK;
    }
    const threshold =
      values['severity-threshold'] !== undefined
        ? parseSeverity(values['severity-threshold'], '--severity-threshold')
        : (project.config.severityThreshold ?? 'low');
    let inputs: string[] = [...positionals];
    let inputIO = io;
    if (inputs.length === 0) {
      const fromConfig = project.config.manifests ?? [];
      if (fromConfig.length > 0)
        inputs = fromConfig.map((p) => relative(io.cwd, resolve(project.baseDir, p)) || '.');
      else {
        // `helm template . | kpc lint`: no paths and a piped stdin means stdin. An empty
        // stdin (a CI job's /dev/null) is still "nothing to lint", not an empty success.
        const piped = io.stdinIsTTY === true ? undefined : await io.readStdin();
        if (piped === undefined || piped.byteLength === 0)
          throw new UsageError(
            'no manifests to lint',
            'Give paths (or - for stdin, or pipe manifests in), or set `manifests` in kpc.config.ts.',
          );
        inputs = ['-'];
        inputIO = { ...io, readStdin: () => Promise.resolve(piped) };
      }
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
    const kubernetesVersion = values['kubernetes-version'];
    if (kubernetesVersion !== undefined && parseKubernetesVersion(kubernetesVersion) === undefined)
      throw new UsageError(
        `--kubernetes-version must be a Kubernetes version such as 1.29 or v1.29, got "${kubernetesVersion}"`,
      );
    // Only the text reporter prints code frames; the others need no source lines.
    const run = await runLint(inputIO, project, inputs, threshold, {
      sourceLines: format === 'text',
      now,
      ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
      ...(values.strict ? { strict: true } : {}),
    });
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
