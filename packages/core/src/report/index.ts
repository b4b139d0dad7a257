export { collectReport, defineReporter, type ReportCollector } from './define-reporter.ts';
export { formatDiagnostics } from './diagnostic-lines.ts';
export { JSON_REPORT_SCHEMA_VERSION, jsonReporter } from './json-reporter.ts';
export { escapeXml, junitReporter } from './junit-reporter.ts';
export type { LintReport, ReportObject, ReportRule, ReportSummary } from './lint-report.ts';
export { SCHEMA_REPORT_RULE, SummaryCounter, summarize } from './lint-report.ts';
export { displayPath } from './paths.ts';
export {
  POLICY_REPORT_API_VERSION,
  POLICY_REPORT_SOURCE,
  type PolicyReportObject,
  type PolicyReportResult,
  type PolicyReportVerdict,
  policyReportReporter,
  renderPolicyReports,
  toPolicyReports,
} from './policyreport-reporter.ts';
export { getReporter, REPORTERS, reporterNames } from './registry.ts';
export type {
  Reporter,
  ReporterOptions,
  ReportHeader,
  ReportPart,
  ReportSink,
  ReportStats,
  ReportWriter,
} from './reporter.ts';
export { sarifReporter, toSarif } from './sarif-reporter.ts';
export { FileSink, SPOOL_MEMORY_CHARS } from './spool.ts';
export { textReporter } from './text-reporter.ts';
