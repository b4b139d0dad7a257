/** The reporter interface shared by the registry and every format. */
import type { LintReport } from './lint-report.ts';

export interface ReporterOptions {
  /** Colour output (text only); the CLI turns it on only on a TTY. */
  readonly color: boolean;
  /** Paths in reports are shown relative to this directory when inside it. */
  readonly cwd: string;
  /** Source text of a line (1-based) of an input file, for code frames. */
  readonly sourceLine?: (file: string, line: number) => string | undefined;
}

export interface Reporter {
  readonly name: string;
  readonly description: string;
  /** File extension for `--output` suggestions. */
  readonly extension: string;
  /** Renders the report. Pure and deterministic for the same report and options. */
  render(report: LintReport, options: ReporterOptions): string;
}
