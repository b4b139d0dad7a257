/**
 * The reporter interface shared by the registry and every format. Reporters stream: a run
 * opens a writer with what is known before linting (tool, threshold, rules), hands it the
 * results of one input file at a time, and ends it with the totals; the writer writes as it
 * goes (or spools what a format prints later), so that a report's memory does not grow with
 * the corpus. `render` turns a whole {@link LintReport} into one string, the same bytes.
 */
import type { Diagnostic } from '@kpc/ir';
import type { Finding } from '../engine/lint.ts';
import type { LintReport, ReportObject, ReportRule } from './lint-report.ts';

export interface ReporterOptions {
  /** Colour output (text only); the CLI turns it on only on a TTY. */
  readonly color: boolean;
  /** Paths in reports are shown relative to this directory when inside it. */
  readonly cwd: string;
  /**
   * Source text of a line (1-based) of an input file, for code frames, when a part does
   * not bring its own ({@link ReportPart.sourceLine}).
   */
  readonly sourceLine?: (file: string, line: number) => string | undefined;
  /**
   * Characters a reporter keeps in memory for what it writes later (a JSON report's
   * findings, listed after its summary) before moving them to an anonymous temporary file.
   * Default `SPOOL_MEMORY_CHARS` (256 Ki); tests make it small.
   */
  readonly spoolChars?: number;
}

/** Where a report goes: stdout, a file, a string. Writes are in order. */
export interface ReportSink {
  write(chunk: string): void;
  /**
   * Writes UTF-8 bytes as they are (a spool's temporary file copied to a report file),
   * where the sink can: no string is made of them. Optional; `write` serves otherwise.
   */
  writeBytes?(bytes: Uint8Array): void;
}

/** What a report knows before any input is read. */
export interface ReportHeader {
  readonly tool: { readonly name: string; readonly version: string };
  /** Findings at or above this severity fail the run. */
  readonly threshold: LintReport['threshold'];
  /** The rules that run, sorted by id. */
  readonly rules: readonly ReportRule[];
  /** The time of the run (ms since epoch), for reports that carry timestamps. */
  readonly now?: number;
  /**
   * The run's own diagnostics known before any input is read (config, exceptions, CRDs).
   * Every error among the run's own diagnostics must be here: JUnit files each error under
   * its input file, which may be written before the end.
   */
  readonly diagnostics?: readonly Diagnostic[];
}

/**
 * The results of one input file (or of a whole report at once): its findings in order, the
 * objects it holds, and its diagnostics. A file's results come in one part: reporters that
 * group by file rely on it.
 */
export interface ReportPart {
  readonly findings: readonly Finding[];
  readonly objects: readonly ReportObject[];
  /** Loader and schema diagnostics. Reports list every part's before any part's lint ones. */
  readonly inputDiagnostics: readonly Diagnostic[];
  /** Engine diagnostics (a rule that threw, notes about the objects linted). */
  readonly lintDiagnostics: readonly Diagnostic[];
  /** Source lines of this part's files, for code frames (only while the part is written). */
  readonly sourceLine?: (file: string, line: number) => string | undefined;
}

/** Totals a report states (inputs read, objects linted). */
export interface ReportStats {
  readonly files: number;
  readonly documents: number;
}

/** An open report: parts in input order, then `end` once. */
export interface ReportWriter {
  part(part: ReportPart): void;
  /**
   * Finishes the report. `diagnostics`: the run's own diagnostics in the order the report
   * lists them, before every part's (the header's and those known only now, such as
   * exceptions that matched nothing); default the header's.
   */
  end(stats: ReportStats, diagnostics?: readonly Diagnostic[]): void;
}

export interface Reporter {
  readonly name: string;
  readonly description: string;
  /** File extension for `--output` suggestions. */
  readonly extension: string;
  /**
   * Starts a report written to `out`. Deterministic: the same header, parts, stats and
   * options give the same bytes, however the results are split into parts (as long as a
   * file's results are in one part).
   */
  open(header: ReportHeader, options: ReporterOptions, out: ReportSink): ReportWriter;
  /** Renders a whole report. Pure and deterministic; the same bytes as `open`. */
  render(report: LintReport, options: ReporterOptions): string;
}
