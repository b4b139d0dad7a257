/**
 * Reporters stream: a report written file by file, with its spools forced onto temporary
 * files, is byte for byte the report rendered from the whole run at once, for every
 * format, on a run with what reports group, count and reorder: excepted and expired
 * findings, findings of objects the parts do not list, the same object in two files,
 * cluster-scoped objects, unrendered templates in several places, error-only files, notes
 * past the per-code limit, and the run's own diagnostics (errors among them).
 */

import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '@kpc/ir';
import { describe, expect, it } from 'vitest';
import { type Finding, lint } from '../engine/lint.ts';
import { documentsFromYaml } from '../engine/test-documents.ts';
import { defineRule } from '../rule/define-rule.ts';
import { allContainers } from '../rule/helpers.ts';
import type { LintReport, ReportObject } from './lint-report.ts';
import { renderPolicyReports, toPolicyReports } from './policyreport-reporter.ts';
import { REPORTERS } from './registry.ts';
import type { ReportHeader, ReportPart } from './reporter.ts';
import { FileSink, RecordSpool, Spool } from './spool.ts';

const base = {
  description: 'd',
  rationale: 'r',
  remediation: 'm',
  controls: [],
  examples: { pass: [], fail: [] },
} as const;
const privileged = defineRule({
  ...base,
  id: 'no-privileged',
  title: 'Containers must not be privileged',
  severity: 'high',
  category: 'Tests',
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) => c.securityContext?.privileged !== true,
  // A newline (a YAML block scalar), YAML 1.1 words and non-ASCII text in messages.
  message: (c) => `container "${c.name}" is privileged — ✓ ünïcödé 🚀\nyes: no`,
});
const latest = defineRule({
  ...base,
  id: 'a-latest',
  title: 'No latest tags',
  severity: 'medium',
  category: 'Tests',
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) => !(c.image ?? '').endsWith(':latest'),
  message: (c) => `container "${c.name}" uses latest`,
});
const roleName = defineRule({
  ...base,
  id: 'role-name',
  title: 'Role names start with team-',
  severity: 'low',
  category: 'RBAC',
  target: 'ClusterRole',
  check: (_o, { metadata }) => metadata.name?.startsWith('team-') === true,
  message: () => 'the name does not start with team-',
});
const rules = [privileged, latest, roleName];

function pod(name: string, ns: string, privilegedOn: boolean, image: string): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: "${name}", namespace: ${ns}}
spec:
  containers:
    - name: app
      image: ${image}
      securityContext: {privileged: ${privilegedOn}}
    - name: side
      image: b:1
      securityContext: {privileged: ${privilegedOn}}
