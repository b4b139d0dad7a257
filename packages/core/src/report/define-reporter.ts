/** Builds a {@link Reporter} from its streaming `open`, adding `render` for whole reports. */
import type { Diagnostic } from '@kpc/ir';
import type { LintReport, ReportObject } from './lint-report.ts';
import type {
  Reporter,
  ReporterOptions,
  ReportHeader,
  ReportPart,
  ReportStats,
  ReportWriter,
} from './reporter.ts';

/** The header of a whole report: every diagnostic is the run's own, listed first. */
function reportHeader(report: LintReport): ReportHeader {
  return {
    tool: report.tool,
    threshold: report.threshold,
    rules: report.rules,
    ...(report.now !== undefined ? { now: report.now } : {}),
    diagnostics: report.diagnostics,
  };
}

/** A reporter whose `render` streams the whole report through `open` as one part. */
export function defineReporter(spec: Omit<Reporter, 'render'>): Reporter {
  return {
    ...spec,
    render(report: LintReport, options: ReporterOptions): string {
      const chunks: string[] = [];
      const writer = spec.open(reportHeader(report), options, {
        write: (c) => void chunks.push(c),
      });
      writer.part({
        findings: report.findings,
        objects: report.objects ?? [],
        inputDiagnostics: [],
        lintDiagnostics: [],
      });
      writer.end(report.stats, report.diagnostics);
      return chunks.join('');
    },
  };
}

/** A writer that keeps the whole report (for commands that need it whole: `kpc audit`). */
export interface ReportCollector {
  readonly open: (header: ReportHeader) => ReportWriter;
  /** The report, once the writer has ended. */
  report(): LintReport;
}

/** Collects parts into one {@link LintReport}, in the order a report lists them. */
export function collectReport(): ReportCollector {
  let header: ReportHeader | undefined;
  let result: LintReport | undefined;
  const findings: ReportPart['findings'][number][] = [];
  const objects: ReportObject[] = [];
  const input: Diagnostic[] = [];
  const lint: Diagnostic[] = [];
  return {
    open(h) {
      header = h;
      return {
        part(p) {
          findings.push(...p.findings);
          objects.push(...p.objects);
          input.push(...p.inputDiagnostics);
          lint.push(...p.lintDiagnostics);
        },
        end(stats: ReportStats, diagnostics = h.diagnostics ?? []) {
          result = {
            tool: h.tool,
            threshold: h.threshold,
            rules: h.rules,
            findings,
            diagnostics: [...diagnostics, ...input, ...lint],
            stats,
            objects,
            ...(h.now !== undefined ? { now: h.now } : {}),
          };
        },
      };
    },
    report() {
      if (result === undefined || header === undefined)
        throw new Error('collectReport: the report has not ended');
      return result;
    },
  };
}
