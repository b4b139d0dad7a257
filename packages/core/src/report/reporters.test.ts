import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Diagnostic } from '@kpc/ir';
import { Ajv } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { ResolvedException } from '../config/exception-spec.ts';
import { lint } from '../engine/lint.ts';
import { documentsFromYaml } from '../engine/test-documents.ts';
import { parseManifestText } from '../loader/parse-manifest-text.ts';
import { defineRule } from '../rule/define-rule.ts';
import { allContainers } from '../rule/helpers.ts';
import { type LintReport, summarize } from './lint-report.ts';
import { getReporter, reporterNames } from './registry.ts';
import type { ReporterOptions } from './reporter.ts';
import { toSarif } from './sarif-reporter.ts';

const rule = defineRule({
  id: 'no-privileged',
  title: 'Containers must not be privileged',
  description: 'Every container must leave privileged unset or false.',
  rationale: 'Privileged is root on the node.',
  remediation: 'Remove securityContext.privileged.',
  severity: 'critical',
  category: 'Test & <category>',
  controls: [{ standard: 'pss', level: 'baseline', control: 'Privileged Containers' }],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) => c.securityContext?.privileged !== true,
  message: (c) => `container "${c.name}" is privileged <&> \u0001`,
  examples: { pass: [], fail: [] },
});

const cwd = '/repo';
const file = '/repo/apps/web app.yaml';
const YAML = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: app
          image: a
          securityContext: {privileged: true}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {ports: [{port: 80}]}
