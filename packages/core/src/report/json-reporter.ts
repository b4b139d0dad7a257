/**
 * Machine-readable JSON, versioned: `schemaVersion` 1 is defined by
 * docs/schemas/lint-report.v1.schema.json (docs/reporters.md). Additive changes keep the
 * version; a breaking change bumps it.
 */
import type { Diagnostic } from '@kpc/ir';
import type { Finding } from '../engine/lint.ts';
import { type LintReport, summarize } from './lint-report.ts';
import { displayPath } from './paths.ts';
import type { Reporter, ReporterOptions } from './reporter.ts';

/** The version of the JSON report format this reporter writes. */
export const JSON_REPORT_SCHEMA_VERSION = 1;

function relocate<T extends Finding | Diagnostic>(item: T, cwd: string): T {
  if (!item.location) return item;
  return { ...item, location: { ...item.location, file: displayPath(item.location.file, cwd) } };
}

export const jsonReporter: Reporter = {
  name: 'json',
  description: 'JSON, schemaVersion 1 (docs/schemas/lint-report.v1.schema.json).',
  extension: 'json',
  render(report: LintReport, options: ReporterOptions): string {
    const s = summarize(report);
    const out = {
      schemaVersion: JSON_REPORT_SCHEMA_VERSION,
      tool: report.tool,
      threshold: report.threshold,
      passed: s.passed,
      summary: {
        files: report.stats.files,
        documents: report.stats.documents,
        rules: report.rules.length,
        findings: s.findings,
        failing: s.failing,
        excepted: s.excepted,
        bySeverity: s.bySeverity,
        errors: s.errors,
        warnings: s.warnings,
      },
      rules: report.rules.map((r) => ({
        id: r.id,
        title: r.title,
        severity: r.severity,
        category: r.category,
      })),
      findings: report.findings.map((f) => relocate(f, options.cwd)),
      diagnostics: report.diagnostics.map((d) => relocate(d, options.cwd)),
    };
    return `${JSON.stringify(out, null, 2)}\n`;
  },
};
