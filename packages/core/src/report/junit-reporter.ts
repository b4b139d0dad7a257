/**
 * JUnit XML for CI test tabs: one <testsuite> per input file, one failing <testcase> per
 * finding, one passing <testcase> per clean object, one <error> per input error. Text and
 * attributes are escaped, and characters XML 1.0 forbids are replaced with U+FFFD.
 */
import type { Diagnostic } from '@kpc/ir';
import type { Finding, FindingResource } from '../engine/lint.ts';
import { defineReporter } from './define-reporter.ts';
import { SummaryCounter } from './lint-report.ts';
import { displayPath } from './paths.ts';
import type { ReportSink } from './reporter.ts';
import { RecordSpool, Spool, SpooledStringIndex } from './spool.ts';

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

/**
 * One file's test suite. Its cases are listed in sections, in this order: findings, passing
 * objects, the run's own errors, input errors, lint errors; so a file whose results come in
 * several parts (chunks of a long stream) gets the suite one part would give. The cases of
 * findings and objects are spooled (a stream of 100,000 documents is one file): the suite's
 * counts, in its first line, are known when it is complete.
 */
interface Suite {
  readonly name: string;
  /** Lines of the finding cases, each ending with a line break. */
  readonly findingCases: Spool;
  /** The passing cases, one record each (a line), in the order the objects were met. */
  readonly objectCases: RecordSpool;
  /** Each passing case's object: its index in `keys`. */
  caseKeys: Int32Array;
  cases: number;
  readonly errorCases: Record<ErrorSection, string[]>;
  /** The objects of the file (objectKey), one key each, in a spool. */
  readonly keys: SpooledStringIndex;
  /** Per key index: {@link FAILING} and {@link LISTED}. */
  flags: Uint8Array;
  /** Cases counted so far; the passing ones are counted when the suite is written. */
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** The object has a finding in this file: it is not a passing case, wherever it was met. */
const FAILING = 1;
/** The object is a passing case already: it is not listed twice. */
const LISTED = 2;

type ErrorSection = 'own' | 'input' | 'lint';

function newSuite(name: string, spoolChars: number | undefined): Suite {
  return {
    name,
    findingCases: new Spool(spoolChars),
    objectCases: new RecordSpool(spoolChars),
    caseKeys: new Int32Array(256),
    cases: 0,
    errorCases: { own: [], input: [], lint: [] },
    keys: new SpooledStringIndex(spoolChars),
    flags: new Uint8Array(256),
    tests: 0,
    failures: 0,
    errors: 0,
    skipped: 0,
  };
}

/** The object's index in the suite, with room for its flags. */
function objectIndex(s: Suite, key: string): number {
  const i = s.keys.intern(key);
  if (i >= s.flags.length) {
    const grown = new Uint8Array(s.flags.length * 2);
    grown.set(s.flags);
    s.flags = grown;
  }
  return i;
}

/**
 * Writes the suite, complete, and releases its spools. A passing case whose object has a
 * finding in a later part of the file is left out, as the file in one part would leave it.
 */
function writeSuite(s: Suite, out: ReportSink): void {
  const passes = (i: number) => (s.flags[s.caseKeys[i]!]! & FAILING) === 0;
  for (let i = 0; i < s.cases; i++) if (passes(i)) s.tests++;
  out.write(
    `  <testsuite name="${escapeXml(s.name)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}">\n`,
  );
  s.findingCases.drainTo(out);
  for (let i = 0; i < s.cases; i++) if (passes(i)) out.write(s.objectCases.read(i));
  for (const c of [...s.errorCases.own, ...s.errorCases.input, ...s.errorCases.lint])
    out.write(`${c}\n`);
  out.write('  </testsuite>\n');
  s.objectCases.close();
  s.keys.close();
}

function addError(s: Suite, d: Diagnostic, cwd: string, section: ErrorSection): void {
  s.tests++;
  s.errors++;
  s.errorCases[section].push(errorCase(d, cwd));
}

export const junitReporter = defineReporter({
  name: 'junit',
  description: 'JUnit XML: a test suite per file, a failing test case per finding.',
  extension: 'xml',
  open(header, options, out) {
    const counter = new SummaryCounter(header.threshold);
    const suiteName = (d: Diagnostic) => displayPath(d.location?.file ?? '<kpc>', options.cwd);
    // The run's own errors (config, CRDs) come first under their file, before a part's.
    const ownErrors = new Map<string, Diagnostic[]>();
    for (const d of header.diagnostics ?? []) {
      if (d.severity !== 'error') continue;
      const name = suiteName(d);
      const list = ownErrors.get(name) ?? [];
      list.push(d);
      ownErrors.set(name, list);
    }
    // Suites are listed as a whole report first meets them: files with findings, then files
    // with only passing objects, then files with only errors. The first two are complete
    // when their part is, and spooled; error-only suites are kept until the end.
    const withFindings = new Spool(options.spoolChars);
    const withObjects = new Spool(options.spoolChars);
    const written = new Set<string>();
    // Error-only suites' errors by file: input errors first, then lint errors, as listed.
    const inputErrors = new Map<string, Diagnostic[]>();
    const lintErrors = new Map<string, Diagnostic[]>();
    let tests = 0;
    // Within a suite, which is one file's: the file is not part of the key (a stream of
    // 100,000 documents is one suite holding a key per object).
    const objectKey = (r: FindingResource) =>
      [r.apiVersion, r.kind, r.namespace ?? '', r.name ?? ''].join('\u0000');
    /**
     * The suites of the last part, not yet written: the next part may continue one of them
     * (the same file, the next chunk of its stream).
     */
    let pending = new Map<string, Suite>();
    const flush = (suites: Iterable<Suite>) => {
      for (const s of suites) {
        const to = s.findingCases.empty ? withObjects : withFindings;
        writeSuite(s, { write: (text) => to.append(text) });
        written.add(s.name);
        tests += s.tests;
      }
    };
    return {
      part(part) {
        // An empty part (a stream's chunk of empty documents) continues the open file.
        if (
          part.objects.length + part.findings.length === 0 &&
          part.inputDiagnostics.length + part.lintDiagnostics.length === 0
        )
          return;
        const suites = new Map<string, Suite>();
        const suite = (file: string): Suite => {
          const name = displayPath(file, options.cwd);
          let s = suites.get(name);
          if (!s) {
            s = newSuite(name, options.spoolChars);
            suites.set(name, s);
          }
          return s;
        };
        // Names this part's findings and objects use, so suites it does not continue are
        // complete and written first, in the order they were met.
        const names = new Set<string>();
        for (const f of part.findings) names.add(displayPath(f.location.file, options.cwd));
        for (const o of part.objects) names.add(displayPath(o.file, options.cwd));
        // A file's diagnostics come with its last part, which may have no object left.
        for (const d of [...part.inputDiagnostics, ...part.lintDiagnostics])
          if (d.severity === 'error' && pending.has(suiteName(d))) names.add(suiteName(d));
        flush([...pending.values()].filter((s) => !names.has(s.name)));
        const fresh = new Set<string>();
        for (const name of names) {
          const continued = pending.get(name);
          if (continued) suites.set(name, continued);
          else fresh.add(name);
        }
        pending = new Map();
        for (const f of part.findings) {
          counter.finding(f);
          const s = suite(f.location.file);
          const k = objectIndex(s, objectKey(f.resource));
          s.flags[k]! |= FAILING;
          s.tests++;
          if (f.exception !== undefined) {
            // Excepted: reported as a skipped test case that names the exception.
            s.skipped++;
            s.findingCases.append(`${exceptedCase(f, options.cwd)}\n`);
            continue;
          }
          s.failures++;
          s.findingCases.append(`${findingCase(f, options.cwd)}\n`);
        }
        for (const o of part.objects) {
          const s = suite(o.file);
          const k = objectIndex(s, objectKey(o.resource));
          if (s.flags[k]! !== 0) continue;
          s.flags[k] = LISTED;
          if (s.cases === s.caseKeys.length) {
            const grown = new Int32Array(s.caseKeys.length * 2);
            grown.set(s.caseKeys);
            s.caseKeys = grown;
          }
          s.caseKeys[s.cases++] = k;
          s.objectCases.append(
            `    <testcase classname="${escapeXml(displayPath(o.file, options.cwd))}" name="${escapeXml(resourceName(o.resource))}"/>\n`,
          );
        }
        // The run's own errors go to their file's suite once, when it is first met.
        for (const s of suites.values())
          if (fresh.has(s.name))
            for (const d of ownErrors.get(s.name) ?? []) addError(s, d, options.cwd, 'own');
        const diagnostics = (
          ds: readonly Diagnostic[],
          errorOnly: Map<string, Diagnostic[]>,
          section: ErrorSection,
        ) => {
          for (const d of ds) {
            counter.diagnostic(d);
            if (d.severity !== 'error') continue;
            const name = suiteName(d);
            const s = suites.get(name);
            if (s) addError(s, d, options.cwd, section);
            else {
              const list = errorOnly.get(name) ?? [];
              list.push(d);
              errorOnly.set(name, list);
            }
          }
        };
        diagnostics(part.inputDiagnostics, inputErrors, 'input');
        diagnostics(part.lintDiagnostics, lintErrors, 'lint');
        pending = suites;
      },
      end(_stats, diagnostics = header.diagnostics ?? []) {
        flush(pending.values());
        pending = new Map();
        for (const d of diagnostics) counter.diagnostic(d);
        const own = diagnostics.filter((d) => d.severity === 'error').length;
        const known = [...ownErrors.values()].reduce((n, l) => n + l.length, 0);
        if (own !== known)
          throw new Error(
            'junit reporter: every error among the run diagnostics must be in the report header',
          );
        const sum = counter.summary();
        // Error-only suites: the run's own errors first (in their order), then the parts'.
        const last = new Map<string, Suite>();
        const add = (name: string, ds: readonly Diagnostic[], section: ErrorSection) => {
          let s = last.get(name);
          if (!s) {
            s = newSuite(name, options.spoolChars);
            last.set(name, s);
          }
          for (const d of ds) addError(s, d, options.cwd, section);
        };
        for (const [name, ds] of ownErrors) if (!written.has(name)) add(name, ds, 'own');
        for (const [name, ds] of inputErrors) add(name, ds, 'input');
        for (const [name, ds] of lintErrors) add(name, ds, 'lint');
        for (const s of last.values()) tests += s.tests;
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n');
        out.write(
          `<testsuites name="kpc lint" tests="${tests}" failures="${sum.findings}" errors="${sum.errors}" skipped="${sum.excepted}">\n`,
        );
        withFindings.drainTo(out);
        withObjects.drainTo(out);
        for (const s of last.values()) writeSuite(s, out);
        out.write('</testsuites>\n');
      },
    };
  },
});

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
