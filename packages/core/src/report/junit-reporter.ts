/**
 * JUnit XML for CI test tabs: one <testsuite> per input file, one failing <testcase> per
 * finding, one passing <testcase> per clean object, one <error> per input error. Text and
 * attributes are escaped, and characters XML 1.0 forbids are replaced with U+FFFD.
 */
import type { Diagnostic } from '@kpc/ir';
import type { Finding, FindingResource } from '../engine/lint.ts';
import { type LintReport, summarize } from './lint-report.ts';
import { displayPath } from './paths.ts';
import type { Reporter, ReporterOptions } from './reporter.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match the control characters XML 1.0 forbids
const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for an XML attribute or element body. */
export function escapeXml(s: string): string {
  return s
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function resourceName(r: FindingResource): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name ?? '<unnamed>'}`;
}

interface Suite {
  cases: string[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

export const junitReporter: Reporter = {
  name: 'junit',
  description: 'JUnit XML: a test suite per file, a failing test case per finding.',
  extension: 'xml',
  render(report: LintReport, options: ReporterOptions): string {
    const suites = new Map<string, Suite>();
    const suite = (file: string): Suite => {
      const key = displayPath(file, options.cwd);
      let s = suites.get(key);
      if (!s) {
        s = { cases: [], tests: 0, failures: 0, errors: 0, skipped: 0 };
        suites.set(key, s);
      }
      return s;
    };
    const failing = new Set<string>();
    const objectKey = (file: string, r: FindingResource) =>
      [displayPath(file, options.cwd), r.apiVersion, r.kind, r.namespace ?? '', r.name ?? ''].join(
        '\u0000',
      );
    for (const f of report.findings) {
      const s = suite(f.location.file);
      failing.add(objectKey(f.location.file, f.resource));
      s.tests++;
      if (f.exception !== undefined) {
        // Excepted: reported as a skipped test case that names the exception.
        s.skipped++;
        s.cases.push(exceptedCase(f, options.cwd));
        continue;
      }
      s.failures++;
      s.cases.push(findingCase(f, options.cwd));
    }
    for (const o of report.objects ?? []) {
      if (failing.has(objectKey(o.file, o.resource))) continue;
      failing.add(objectKey(o.file, o.resource));
      const s = suite(o.file);
      s.tests++;
      s.cases.push(
        `    <testcase classname="${escapeXml(displayPath(o.file, options.cwd))}" name="${escapeXml(resourceName(o.resource))}"/>`,
      );
    }
    for (const d of report.diagnostics) {
      if (d.severity !== 'error') continue;
      const s = suite(d.location?.file ?? '<kpc>');
      s.tests++;
      s.errors++;
      s.cases.push(errorCase(d, options.cwd));
    }
    const sum = summarize(report);
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="kpc lint" tests="${[...suites.values()].reduce((n, s) => n + s.tests, 0)}" failures="${sum.findings}" errors="${sum.errors}" skipped="${sum.excepted}">`,
    ];
    for (const [name, s] of suites) {
      lines.push(
        `  <testsuite name="${escapeXml(name)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}">`,
        ...s.cases,
        '  </testsuite>',
      );
    }
    lines.push('</testsuites>');
    return `${lines.join('\n')}\n`;
  },
};

function findingCase(f: Finding, cwd: string): string {
  const file = displayPath(f.location.file, cwd);
  const where = `${file}:${f.location.line}:${f.location.column}`;
  const body = [
    `${f.message}`,
    ...(f.hint ? [`hint: ${f.hint}`] : []),
    `rule: ${f.ruleId}${f.code ? ` (${f.code})` : ''}`,
    `severity: ${f.severity}`,
    `resource: ${f.resource.apiVersion} ${resourceName(f.resource)}`,
    `pointer: ${f.pointer || '/'}`,
    `location: ${where}`,
  ].join('\n');
  return [
    `    <testcase classname="${escapeXml(file)}" name="${escapeXml(caseName(f))}">`,
    `      <failure message="${escapeXml(f.message)}" type="${escapeXml(f.severity)}">${escapeXml(body)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

function caseName(f: Finding): string {
  return `${resourceName(f.resource)}: ${f.ruleId} ${f.pointer || '/'}`;
}

function exceptedCase(f: Finding, cwd: string): string {
  const e = f.exception!;
  const file = displayPath(f.location.file, cwd);
  const text = `excepted by ${e.id} (owner ${e.owner}, expires ${e.expires}): ${e.reason} — ${f.message}`;
  return [
    `    <testcase classname="${escapeXml(file)}" name="${escapeXml(caseName(f))}">`,
    `      <skipped message="${escapeXml(text)}"/>`,
    '    </testcase>',
  ].join('\n');
}

function errorCase(d: Diagnostic, cwd: string): string {
  const file = d.location ? displayPath(d.location.file, cwd) : '<kpc>';
  const where = d.location ? `${file}:${d.location.line}:${d.location.column}` : file;
  return [
    `    <testcase classname="${escapeXml(file)}" name="${escapeXml(`${d.code} ${where}`)}">`,
    `      <error message="${escapeXml(d.message)}" type="${escapeXml(d.code)}">${escapeXml(d.hint ? `${d.message}\nhint: ${d.hint}` : d.message)}</error>`,
    '    </testcase>',
  ].join('\n');
}
