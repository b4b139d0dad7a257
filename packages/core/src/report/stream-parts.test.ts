/**
 * A long stream is one file in many consecutive parts (its chunks). The same object may come
 * again in a later chunk (two documents with one apiVersion, kind, namespace and name, or
 * unnamed ones): every reporter must write what it writes for the file in one part. Random
 * files, with keys drawn from a small pool so that repeats are common, split at random.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding, FindingResource } from '../engine/lint.ts';
import type { ReportObject } from './lint-report.ts';
import { REPORTERS } from './registry.ts';
import type { ReportHeader, ReportPart } from './reporter.ts';

const FILE = '/repo/stream.yaml';
const RULES = ['a-rule', 'b-rule', 'c-rule'] as const;

const resource: fc.Arbitrary<FindingResource> = fc.record({
  apiVersion: fc.constantFrom('v1', 'apps/v1'),
  kind: fc.constantFrom('Pod', 'Deployment'),
  namespace: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
  name: fc.option(fc.constantFrom('x', 'y', 'z'), { nil: undefined }),
});

/** One document: its object (absent: only findings name it) and its findings. */
const documentArb = fc.record({
  line: fc.nat(500),
  resource,
  listed: fc.boolean(),
  rules: fc.subarray([...RULES]),
  findings: fc.array(
    fc.record({
      ruleId: fc.constantFrom(...RULES),
      message: fc.constantFrom('bad', 'worse', 'ünïcödé'),
      pointer: fc.constantFrom('/spec', '/spec/containers/0'),
      excepted: fc.boolean(),
    }),
    { maxLength: 3 },
  ),
});

type Doc = typeof documentArb extends fc.Arbitrary<infer T> ? T : never;

function part(docs: readonly Doc[]): ReportPart {
  const objects: ReportObject[] = [];
  const findings: Finding[] = [];
  for (const d of docs) {
    if (d.listed) objects.push({ file: FILE, resource: d.resource, rules: d.rules });
    for (const f of d.findings)
      findings.push({
        ruleId: f.ruleId,
        severity: 'high',
        message: f.message,
        resource: d.resource,
        pointer: f.pointer,
        location: { file: FILE, line: d.line + 1, column: 1 },
        ...(f.excepted
          ? { exception: { id: 'e1', owner: 'team', expires: '2027-01-01', reason: 'r' } }
          : {}),
      });
  }
  return { objects, findings, inputDiagnostics: [], lintDiagnostics: [] };
}

const header: ReportHeader = {
  tool: { name: 'kpc', version: '0.1.0' },
  threshold: 'low',
  rules: RULES.map((id) => ({
    id,
    title: `Title of ${id}`,
    description: 'd',
    rationale: 'r',
    remediation: 'm',
    severity: 'high',
    category: 'Tests',
    controls: [],
  })),
  now: Date.UTC(2026, 11, 1),
  diagnostics: [],
};

function write(
  name: string,
  parts: readonly ReportPart[],
  documents: number,
  spoolChars?: number,
): string {
  const chunks: string[] = [];
  const writer = REPORTERS.get(name)!.open(
    header,
    { color: false, cwd: '/repo', ...(spoolChars ? { spoolChars } : {}) },
    { write: (c) => void chunks.push(c) },
  );
  for (const p of parts) writer.part(p);
  writer.end({ files: 1, documents }, []);
  return chunks.join('');
}

describe('one file in consecutive parts', () => {
  for (const name of REPORTERS.keys())
    it(`${name}: the same report as the file in one part, objects repeated across parts`, () => {
      fc.assert(
        fc.property(
          fc.array(documentArb, { minLength: 1, maxLength: 14 }),
          fc.array(fc.nat(14), { maxLength: 5 }),
          fc.constantFrom(undefined, 1, 200),
          (docs, cuts, spoolChars) => {
            const at = [...new Set(cuts.map((c) => c % docs.length))].sort((a, b) => a - b);
            const parts: ReportPart[] = [];
            let from = 0;
            for (const c of [...at, docs.length]) {
              if (c > from) parts.push(part(docs.slice(from, c)));
              from = Math.max(from, c);
            }
            expect(write(name, parts, docs.length, spoolChars)).toBe(
              write(name, [part(docs)], docs.length),
            );
          },
        ),
        { numRuns: 150 },
      );
    });
});