`;
}

const EXCEPTION = { id: 'exc-1', owner: 'team-a', reason: 'vendor chart', expires: '2027-03-31' };
const EXPIRED = { id: 'exc-old', owner: 'team-b', reason: 'gone', expires: '2026-01-01' };

function at(
  file: string,
  line: number,
  code: Diagnostic['code'],
  severity: Diagnostic['severity'],
) {
  return {
    code,
    severity,
    message: `${code} at ${line} & <x>`,
    location: { file, line, column: 2 },
  } satisfies Diagnostic;
}

/** Several files: findings, clean ones, excepted ones, input errors, templates, notes. */
function run(): {
  header: ReportHeader;
  own: Diagnostic[];
  parts: ReportPart[];
  report: LintReport;
} {
  const parts: ReportPart[] = [];
  for (let f = 0; f < 8; f++) {
    const file = `/repo/m/file-${f}.yaml`;
    // file-5 holds the same Pods as file-1 (a tie in PolicyReport order).
    const g = f === 5 ? 1 : f;
    const ns = ['shop', 'web', 'shop', 'yes', 'web', 'web', 'shop', 'a'][g]!;
    const yaml = [
      ...Array.from({ length: 5 }, (_, i) =>
        pod(`p${g}-${i}`, ns, (g + i) % 3 !== 0 && g !== 4, i % 2 ? 'x:latest' : 'x:1'),
      ),
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: "viewer-${g}"}\nrules: []\n`,
    ].join('---\n');
    const docs = documentsFromYaml(file, yaml);
    const result = lint(
      docs,
      rules.map((rule) => ({
        rule,
        action: 'enforce' as const,
        severity: rule.severity,
        params: {},
      })),
    );
    const findings: Finding[] = result.findings.map((finding, i) =>
      i % 7 === 1
        ? { ...finding, exception: EXCEPTION }
        : i % 11 === 3
          ? { ...finding, expiredException: EXPIRED }
          : finding,
    );
    const objects: ReportObject[] = docs.map((d, i) => ({
      file: d.file,
      resource: {
        apiVersion: d.apiVersion,
        kind: d.kind,
        ...(d.name !== undefined ? { name: d.name } : {}),
        ...(d.namespace !== undefined ? { namespace: d.namespace } : {}),
      },
      rules: result.rulesRun[i] ?? [],
      ...(i === 0 ? { uid: `uid-${f}` } : {}),
    }));
    const inputDiagnostics: Diagnostic[] = [];
    if (f === 2) inputDiagnostics.push(at(file, 2, 'LOAD_YAML_SYNTAX', 'error'));
    if (f === 3 || f === 6) inputDiagnostics.push(at(file, 1, 'LOAD_TEMPLATE', 'warning'));
    for (let n = 0; n < 3; n++)
      inputDiagnostics.push({
        ...at(file, 1, 'SCHEMA_UNCHECKED_KIND', 'info'),
        message: `Kind${(f * 3 + n) % 13} has no known schema`,
      });
    const lintDiagnostics: Diagnostic[] =
      f === 4
        ? [
            { code: 'RULE_CHECK_THREW', severity: 'error', message: 'boom' },
            at(file, 3, 'RULE_CHECK_THREW', 'error'),
          ]
        : [];
    const lines = yaml.split('\n');
    parts.push({
      findings,
      // file-6 lists none of its objects: its findings name them.
      objects: f === 6 ? [] : objects,
      inputDiagnostics,
      lintDiagnostics,
      sourceLine: (_file, n) => lines[n - 1],
    });
  }
  // Files with only input problems: errors, templates (seven in all), a note.
  for (let t = 0; t < 6; t++)
    parts.push({
      findings: [],
      objects: [],
      inputDiagnostics: [at(`/repo/chart/templates/t${t}.yaml`, 1, 'LOAD_TEMPLATE', 'warning')],
      lintDiagnostics: [],
    });
  parts.push({
    findings: [],
    objects: [],
    inputDiagnostics: [
      at('/repo/broken.yaml', 1, 'LOAD_YAML_SYNTAX', 'error'),
      at('/repo/broken.yaml', 4, 'LOAD_MISSING_KIND', 'error'),
      at('/repo/empty.yaml', 1, 'LOAD_EMPTY', 'info'),
    ],
    lintDiagnostics: [],
  });
  const known: Diagnostic[] = [
    at('/repo/kpc.config.ts', 3, 'CFG_INVALID', 'error'),
    { code: 'CFG_INVALID', severity: 'error', message: 'no location' },
    at('/repo/m/file-0.yaml', 1, 'SCHEMA_INVALID', 'error'),
    at('/repo/crds/x.yaml', 1, 'LOAD_TEMPLATE', 'warning'),
    at('/repo/broken.yaml', 9, 'SCHEMA_INVALID', 'error'),
  ];
  const header: ReportHeader = {
    tool: { name: 'kpc', version: '0.1.0' },
    threshold: 'medium',
    rules: [latest, privileged, roleName].map((r) => ({ ...r, severity: r.severity })),
    now: Date.UTC(2026, 11, 1),
    diagnostics: known,
  };
  // Known only at the end, in the middle of the run's own: never errors.
  const own = [
    ...known.slice(0, 2),
    at('/repo/kpc.config.ts', 9, 'EXC_UNMATCHED', 'warning'),
    ...known.slice(2),
  ];
  const report: LintReport = {
    tool: header.tool,
    threshold: header.threshold,
    rules: header.rules,
    findings: parts.flatMap((p) => p.findings),
    diagnostics: [
      ...own,
      ...parts.flatMap((p) => p.inputDiagnostics),
      ...parts.flatMap((p) => p.lintDiagnostics),
    ],
    stats: { files: 15, documents: 48 },
    objects: parts.flatMap((p) => p.objects),
    now: header.now!,
  };
  return { header, own, parts, report };
}

