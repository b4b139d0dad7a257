/** `kpc lint`: load manifests, run schema validation and rules, report. */
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import {
  getReporter,
  type InputEntry,
  type LintOptions,
  type LoadResult,
  listInputs,
  loadInputParts,
  loadInputsByFile,
  type ReportHeader,
  type ReportPart,
  type ReportStats,
  type ReportSummary,
  type ReportWriter,
  reporterNames,
} from '@kpc/core';
import {
  DEFAULT_KUBERNETES_VERSION,
  exceptionRunDiagnostics,
  parseKubernetesVersion,
  SEVERITY_ORDER,
  SummaryCounter,
} from '@kpc/core/internal';
import { type Diagnostic, declaredReads, isReferential, type RuleSeverity } from '@kpc/ir';
import { DiagnosticsError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.ts';
import { type CliIO, useColor } from '../io.ts';
import {
  loadProject,
  type Project,
  type ProjectOptions,
  PSS_LATEST,
  PSS_RANGE,
} from '../project.ts';
import { openReportOutput } from '../report-output.ts';
import { KPC_VERSION } from '../version.ts';
import { type Command, list, parseCommandArgs } from './command.ts';
import { enforceabilityDiagnostics } from './lint-enforceable.ts';
import {
  type FileResult,
  lintLoadedFile,
  lintOptionsOf,
  loadCrds,
  readObjectSet,
} from './lint-file.ts';
import { lintInWorkers, type PortableFileResult } from './lint-workers.ts';
import { expiringExceptions, parseDays, parseNow } from './time-options.ts';
import { mayCapYoungGeneration, YoungGenerationCap } from './young-generation.ts';

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
  jobs: { type: 'string', short: 'j' },
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

/** Errors that exit 2: unreadable or malformed input, and a rule that breaks its `reads`. */
function isExit2Error(d: Diagnostic): boolean {
  return (
    d.severity === 'error' &&
    (d.code.startsWith('LOAD_') ||
      d.code === 'AUDIT_NOT_A_LIST' ||
      d.code === 'RULE_UNDECLARED_READ')
  );
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
  /**
   * Lint files on worker threads (docs/cli/lint.md, "Parallel lint"): the options the
   * project was loaded with (each worker loads it again) and how many threads, `auto` by
   * default (the cores available, when the inputs are large enough to pay for the start-up
   * of the workers). Without it, or with `jobs: 1`, one thread lints.
   */
  readonly parallel?: { readonly project: ProjectOptions; readonly jobs: number | 'auto' };
  /**
   * Hand the report each file whole, never in chunks of a long stream, and with referential
   * rules read the inputs once, holding them (one thread). The report is the same either
   * way; tests compare the two.
   */
  readonly wholeFiles?: boolean;
  /**
   * The report allocates far more than it keeps (PolicyReport): on one thread, V8 is asked
   * to collect sooner while lint runs ({@link GARBAGE_HEAVY_GROWING}) even when lint holds
   * the object set (a streaming run always collects sooner).
   */
  readonly collectSooner?: boolean;
  /** Documents per part of a long stream (default the loader's, 200); for tests. */
  readonly chunkDocuments?: number;
  /**
   * Reads the inputs part by part, once per pass over them (default `loadInputParts`); tests
   * count the passes through it.
   */
  readonly loadParts?: typeof loadInputParts;
}

/** Input bytes from which `--jobs auto` starts worker threads (docs/benchmarks.md). */
export const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

/** Most worker threads `--jobs auto` starts. */
const AUTO_MAX_WORKERS = 8;

/**
 * The input entries and the number of worker threads to lint them with (1: this thread).
 * Stdin, a single file and `kpc audit`'s own loading keep one thread. `referential`: a
 * selected rule declares reads; each worker then holds its own copy of the object set, and
 * `auto` keeps one thread (measured on the 2-core machine: 15% less wall time for twice
 * the memory, over the 300 MiB aim; docs/benchmarks.md, "Ninth session"); an explicit
 * `--jobs N` still starts the workers.
 */
export async function planThreads(
  inputs: readonly string[],
  options: RunLintOptions,
  referential = false,
): Promise<{ entries: InputEntry[]; threads: number } | undefined> {
  const jobs = options.parallel?.jobs ?? 1;
  if (jobs === 1 || options.load !== undefined || options.wholeFiles) return undefined;
  if (jobs === 'auto' && referential) return undefined;
  const entries: InputEntry[] = [];
  for await (const e of listInputs(inputs)) {
    if ('stdin' in e && e.stdin) return undefined;
    entries.push(e);
  }
  const files = entries.filter((e): e is { file: string } => 'file' in e);
  if (files.length < 2) return undefined;
  if (jobs !== 'auto') return { entries, threads: Math.min(jobs, files.length) };
  const cores = Math.min(availableParallelism(), AUTO_MAX_WORKERS, files.length);
  if (cores < 2) return undefined;
  let bytes = 0;
  for (const f of files) {
    bytes += await stat(f.file).then(
      (i) => i.size,
      () => 0,
    );
    if (bytes >= PARALLEL_MIN_BYTES) return { entries, threads: cores };
  }
  return undefined;
}

/** A worker's result with its code-frame lines as the part's `sourceLine`. */
function fromWorker(r: PortableFileResult): FileResult {
  const { lines, part, ...rest } = r;
  return {
    ...rest,
    part: lines ? { ...part, sourceLine: (file, line) => lines[file]?.[line] } : part,
  };
}

/** Parses `--jobs`: a positive integer or `auto`. */
export function parseJobs(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (!/^[1-9][0-9]{0,3}$/.test(value))
    throw new UsageError(
      `--jobs must be a positive number of threads or auto, got "${value}"`,
      'Use --jobs 1 to lint on one thread.',
    );
  return Number(value);
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
 * Whether every file the inputs list can be read twice with the same bytes: regular files
 * (named, or inside a named directory). A pipe or FIFO (`<(cmd)`, `mkfifo`, also one named
 * `*.yaml` in a directory) gives its bytes to one read only, so a second pass would see
 * nothing (or wait for a writer that never comes). Listing reads nothing: it stats.
 */
async function readableTwice(io: CliIO, inputs: readonly string[]): Promise<boolean> {
  for await (const entry of listInputs(inputs.map((i) => (i === '-' ? i : resolve(io.cwd, i))))) {
    if ('stdin' in entry && entry.stdin) return false;
    if (!('file' in entry)) continue; // unreadable: reported by the loader, read by no pass
    try {
      if (!statSync(entry.file).isFile()) return false;
    } catch {
      // Gone since it was listed: the loader reports it.
    }
  }
  return true;
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
  const lintOptions = lintOptionsOf(project, crds, options.kubernetesVersion, now);
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
  let exit2Errors = false;
  const count = (ds: readonly Diagnostic[]) => {
    for (const d of ds) {
      counter.diagnostic(d);
      if (isExit2Error(d)) exit2Errors = true;
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
  const take = (r: FileResult) => {
    unreadableInputs += r.unreadableInputs;
    for (const f of r.files) files.add(f);
    for (const id of r.matchedExceptions) matchedExceptions.add(id);
    part(r.part);
    const before = documents;
    documents += r.documents;
    // Progress on a TTY, every 500 objects once a run is past PROGRESS_MIN_DOCUMENTS.
    if (
      io.stderrIsTTY &&
      documents >= PROGRESS_MIN_DOCUMENTS &&
      Math.floor(documents / 500) > Math.floor(before / 500)
    ) {
      io.stderr.write(`\rkpc lint: ${documents} objects`);
      progressShown = documents;
    }
  };
  // Referential rules (those that declare `reads`) judge each object against the whole set
  // ("the cluster"): read every input first when one is selected (memory then grows with the
  // input); else stream file by file, on worker threads when the input is large. One file
  // alone is not the whole set: such rules say so instead. A rule that declares no reads and
  // calls list/get anyway fails (RULE_UNDECLARED_READ), so streaming never judges it against
  // a part of the set.
  const referential = project.rules.some((r) => isReferential(r.rule));
  // The set holds only the kinds some selected rule reads: `list` and `get` answer nothing
  // else (a read of another kind is RULE_UNDECLARED_READ before the set is asked).
  const readKinds = new Set(project.rules.flatMap((r) => declaredReads(r.rule)));
  // Referential rules read the inputs twice (the set, then the lint; on workers, each reads
  // the set): a pipe among them is read once, whole, on this thread instead.
  const twice = !referential || (await readableTwice(io, inputs));
  const plan = twice ? await planThreads(inputs, options, referential) : undefined;
  // Sets V8's heap tuning of a one-thread run back to V8's own.
  let untune = () => {};
  if (plan !== undefined && options.parallel !== undefined) {
    const files = plan.entries.flatMap((e) => ('file' in e ? [e.file] : []));
    const results = lintInWorkers(files, plan.threads, {
      cwd: io.cwd,
      env: io.env,
      project: options.parallel.project,
      ...(options.kubernetesVersion !== undefined
        ? { kubernetesVersion: options.kubernetesVersion }
        : {}),
      now,
      keepLines,
      // Referential rules: each worker reads the set itself from every input, then judges
      // its files against it (docs/cli/lint.md, "Parallel lint").
      ...(referential ? { set: { files, kinds: [...readKinds] } } : {}),
    });
    try {
      for (const e of plan.entries) {
        if ('file' in e)
          // A long stream comes in several parts, the last one marked.
          for (;;) {
            const next = await results.next();
            if (next.done) throw new Error('lint workers returned fewer results than files');
            take(fromWorker(next.value.result));
            if (next.value.last) break;
          }
        else if ('unreadable' in e)
          take(lintLoadedFile(e.unreadable, project, lintOptions, keepLines));
      }
    } finally {
      await results.return();
    }
  } else {
    const partialSet = referential && options.load === undefined && isSingleFile(io, inputs);
    const setHeld = referential && !partialSet;
    const growing = heapGrowingPercent({
      collectSooner: options.collectSooner === true,
      setHeld,
      execArgv: process.execArgv,
    });
    if (growing !== undefined) setFlagsFromString(`--heap-growing-percent=${growing}`);
    // Streaming (no object set held): the young generation stays at 8 MB, so that the peak
    // does not grow with the length of the run. With the set held it would cost collections
    // of a heap that is mostly live (young-generation.ts); for PolicyReport (collectSooner),
    // whose results are short-lived text in bulk, scavenges of a small young generation cost
    // a third more CPU (the 100,000-document stream: 127-137 s against 95 s, for 228 against
    // 269 MiB), so V8 sizes it there.
    const young =
      !setHeld && options.collectSooner !== true && mayCapYoungGeneration(process.execArgv)
        ? new YoungGenerationCap()
        : undefined;
    young?.start();
    // Both until the report is written: JUnit and SARIF write most of theirs at the end.
    // 0: V8's own factor. Not over one the user started node with (checked above).
    untune = () => {
      if (growing !== undefined) setFlagsFromString('--heap-growing-percent=0');
      young?.stop();
    };
    try {
      const partsOf = () =>
        (options.loadParts ?? loadInputParts)(inputs, {
          // Stdin read in parts when it can be: through a temporary file, not held whole.
          ...(io.stdinChunks ? { stdinChunks: io.stdinChunks } : { stdin: io.readStdin }),
          ...(options.chunkDocuments !== undefined
            ? { chunkDocuments: options.chunkDocuments }
            : {}),
        });
      // Files are read twice when referential rules judge them against the whole set: once for
      // the set (only the objects are kept), once to lint and report them chunk by chunk, so
      // memory holds the set's objects, not every document with its positions. Stdin, pipes
      // and `kpc audit`'s own loading cannot be read twice: they are held whole.
      const twoPasses =
        referential && twice && !partialSet && options.load === undefined && !options.wholeFiles;
      // Held whole only where the set and the lint come from one read (stdin; `kpc audit`
      // loads its own); a single file, judged without the set, streams like any other.
      const source =
        options.load ??
        (options.wholeFiles || (referential && !twoPasses && !partialSet)
          ? loadInputsByFile(inputs, { stdin: io.readStdin })
          : partsOf());
      let parts: AsyncIterable<LoadResult> | LoadResult[] = source;
      let setOptions = {};
      if (twoPasses) {
        setOptions = { objects: await readObjectSet(source, readKinds) };
        parts = partsOf();
      } else if (referential && !partialSet) {
        const all: LoadResult[] = [];
        for await (const loaded of source) all.push(loaded);
        setOptions = { objects: await readObjectSet(all, readKinds) };
        parts = all;
      } else if (partialSet) setOptions = { partialSet: true };
      // One file without its set, in parts: the undecided rules are counted over the whole file
      // and said once, by its last part (core's lint, partialSetParts).
      let undecided: NonNullable<LintOptions['partialSetParts']>['undecided'] = new Map();
      for await (const loaded of parts) {
        const final = !('last' in loaded) || loaded.last !== false;
        const partOptions = partialSet
          ? { ...setOptions, partialSetParts: { undecided, final } }
          : setOptions;
        take(lintLoadedFile(loaded, project, { ...lintOptions, ...partOptions }, keepLines));
        if (final) undecided = new Map();
        young?.check();
      }
    } catch (e) {
      untune();
      throw e;
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
  try {
    writer.end(stats, own);
  } finally {
    untune();
  }
  const summary = counter.summary();
  const exitCode =
    unreadableInputs > 0 ||
    project.exceptionDiagnostics.some((d) => d.severity === 'error') ||
    crds.unreadable > 0 ||
    exit2Errors ||
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
  -j, --jobs <n|auto>             lint files on n threads; auto (default) uses the
                                  cores when the inputs reach 4 MiB in 2+ files
                                  and no rule reads other objects; the report
                                  is the same as on one thread
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
    const jobs = parseJobs(values.jobs);
    const projectOptions: ProjectOptions = {
      ...(values.config !== undefined ? { config: values.config } : {}),
      ...(values['no-config'] ? { noConfig: true } : {}),
      ...(values.profile !== undefined ? { profile: values.profile } : {}),
      ...(values['pss-version'] !== undefined ? { pssVersion: values['pss-version'] } : {}),
      ...(values.rules !== undefined ? { rules: list(values.rules) ?? [] } : {}),
    };
    const project = await loadProject(io, projectOptions);
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
        const piped = io.stdinIsTTY === true ? undefined : await pipedStdin(io);
        if (piped === undefined)
          throw new UsageError(
            'no manifests to lint',
            'Give paths (or - for stdin, or pipe manifests in), or set `manifests` in kpc.config.ts.',
          );
        inputs = ['-'];
        inputIO = piped;
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
        parallel: { project: projectOptions, jobs },
        collectSooner: format === 'policyreport',
      });
      output.close();
      return run.exitCode;
    } finally {
      output.abandon();
    }
  },
};

/**
 * V8's heap growing factor (as a percentage over 1) while lint runs on one thread and its heap
 * is mostly garbage. Streaming (no object set held), what V8 keeps is the current chunk and
 * the reporter's spool, and at V8's own factor old space filled with short-lived strings
 * between two full collections: the 100,000-document stream peaked at 269 MiB (JSON) to
 * 394 MiB (JUnit), at 1.35 at 187–213 MiB for about 8% more CPU. PolicyReport writes a
 * result per object and rule, passes included (158 MB of YAML for the benchmark's 10,000
 * manifests), so it collects sooner even with the set held: 277–305 → 184–195 MiB. With
 * the set held and another reporter, the factor saved nothing and cost up to 30% CPU, so it
 * is left to V8 there (docs/benchmarks.md, "Eleventh session"). It schedules collections
 * sooner and limits nothing. The flag is the process's, so it is not set when workers lint
 * (they would run with it too: half again the CPU, no memory saved), nor over a factor given
 * to node; 0, set back after the run, is V8's default.
 */
const GARBAGE_HEAVY_GROWING = 35;

/**
 * The heap growing factor lint sets while it runs on this thread (runLint's one-thread
 * branch; never with workers), or undefined to leave V8's: {@link GARBAGE_HEAVY_GROWING}
 * where the heap is mostly garbage, a streaming run (no object set held) or a report that
 * allocates far more than it keeps (`collectSooner`), and never over a factor node was
 * started with.
 */
export function heapGrowingPercent(run: {
  readonly collectSooner: boolean;
  readonly setHeld: boolean;
  readonly execArgv: readonly string[];
}): number | undefined {
  if (run.execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return undefined;
  return run.collectSooner || !run.setHeld ? GARBAGE_HEAVY_GROWING : undefined;
}

/**
 * A piped stdin that is not empty (its first chunk read: an empty stdin, a CI job's
 * /dev/null, is "nothing to lint"), as an I/O that reads it from the start; undefined when
 * it is empty.
 */
async function pipedStdin(io: CliIO): Promise<CliIO | undefined> {
  if (!io.stdinChunks) {
    const all = await io.readStdin();
    return all.byteLength === 0 ? undefined : { ...io, readStdin: () => Promise.resolve(all) };
  }
  const it = io.stdinChunks()[Symbol.asyncIterator]();
  let first = await it.next();
  while (!first.done && first.value.byteLength === 0) first = await it.next();
  if (first.done) return undefined;
  const head = first.value;
  const rest = async function* (): AsyncGenerator<Uint8Array, void, undefined> {
    yield head;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  };
  const whole = async (): Promise<Uint8Array> => {
    const chunks: Uint8Array[] = [];
    for await (const c of rest()) chunks.push(c);
    return Buffer.concat(chunks);
  };
  return { ...io, readStdin: whole, stdinChunks: rest };
}
