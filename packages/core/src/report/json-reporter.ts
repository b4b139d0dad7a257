/**
 * Machine-readable JSON, versioned: `schemaVersion` 1 is defined by
 * docs/schemas/lint-report.v1.schema.json (docs/reporters.md). Additive changes keep the
 * version; a breaking change bumps it. The findings are spooled as they come and the
 * summary at the top is filled in at the end: the bytes of one `JSON.stringify`.
 */
import type { Diagnostic } from '@kpc/ir';
import type { Finding } from '../engine/lint.ts';
import { defineReporter } from './define-reporter.ts';
import { JsonArraySpool, writeJsonWithArrays } from './json-stream.ts';
import { SummaryCounter } from './lint-report.ts';
import { displayPath } from './paths.ts';

/** The version of the JSON report format this reporter writes. */
export const JSON_REPORT_SCHEMA_VERSION = 1;

function relocate<T extends Finding | Diagnostic>(item: T, cwd: string): T {
  if (!item.location) return item;
  return { ...item, location: { ...item.location, file: displayPath(item.location.file, cwd) } };
}

export const jsonReporter = defineReporter({
  name: 'json',
  description: 'JSON, schemaVersion 1 (docs/schemas/lint-report.v1.schema.json).',
  extension: 'json',
  open(header, options, out) {
    const counter = new SummaryCounter(header.threshold);
    // Arrays at depth 1 (properties of the top-level object).
    const findings = new JsonArraySpool(1, options.spoolChars);
    const inputDiagnostics = new JsonArraySpool(1, options.spoolChars);
    const lintDiagnostics = new JsonArraySpool(1, options.spoolChars);
    return {
      part(part) {
        for (const f of part.findings) {
          counter.finding(f);
          findings.push(relocate(f, options.cwd));
        }
        for (const d of part.inputDiagnostics) {
          counter.diagnostic(d);
          inputDiagnostics.push(relocate(d, options.cwd));
        }
        for (const d of part.lintDiagnostics) {
          counter.diagnostic(d);
          lintDiagnostics.push(relocate(d, options.cwd));
        }
      },
      end(stats, diagnostics = header.diagnostics ?? []) {
        const own = new JsonArraySpool(1, options.spoolChars);
        for (const d of diagnostics) {
          counter.diagnostic(d);
          own.push(relocate(d, options.cwd));
        }
        const s = counter.summary();
        writeJsonWithArrays(
          out,
          (array) => ({
            schemaVersion: JSON_REPORT_SCHEMA_VERSION,
            tool: header.tool,
            threshold: header.threshold,
            passed: s.passed,
            summary: {
              files: stats.files,
              documents: stats.documents,
              rules: header.rules.length,
              findings: s.findings,
              failing: s.failing,
              excepted: s.excepted,
              bySeverity: s.bySeverity,
              errors: s.errors,
              warnings: s.warnings,
            },
            rules: header.rules.map((r) => ({
              id: r.id,
              title: r.title,
              severity: r.severity,
              category: r.category,
            })),
            findings: array('findings'),
            diagnostics: array('diagnostics'),
          }),
          {
            findings: { depth: 1, parts: [findings] },
            diagnostics: { depth: 1, parts: [own, inputDiagnostics, lintDiagnostics] },
          },
        );
      },
    };
  },
});