`;

function makeReport(extraDiagnostics: Diagnostic[] = []): {
  report: LintReport;
  options: ReporterOptions;
} {
  const docs = documentsFromYaml(file, YAML);
  const validate = (): Diagnostic[] => [
    {
      code: 'SCHEMA_UNKNOWN_FIELD',
      severity: 'error',
      message: 'unknown field "privilaged"',
      hint: 'Did you mean `privileged`?',
      pointer: '/spec',
    },
  ];
  const result = lint(docs, [{ rule, action: 'enforce', severity: 'critical', params: {} }], {
    validate,
  });
  const report: LintReport = {
    tool: { name: 'kpc', version: '0.1.0' },
    threshold: 'high',
    rules: [rule],
    findings: result.findings,
    diagnostics: [...result.diagnostics, ...extraDiagnostics],
    stats: { files: 1, documents: docs.length },
    objects: docs.map((d) => ({
      file: d.file,
      resource: { apiVersion: d.apiVersion, kind: d.kind, name: d.name!, namespace: d.namespace! },
    })),
  };
  const lines = YAML.split('\n');
  return { report, options: { color: false, cwd, sourceLine: (_f, n) => lines[n - 1] } };
}

/** The documented JSON report schema, strict. */
function jsonReportValidator() {
  const schemaPath = join(
    import.meta.dirname,
    '../../../../docs/schemas/lint-report.v1.schema.json',
  );
  const ajv = new Ajv({ allErrors: true, strict: true });
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
}

/** The official SARIF 2.1.0 schema (draft-04, as published by OASIS). */
function sarifValidator() {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    readFileSync(
      require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
      'utf8',
    ),
  );
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

const loadError: Diagnostic = {
  code: 'LOAD_YAML_SYNTAX',
  severity: 'error',
  message: 'bad "yaml" & <stuff>',
  location: { file: '/repo/broken.yaml', line: 3, column: 4 },
};

describe('reporter registry', () => {
  it('has the five formats', () => {
    expect(reporterNames()).toEqual(['text', 'json', 'sarif', 'junit', 'policyreport']);
    expect(getReporter('nope')).toBeUndefined();
  });
});

describe('text reporter', () => {
  it('groups by file, shows a code frame and a summary, no colours when off', () => {
    const { report, options } = makeReport();
    const out = getReporter('text')!.render(report, options);
    expect(out).not.toContain('\u001b[');
    expect(out).toContain('apps/web app.yaml\n');
    expect(out).toMatch(/ {2}8:11 +critical +container "app" is privileged/);
    expect(out).toContain('> 8 |         - name: app');
    expect(out).toMatch(/ {3}\| {11}\^\n/);
    expect(out).toContain('✖ 3 findings (1 critical, 2 high)');
    expect(out).not.toContain('\u0001');
  });
  it('uses colours when asked', () => {
    const { report, options } = makeReport();
    expect(getReporter('text')!.render(report, { ...options, color: true })).toContain('\u001b[');
  });
});

describe('json reporter', () => {
  it('matches the documented schema (docs/schemas/lint-report.v1.schema.json)', () => {
    const validate = jsonReportValidator();
    const { report, options } = makeReport([loadError]);
    const out = JSON.parse(getReporter('json')!.render(report, options));
    expect(validate(out) ? [] : validate.errors).toEqual([]);
    expect(out.passed).toBe(false);
    expect(out.summary).toMatchObject({ findings: 3, failing: 3, errors: 1 });
    expect(out.findings[0].location.file).toBe('apps/web app.yaml');
    // The schema is strict: an unexpected property fails it.
    expect(validate({ ...out, extra: 1 })).toBe(false);
  });
});

describe('sarif reporter', () => {
  it('is valid against the official SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const { report, options } = makeReport([loadError]);
    const log = JSON.parse(getReporter('sarif')!.render(report, options));
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'fatal';
    expect(validate(broken)).toBe(false);
  });
  it('carries rule help, regions, fingerprints and GitHub security severity', () => {
    const { report, options } = makeReport([loadError]);
    const run = toSarif(report, options).runs[0]!;
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(['no-privileged', 'schema']);
    expect(rules[0]!.help!.text).toContain('How to fix: Remove securityContext.privileged.');
    expect(rules[0]!.properties!['security-severity']).toBe('9.5');
    const result = run.results!.find((r) => r.ruleId === 'no-privileged')!;
    expect(result.ruleIndex).toBe(0);
    expect(result.level).toBe('error');
    expect(result.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'apps/web%20app.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 8, startColumn: 11 },
    });
    const fps = run.results!.map((r) => r.partialFingerprints!['kpcFinding/v1']);
    expect(new Set(fps).size).toBe(fps.length);
    expect(run.invocations![0]!.executionSuccessful).toBe(false);
    expect(run.invocations![0]!.toolExecutionNotifications![0]!.descriptor!.id).toBe(
      'LOAD_YAML_SYNTAX',
    );
  });
});

describe('junit reporter', () => {
  it('is well-formed XML with escaped text and the right counts', () => {
    const { report, options } = makeReport([loadError]);
    const xml = getReporter('junit')!.render(report, options);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('\u0001');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(doc.testsuites).toMatchObject({ tests: '4', failures: '3', errors: '1' });
    const suites = [doc.testsuites.testsuite].flat();
    const web = suites.find((s: { name: string }) => s.name === 'apps/web app.yaml');
    expect(web).toMatchObject({ tests: '3', failures: '3' });
    const cases = [web.testcase].flat();
    expect(cases[0].failure.message).toBe('unknown field "privilaged"');
    expect(
      cases.some((c: { failure: { message: string } }) => c.failure.message.includes('<&>')),
    ).toBe(true);
    const broken = suites.find((s: { name: string }) => s.name === 'broken.yaml');
    expect(broken.testcase.error.type).toBe('LOAD_YAML_SYNTAX');
  });
  it('lists clean objects as passing test cases', () => {
    const { report, options } = makeReport();
    const clean = { ...report, findings: [] };
    const xml = getReporter('junit')!.render(clean, options);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<testcase classname="apps/web app.yaml" name="Service shop/web"/>');
    expect(xml).toContain('tests="2" failures="0" errors="0"');
  });
});

describe('what a person reads', () => {
  it('every format carries a finding hint (e.g. the field a typo means)', () => {
    const { report, options } = makeReport();
    const text = getReporter('text')!.render(report, options);
    expect(text).toMatch(/\[SCHEMA_UNKNOWN_FIELD\]\n {4}hint: Did you mean `privileged`\?\n/);
    const sarif = toSarif(report, options).runs[0]!.results!.find((r) => r.ruleId === 'schema')!;
    expect(sarif.message.text).toBe('unknown field "privilaged" (Did you mean `privileged`?)');
    expect(getReporter('junit')!.render(report, options)).toContain(
      'unknown field &quot;privilaged&quot;\nhint: Did you mean `privileged`?\nrule: schema',
    );
    const json = JSON.parse(getReporter('json')!.render(report, options));
    expect(json.findings[0].hint).toBe('Did you mean `privileged`?');
  });

  it('the summary names input errors and rule errors apart', () => {
    const threw: Diagnostic = {
      code: 'RULE_CHECK_THREW',
      severity: 'error',
      message: 'rule x threw',
      location: { file: '/repo/a.yaml', line: 1, column: 1 },
    };
    const { report, options } = makeReport([loadError, threw]);
    const out = getReporter('text')!.render(report, options);
    expect(out).toContain('Input and rule problems\n');
    expect(out).toMatch(/findings \(.*\), 1 input error, 1 rule error — /);
  });

  it('a single note names its file; several are counted', () => {
    const empty = (file: string): Diagnostic => ({
      code: 'LOAD_EMPTY',
      severity: 'info',
      message: 'The input contains no Kubernetes object.',
      location: { file, line: 1, column: 1 },
    });
    const one = makeReport([empty('/repo/empty.yaml')]);
    expect(getReporter('text')!.render(one.report, one.options)).toContain(
      'note: empty.yaml: The input contains no Kubernetes object. [LOAD_EMPTY]',
    );
    const two = makeReport([empty('/repo/a.yaml'), empty('/repo/b.yaml')]);
    expect(getReporter('text')!.render(two.report, two.options)).toContain(
      'note: 2 inputs: The input contains no Kubernetes object. [LOAD_EMPTY]',
    );
  });

  it('counts notes per message, so that each count names its own kind', () => {
    const unchecked = (kind: string, file: string): Diagnostic => ({
      code: 'SCHEMA_UNCHECKED_KIND',
      severity: 'info',
      message: `${kind} (example.com/v1) has no known schema; it was not schema-checked.`,
      location: { file, line: 2, column: 7 },
    });
    const { report, options } = makeReport([
      unchecked('Kustomization', '/repo/k.yaml'),
      unchecked('HTTPRoute', '/repo/a.yaml'),
      unchecked('HTTPRoute', '/repo/b.yaml'),
      unchecked('Gateway', '/repo/g.yaml'),
    ]);
    const notes = getReporter('text')!
      .render(report, options)
      .split('\n')
      .filter((l) => l.startsWith('note:'));
    expect(notes).toEqual([
      'note: 2 objects: HTTPRoute (example.com/v1) has no known schema; it was not schema-checked. [SCHEMA_UNCHECKED_KIND]',
      'note: g.yaml: Gateway (example.com/v1) has no known schema; it was not schema-checked. [SCHEMA_UNCHECKED_KIND]',
      'note: k.yaml: Kustomization (example.com/v1) has no known schema; it was not schema-checked. [SCHEMA_UNCHECKED_KIND]',
    ]);
    const many = makeReport(
      Array.from({ length: 13 }, (_, i) =>
        unchecked(`Kind${String(i).padStart(2, '0')}`, '/repo/m.yaml'),
      ),
    );
    const lines = getReporter('text')!
      .render(many.report, many.options)
      .split('\n')
      .filter((l) => l.startsWith('note:'));
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('note: 3 objects more with 3 other messages [SCHEMA_UNCHECKED_KIND]');
  });

  it('says once that unrendered templates are not manifests', () => {
    const template = (file: string): Diagnostic => ({
      code: 'LOAD_TEMPLATE',
      severity: 'error',
      message: 'This file is an unrendered Helm/Go template.',
      hint: 'Lint the rendered output.',
      location: { file, line: 4, column: 9 },
    });
    const { report, options } = makeReport([
      template('/repo/t/a.yaml'),
      template('/repo/t/b.yaml'),
      template('/repo/t/c.yaml'),
    ]);
    const out = getReporter('text')!.render(report, options);
    expect(out.match(/LOAD_TEMPLATE/g)).toHaveLength(1);
    expect(out.match(/Lint the rendered output/g)).toHaveLength(1);
    expect(out).toContain('2 more template files: t/b.yaml, t/c.yaml');
  });

  it('names List items by their position, with the pointer inside the object', () => {
    const listFile = '/repo/pods.json';
    const text = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [] } },
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'b' },
            spec: { containers: [{ name: 'c', securityContext: { privileged: true } }] },
          },
        ],
      },
      null,
      2,
    );
    const docs = parseManifestText(text, listFile).documents;
    const result = lint(docs, [{ rule, action: 'enforce', severity: 'critical', params: {} }]);
    const report: LintReport = {
      tool: { name: 'kpc', version: '0.1.0' },
      threshold: 'high',
      rules: [rule],
      findings: result.findings,
      diagnostics: [],
      stats: { files: 1, documents: docs.length },
      objects: [],
    };
    expect(report.findings.map((f) => f.pointer)).toEqual(['/items/1/spec/containers/0']);
    const lines = text.split('\n');
    const options = {
      color: false,
      cwd: '/repo',
      sourceLine: (_f: string, n: number) => lines[n - 1],
    };
    expect(getReporter('text')!.render(report, options)).toContain(
      '    Pod b  /spec/containers/0  (List item /items/1)\n',
    );
    const sarif = toSarif(report, options).runs[0]!.results![0]!;
    expect(sarif.locations![0]!.logicalLocations![0]!.fullyQualifiedName).toBe(
      'Pod/b/spec/containers/0',
    );
  });
});

describe('excepted findings appear in every report, and do not fail the run', () => {
  const exception: ResolvedException = {
    id: 'web-privileged',
    rules: ['no-privileged'],
    resources: [{ kind: 'Deployment', name: 'web' }],
    reason: 'needs <host> access & more',
    owner: 'team-shop',
    expires: '2027-03-31',
    expiresAt: Date.UTC(2027, 2, 31),
    location: { file: '/repo/kpc.config.ts', line: 3, column: 5 },
  };
  function exceptedReport() {
    const docs = documentsFromYaml(file, YAML);
    const result = lint(docs, [{ rule, action: 'enforce', severity: 'critical', params: {} }], {
      exceptions: [exception],
      now: Date.UTC(2027, 0, 1),
    });
    const report: LintReport = {
      tool: { name: 'kpc', version: '0.1.0' },
      threshold: 'low',
      rules: [rule],
      findings: result.findings,
      diagnostics: result.diagnostics,
      stats: { files: 1, documents: docs.length },
    };
    const lines = YAML.split('\n');
    return {
      report,
      options: { color: false, cwd, sourceLine: (_f: string, n: number) => lines[n - 1] },
    };
  }

  it('the summary counts it as excepted, not failing', () => {
    const { report } = exceptedReport();
    expect(report.findings).toHaveLength(1);
    expect(summarize(report)).toMatchObject({ findings: 0, excepted: 1, failing: 0, passed: true });
  });

  it('json: the finding carries the exception; valid against the schema', () => {
    const { report, options } = exceptedReport();
    const out = JSON.parse(getReporter('json')!.render(report, options));
    const validate = jsonReportValidator();
    expect(validate(out) ? [] : validate.errors).toEqual([]);
    expect(out.summary).toMatchObject({ findings: 0, excepted: 1, failing: 0 });
    expect(out.findings[0].exception).toEqual({
      id: 'web-privileged',
      owner: 'team-shop',
      reason: 'needs <host> access & more',
      expires: '2027-03-31',
    });
    expect(out.passed).toBe(true);
  });

  it('sarif: an accepted external suppression with the reason as justification', () => {
    const { report, options } = exceptedReport();
    const log = JSON.parse(getReporter('sarif')!.render(report, options));
    const validate = sarifValidator();
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(log.runs[0].results[0].suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'needs <host> access & more',
        properties: { exceptionId: 'web-privileged', owner: 'team-shop', expires: '2027-03-31' },
      },
    ]);
  });

  it('junit: a skipped test case naming the exception', () => {
    const { report, options } = exceptedReport();
    const xml = getReporter('junit')!.render(report, options);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(doc.testsuites).toMatchObject({ failures: '0', skipped: '1' });
    const cases = [doc.testsuites.testsuite.testcase].flat();
    expect(cases[0].skipped.message).toContain('excepted by web-privileged (owner team-shop');
  });

  it('text: listed under Excepted, summary says N excepted and passed', () => {
    const { report, options } = exceptedReport();
    const text = getReporter('text')!.render(report, options);
    expect(text).toContain('Excepted (not failing)');
    expect(text).toContain('exception web-privileged (owner team-shop, expires 2027-03-31)');
    expect(text).toMatch(/0 findings, 1 excepted .* passed/);
  });

  it('an expired exception: the finding fails again and names it everywhere', () => {
    const docs = documentsFromYaml(file, YAML);
    const result = lint(docs, [{ rule, action: 'enforce', severity: 'critical', params: {} }], {
      exceptions: [exception],
      now: Date.UTC(2027, 2, 31),
    });
    const report: LintReport = { ...exceptedReport().report, findings: result.findings };
    expect(summarize(report)).toMatchObject({ findings: 1, excepted: 0, failing: 1 });
    const out = JSON.parse(getReporter('json')!.render(report, { color: false, cwd }));
    expect(out.findings[0].expiredException.id).toBe('web-privileged');
    expect(out.findings[0].message).toContain('exception "web-privileged" expired on 2027-03-31');
  });
});
