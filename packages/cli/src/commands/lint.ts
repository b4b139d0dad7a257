/** `kpc lint`: load manifests, run schema validation and rules, report. */
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  createCrdSchemaRegistry,
  type Finding,
  getReporter,
  type KindSchemaRegistry,
  type LoadedDocument,
  type LoadResult,
  lint,
  lintImageVerifications,
  loadInputs,
  loadInputsByFile,
  type ReportHeader,
  type ReportObject,
  type ReportPart,
  type ReportStats,
  type ReportSummary,
  type ReportWriter,
  type ResolvedRule,
  reporterNames,
  validateDocument,
} from '@kpc/core';
import {
  createApiChecker,
  DEFAULT_KUBERNETES_VERSION,
  exceptionRunDiagnostics,
  parseKubernetesVersion,
  SEVERITY_ORDER,
  SummaryCounter,
} from '@kpc/core/internal';
import { type Diagnostic, type ObjectSet, objectSet, type RuleSeverity } from '@kpc/ir';
import { REFERENTIAL_RULES } from '@kpc/rules';
import { DiagnosticsError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.ts';
import { type CliIO, useColor } from '../io.ts';
import { loadProject, type Project, PSS_LATEST, PSS_RANGE } from '../project.ts';
import { openReportOutput } from '../report-output.ts';
import { KPC_VERSION } from '../version.ts';
import { type Command, list, parseCommandArgs } from './command.ts';
import { enforceabilityDiagnostics } from './lint-enforceable.ts';
import { expiringExceptions, parseDays, parseNow } from './time-options.ts';

/** Both finding lists in one, ordered by file, line and column (stable: rules first). */
function mergeFindings(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const files = new Map<string, number>();
  for (const f of [...a, ...b])
    if (!files.has(f.location.file)) files.set(f.location.file, files.size);
  return [...a, ...b].sort(
    (x, y) =>
      files.get(x.location.file)! - files.get(y.location.file)! ||
      x.location.line - y.location.line ||
      x.location.column - y.location.column,
  );
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  rules: { type: 'string' },
  profile: { type: 'string' },
  'pss-version': { type: 'string' },
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
  /** What the report's summary states (findings by severity, errors, passed). */
  readonly summary: ReportSummary;
  /** Inputs read and objects linted. */
  readonly stats: ReportStats;
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
   * Opens the report that each input file's results are handed to, as they come (once,
   * before the first file): a reporter's `open`, or `collectReport().open` to keep it whole.
   */
  readonly open: (header: ReportHeader) => ReportWriter;
  /**
   * Hand the report the source lines of each file while its results are written, for code
   * frames. Default true; reporters that print no frames do not need them.
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
 * Whether a selected rule may read other objects (its `list`/`get`): a catalog rule whose
 * pre-lowered IR has a lookup, or any rule kpc cannot tell about without lowering it (a
 * config rule; `kpc lint` never loads the TypeScript compiler).
 */
function mayReadOthers(project: Project, r: ResolvedRule): boolean {
  return !project.catalog.rules.includes(r.rule) || REFERENTIAL_RULES.includes(r.rule.id);
}

/**
 * `kpc lint FILE` of exactly one regular file: the file is taken as part of a larger set, so
 * referential rules are not decided on it (RULE_NEEDS_OBJECT_SET). A directory, several
 * inputs or stdin are the whole set (docs/cli/lint.md, "Rules over several objects").
 */
function isSingleFile(io: CliIO, inputs: readonly string[]): boolean {
  if (inputs.length !== 1 || inputs[0] === '-') return false;
  try {
    return statSync(resolve(io.cwd, inputs[0]!)).isFile();
  } catch {
    return false;
  }
}

/**
 * Loads, lints, reports and decides the exit code; shared by `lint`, `demo` and `audit`.
 * Works file by file: each file is read, parsed, validated and linted, and its results are
 * handed to the report (which writes or spools them) before the next file is read, so
 * memory does not grow with the inputs.
 */
export async function runLint(
  io: CliIO,
  project: Project,
  inputs: readonly string[],
  threshold: RuleSeverity,
  options: RunLintOptions,
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
      validateDocument(doc, {
        ...(registry ? { crds: registry } : {}),
        api,
        podSpecLocations: project.podSpecLocations,
      }),
    api,
    excludedNamespaces: project.config.excludedNamespaces ?? [],
    exceptions: project.exceptions,
    podSpecLocations: project.podSpecLocations,
    now,
  };
  const enforceability = await enforceabilityDiagnostics(project, options.strict === true);
  const writer = options.open({
    tool: { name: 'kpc', version: KPC_VERSION },
    threshold,
    rules: project.rules.map((r) => ({ ...r.rule, severity: r.severity })),
    now,
    // The run's own diagnostics known now; those about exceptions that matched nothing
    // follow at the end (they are never errors).
    diagnostics: [...enforceability, ...project.exceptionDiagnostics, ...crds.diagnostics],
  });
  const counter = new SummaryCounter(threshold);
  let inputErrors = false;
  const count = (ds: readonly Diagnostic[]) => {
    for (const d of ds) {
      counter.diagnostic(d);
      if (isInputError(d)) inputErrors = true;
    }
  };
  const part = (p: ReportPart) => {
    for (const f of p.findings) counter.finding(f);
    count(p.inputDiagnostics);
    count(p.lintDiagnostics);
    writer.part(p);
  };
  const matchedExceptions = new Set<string>();
  const files = new Set<string>();
  let unreadableInputs = 0;
  let documents = 0;
  /** Objects counted on the last progress line; -1: none shown. */
  let progressShown = -1;
  const source = options.load ?? loadInputsByFile(inputs, { stdin: io.readStdin });
  // Referential rules judge each object against the whole set ("the cluster"): read every
  // input first when one may read other objects (memory then grows with the input); else
  // stream file by file. One file alone is not the whole set: such rules say so instead.
  const referential = project.rules.some((r) => mayReadOthers(project, r));
  const partialSet = referential && options.load === undefined && isSingleFile(io, inputs);
  let objects: ObjectSet | undefined;
  let parts: AsyncIterable<LoadResult> | LoadResult[] = source;
  if (referential && !partialSet) {
    const all: LoadResult[] = [];
    for await (const loaded of source) all.push(loaded);
    objects = objectSet(all.flatMap((l) => l.documents.map((d) => d.object)));
    parts = all;
  }
  const setOptions = partialSet ? { partialSet: true } : objects ? { objects } : {};
  for await (const loaded of parts) {
    unreadableInputs += loaded.unreadableInputs;
    for (const d of loaded.diagnostics) if (d.location) files.add(d.location.file);
    if (loaded.documents.length === 0) {
      part({
        findings: [],
        objects: [],
        inputDiagnostics: loaded.diagnostics,
        lintDiagnostics: [],
      });
      continue;
    }
    const linted = lint(loaded.documents, project.rules, { ...lintOptions, ...setOptions });
    // Image verification (docs/image-verification.md): the offline part, and an info per
    // selected image that its signature is checked only in the cluster.
    const signed = lintImageVerifications(
      loaded.documents,
      project.config.imageVerification ?? [],
      lintOptions,
    );
    const result =
      signed.findings.length + signed.diagnostics.length === 0
        ? linted
        : {
            ...linted,
            findings: mergeFindings(linted.findings, signed.findings),
            diagnostics: [...linted.diagnostics, ...signed.diagnostics],
          };
    for (const id of result.matchedExceptions) matchedExceptions.add(id);
    const firstDoc = new Map<string, LoadedDocument>();
    const objects: ReportObject[] = [];
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
    part({
      findings: result.findings,
      objects,
      inputDiagnostics: loaded.diagnostics,
      lintDiagnostics: result.diagnostics,
      // Any document of a file reads its lines (they share the file's text), while the
      // part is written: nothing of the file is kept after it.
      ...(keepLines
        ? { sourceLine: (file: string, line: number) => firstDoc.get(file)?.sourceLine(line) }
        : {}),
    });
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
  const own = [
    ...enforceability,
    ...project.exceptionDiagnostics,
    ...exceptionRunDiagnostics(project.exceptions, matchedExceptions, now),
    ...crds.diagnostics,
  ];
  count(own);
  const stats = { files: files.size, documents };
  writer.end(stats, own);
  const summary = counter.summary();
  const exitCode =
    unreadableInputs > 0 ||
    project.exceptionDiagnostics.some((d) => d.severity === 'error') ||
    crds.unreadable > 0 ||
    inputErrors ||
    enforceability.some((d) => d.severity === 'error') ||
    crds.diagnostics.some((d) => d.severity === 'error')
      ? EXIT_USAGE
      : summary.failing > 0
        ? EXIT_FINDINGS
        : EXIT_OK;
  return { summary, stats, exitCode };
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
      --profile <name>            pss-baseline | pss-restricted | hardened | cis-control-plane
      --pss-version <v>           Pod Security Standards version of the PSS rules,
                                  latest | ${PSS_RANGE} (default: config pss.version,
                                  else latest = ${PSS_LATEST})
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
      ...(values['pss-version'] !== undefined ? { pssVersion: values['pss-version'] } : {}),
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
        const { formatDiagnostics } = await import('@kpc/core/internal');
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
    const output = openReportOutput(io, values.output);
    try {
      const reporterOptions = {
        color: values.output === undefined && format === 'text' && useColor(io, 'stdout'),
        cwd: io.cwd,
      };
      const run = await runLint(inputIO, project, inputs, threshold, {
        open: (header) => reporter.open(header, reporterOptions, output.sink),
        // Only the text reporter prints code frames; the others need no source lines.
        sourceLines: format === 'text',
        now,
        ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
        ...(values.strict ? { strict: true } : {}),
      });
      output.close();
      return run.exitCode;
    } finally {
      output.abandon();
    }
  },
};