describe('streaming reporters', () => {
  const { header, own, parts, report } = run();
  const lines = new Map(parts.map((p, i) => [`/repo/m/file-${i}.yaml`, p.sourceLine]));
  const sourceLine = (f: string, n: number) => lines.get(f)?.(f, n);

  it('the run has what the reporters must reorder', () => {
    expect(report.findings.length).toBeGreaterThan(40);
    expect(report.findings.some((f) => f.exception)).toBe(true);
    expect(report.findings.some((f) => f.expiredException)).toBe(true);
    expect(new Set(report.findings.map((f) => f.resource.namespace)).size).toBeGreaterThan(3);
  });

  for (const reporter of REPORTERS.values()) {
    it(`${reporter.name}: file by file with spilled spools = the whole report at once`, () => {
      const whole = reporter.render(report, { color: false, cwd: '/repo', sourceLine });
      for (const spoolChars of [undefined, 1, 300]) {
        const chunks: string[] = [];
        const writer = reporter.open(
          header,
          { color: false, cwd: '/repo', ...(spoolChars ? { spoolChars } : {}) },
          { write: (c) => void chunks.push(c) },
        );
        for (const p of parts) writer.part(p);
        writer.end(report.stats, own);
        expect(chunks.join(''), `spoolChars ${spoolChars}`).toBe(whole);
      }
    });
  }

  it('text: colours stream the same as they render', () => {
    const text = REPORTERS.get('text')!;
    const whole = text.render(report, { color: true, cwd: '/repo', sourceLine });
    const chunks: string[] = [];
    const writer = text.open(
      header,
      { color: true, cwd: '/repo', spoolChars: 1 },
      {
        write: (c) => void chunks.push(c),
      },
    );
    for (const p of parts) writer.part(p);
    writer.end(report.stats, own);
    expect(chunks.join('')).toBe(whole);
    expect(whole).toContain('\u001b[');
  });

  it('policyreport: the same bytes as the PolicyReport objects of the whole report', () => {
    const whole = REPORTERS.get('policyreport')!.render(report, { color: false, cwd: '/repo' });
    const reports = toPolicyReports(report);
    expect(whole).toBe(renderPolicyReports(reports));
    // The same Pods in two files sort equal: their results interleave by rule.
    const web = reports.find((r) => r.metadata.namespace === 'web')!.results;
    const p10 = web.filter((r) => r.resources[0]!.name === 'p1-0').map((r) => r.rule);
    expect(p10).toEqual(['a-latest', 'a-latest', 'no-privileged', 'no-privileged']);
  });

  it('junit refuses a run error that the header did not announce', () => {
    const writer = REPORTERS.get('junit')!.open(
      { ...header, diagnostics: [] },
      { color: false, cwd: '/repo' },
      { write: () => {} },
    );
    expect(() => writer.end(report.stats, own)).toThrow(/header/);
  });
});

describe('spools', () => {
  const pieces = Array.from({ length: 3000 }, (_, i) => `${i}:ü🚀${'x'.repeat(i % 7)}\n`);

  it('Spool gives back exactly what was appended, in memory and through a temporary file', () => {
    for (const limit of [1, 64, 1 << 30]) {
      const spool = new Spool(limit);
      expect(spool.empty).toBe(true);
      for (const p of pieces) spool.append(p);
      expect(spool.empty).toBe(false);
      const out: string[] = [];
      spool.drainTo({ write: (c) => void out.push(c) });
      expect(out.join('')).toBe(pieces.join(''));
    }
  });

  it('texts longer than the file buffer, with surrogate pairs at every offset, come back whole', () => {
    const long = Array.from({ length: 30_000 }, (_, i) => ['a', '🚀', 'ü', 'ab'][i % 4]).join('');
    for (let shift = 0; shift < 3; shift++) {
      const text = 'x'.repeat(shift) + long;
      const spool = new Spool(1);
      spool.append(text);
      spool.append(text);
      const out: string[] = [];
      spool.drainTo({ write: (c) => void out.push(c) });
      expect(out.join('')).toBe(text + text);
      const records = new RecordSpool(1);
      records.append(text);
      records.append('ü');
      expect(records.read(1)).toBe('ü');
      expect(records.read(0)).toBe(text);
      records.close();
    }
  });

  it('a spool drained into a file as bytes gives the bytes of its text, written between texts', () => {
    const long = Array.from({ length: 70_000 }, (_, i) => ['a', '🚀', 'ü', '\ud800'][i % 4]).join(
      '',
    );
    for (const limit of [1, 1 << 30]) {
      const dir = mkdtempSync(join(tmpdir(), 'kpc-spool-test-'));
      try {
        const file = join(dir, 'out');
        const fd = openSync(file, 'w');
        const sink = new FileSink(fd, 1024);
        const spool = new Spool(limit);
        for (const p of [...pieces, long]) spool.append(p);
        sink.write('before ');
        spool.drainTo({ write: (c) => sink.write(c), writeBytes: (b) => sink.writeBytes(b) });
        sink.write(' after');
        sink.flush();
        closeSync(fd);
        // A lone surrogate is U+FFFD in UTF-8, as the text path writes it.
        const text = `before ${pieces.join('')}${long} after`;
        expect(readFileSync(file).equals(Buffer.from(text, 'utf8'))).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('RecordSpool reads every record back, in any order, in memory and from the file', () => {
    for (const limit of [1, 100, 1 << 30]) {
      const spool = new RecordSpool(limit);
      const ids = pieces.map((p) => spool.append(p));
      expect(ids).toEqual(pieces.map((_, i) => i));
      for (let i = pieces.length - 1; i >= 0; i -= 7) expect(spool.read(i)).toBe(pieces[i]);
      expect(spool.read(0)).toBe(pieces[0]);
      spool.close();
    }
  });
});
